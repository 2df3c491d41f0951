package org.tfx.sessions.sip.registrar;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.tfx.sessions.sip.transport.Transport;

/**
 * One registered device of a user: where requests for it go. A device that registered over a
 * connection (WebSocket, TCP) is reached over that connection, {@code flowId}; a UDP device at its
 * Contact URI. {@code instance} and {@code regId} are the RFC 5626 identity of the device, when it
 * sent one; a re-registration of the same device replaces its binding.
 */
public record Binding(
    String user,
    String contactUri,
    String contactKey,
    String instance,
    Integer regId,
    String flowId,
    Transport transport,
    InetSocketAddress source,
    String userAgent,
    String callId,
    long cseq,
    Instant registeredAt,
    Instant expiresAt) {

  /** What makes two registrations the same device. */
  public String key() {
    return instance != null ? "i|" + instance + "|" + regId : "c|" + contactUri;
  }

  /**
   * What identifies a device's Contact when it comes back as the Request-URI of an in-dialog
   * request: user, host and port (clients add or drop parameters such as {@code ;ob}).
   */
  public static String contactKey(javax.sip.address.SipURI uri) {
    return (uri.getUser() == null ? "" : uri.getUser())
        + "@"
        + uri.getHost().toLowerCase(java.util.Locale.ROOT)
        + ":"
        + Math.max(uri.getPort(), 0);
  }

  public boolean expired(Instant now) {
    return !expiresAt.isAfter(now);
  }

  public long secondsLeft(Instant now) {
    return Math.max(0, java.time.Duration.between(now, expiresAt).toSeconds());
  }
}
