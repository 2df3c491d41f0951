package org.tfx.sessions.sip.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from and where its answers go: a WebSocket or TCP connection, or a UDP
 * source address. A connection's flow is also what a registration of a client behind it is bound to
 * (RFC 5626), so it has an id that Record-Route URIs can carry.
 */
public interface Flow {
  /** Unique for this server's life; only letters and digits. */
  String id();

  Transport transport();

  InetSocketAddress remote();

  /** Queues one encoded message; false when the flow is gone or too far behind. */
  boolean send(byte[] message);

  boolean isOpen();
}
