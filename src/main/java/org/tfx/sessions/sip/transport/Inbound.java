package org.tfx.sessions.sip.transport;

/** What the transports hand every complete message to. Called on transport threads. */
public interface Inbound {
  void received(byte[] message, Flow flow);

  /** A connection flow ended; registrations bound to it are unreachable now. */
  void closed(Flow flow);
}
