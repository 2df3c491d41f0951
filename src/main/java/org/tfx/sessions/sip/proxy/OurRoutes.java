package org.tfx.sessions.sip.proxy;

import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.tfx.sessions.sip.registrar.Domain;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.Transport;

/**
 * The Record-Route URIs this proxy puts in dialogs, one per side of the proxy (RFC 5658 double
 * record-routing): {@code sip:tfx-TOKEN@HOST[:PORT];transport=T;lr}, where TOKEN names the
 * connection flow of that side (so in-dialog requests reach a WebSocket client over its socket) or
 * is {@code udp}.
 */
final class OurRoutes {
  static final String USER_PREFIX = "tfx-";
  private static final String NO_FLOW = "udp";

  private final Domain domain;
  private final String host;

  OurRoutes(Domain domain, String host) {
    this.domain = domain;
    this.host = host;
  }

  /** The Record-Route value for the side of the proxy facing {@code flow} / {@code transport}. */
  String recordRoute(Transport transport, Flow flow, int port) {
    String token = flow != null && transport.connectionOriented() ? flow.id() : NO_FLOW;
    String hostPort = transport == Transport.WS || port <= 0 ? host : host + ":" + port;
    return "<sip:"
        + USER_PREFIX
        + token
        + "@"
        + hostPort
        + ";transport="
        + transport.uriParameter()
        + ";lr>";
  }

  /** Whether a Route URI is one of ours. */
  boolean isOurs(URI uri) {
    return uri instanceof SipURI s
        && s.getUser() != null
        && s.getUser().startsWith(USER_PREFIX)
        && domain.isLocalHost(s.getHost());
  }

  /** The flow id a Route URI of ours carries, or null. */
  static String flowToken(URI uri) {
    if (uri instanceof SipURI s && s.getUser() != null) {
      String token = s.getUser().substring(USER_PREFIX.length()).toLowerCase(Locale.ROOT);
      return token.equals(NO_FLOW) ? null : token;
    }
    return null;
  }
}
