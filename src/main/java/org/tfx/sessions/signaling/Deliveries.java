package org.tfx.sessions.signaling;

import org.tfx.sessions.room.LinkId;

/** Where a frame for a socket goes: straight out when this node holds the socket. */
interface Deliveries {
  /** Queues {@code frame} for the socket {@code link}; never blocks. */
  void send(LinkId link, String frame);
}
