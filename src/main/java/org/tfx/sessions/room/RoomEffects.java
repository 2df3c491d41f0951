package org.tfx.sessions.room;

import java.util.List;

/**
 * What follows from a room's decision, called under the room's lock: {@link #keep} writes the
 * events to the record before anything is applied (if it throws, the room is unchanged and the
 * command fails); {@link #publish} hands the applied events on, to this node's sockets and to
 * others.
 */
public interface RoomEffects {
  void keep(LiveRoom room, List<RoomEvent> events);

  void publish(LiveRoom room, List<RoomEvent> events);
}
