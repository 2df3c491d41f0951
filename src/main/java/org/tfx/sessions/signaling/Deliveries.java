package org.tfx.sessions.signaling;

import org.tfx.sessions.room.LinkId;

/**
 * Where a frame for a socket goes: straight out when this node holds the socket, through the
 * cluster bus to the node that does otherwise.
 */
interface Deliveries {
  /**
   * Queues {@code frame} for the socket {@code link}; never blocks. False when the socket's node
   * cannot be reached now (the frame is dropped).
   */
  boolean send(LinkId link, String frame);
}
