package org.tfx.sessions.room;

import java.util.List;

/**
 * The events bus: hands the events of each decision to whoever acts on them, on this node (grace
 * timers, the sockets it holds) and, in a cluster, on the others.
 */
public interface RoomEvents {
  /** Called under the room's lock, after the events were applied. */
  void publish(LiveRoom room, List<RoomEvent> events);

  /** Adds a receiver on this node. */
  void subscribe(Listener listener);

  /** A receiver of events. */
  interface Listener {
    /** Called under the room's lock, in the order the room applied the events. */
    void onEvents(LiveRoom room, List<RoomEvent> events);
  }
}
