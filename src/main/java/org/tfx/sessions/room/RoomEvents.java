package org.tfx.sessions.room;

import java.util.List;

/**
 * The events bus: hands the events of each decision to whoever acts on them, on this node (grace
 * timers, the sockets it holds) and, with several nodes, on the others.
 */
public interface RoomEvents {
  /** Events this node decided, just applied: to this node's listeners and to the other nodes. */
  void publish(LiveRoom room, List<RoomEvent> events);

  /**
   * Events another node decided (or that catching up with the record found), just applied here: to
   * this node's listeners only.
   */
  void replay(LiveRoom room, List<RoomEvent> events);

  /** Adds a receiver on this node. */
  void subscribe(Listener listener);

  /** A receiver of events. */
  interface Listener {
    /**
     * Called under the room's lock, in the order the room applied the events. {@code decidedHere}
     * tells whether this node made the decision.
     */
    void onEvents(LiveRoom room, List<RoomEvent> events, boolean decidedHere);
  }
}
