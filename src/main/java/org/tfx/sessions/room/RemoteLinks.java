package org.tfx.sessions.room;

/** Frames for sockets that other nodes hold; in order per sending node. */
@FunctionalInterface
public interface RemoteLinks {
  /** Sends {@code frame} to {@code link}'s node; false when that cannot be done now. */
  boolean send(LinkId link, String frame);

  /** One node: there are no other nodes' sockets. */
  RemoteLinks NONE = (link, frame) -> false;
}
