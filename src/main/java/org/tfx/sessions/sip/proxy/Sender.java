package org.tfx.sessions.sip.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import javax.sip.address.SipURI;
import org.tfx.sessions.sip.transport.Flow;
import org.tfx.sessions.sip.transport.NetworkListeners;
import org.tfx.sessions.sip.transport.Transport;

/** Turns URIs into hops and puts bytes on the wire. */
final class Sender {
  private static final int DEFAULT_PORT = 5060;

  private final NetworkListeners listeners;

  Sender(NetworkListeners listeners) {
    this.listeners = listeners;
  }

  /**
   * The hop for a SIP URI with no flow to use: its host and port over its {@code transport=} (UDP
   * by default). Empty for {@code .invalid} hosts (WebSocket clients, reachable only over their
   * socket), transports we cannot open, and names that do not resolve.
   */
  Optional<Hop> hopOf(SipURI uri) {
    String host = uri.getParameter("maddr") != null ? uri.getParameter("maddr") : uri.getHost();
    if (host == null || host.toLowerCase(Locale.ROOT).endsWith(".invalid")) {
      return Optional.empty();
    }
    Transport transport =
        uri.getTransportParam() == null
            ? Transport.UDP
            : Transport.named(uri.getTransportParam()).orElse(null);
    if (transport == null || transport == Transport.WS) {
      return Optional.empty();
    }
    try {
      InetAddress address =
          InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
      int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
      return Optional.of(Hop.to(transport, new InetSocketAddress(address, port)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  boolean send(Hop hop, byte[] message) {
    if (hop.flow() != null) {
      return hop.flow().send(message);
    }
    return switch (hop.transport()) {
      case UDP -> listeners.sendUdp(hop.address(), message);
      case TCP -> listeners.tcpConnection(hop.address()).map(f -> f.send(message)).orElse(false);
      case WS -> false;
    };
  }

  /** The flow a TCP hop ends up on, once sent (for responses that must come back over it). */
  Optional<Flow> flowOf(Hop hop) {
    if (hop.flow() != null) {
      return Optional.of(hop.flow());
    }
    return hop.transport() == Transport.TCP
        ? listeners.tcpConnection(hop.address())
        : Optional.empty();
  }
}
