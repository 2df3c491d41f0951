package org.tfx.sessions.signaling;

/** The way the room reaches one participant's socket. */
interface PeerLink {
  /** Queues an encoded frame; never blocks. */
  void send(String frame);

  /** Sends what is queued, then closes the socket. */
  void close(int code, String reason);
}
