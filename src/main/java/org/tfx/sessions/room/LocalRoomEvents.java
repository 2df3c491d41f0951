package org.tfx.sessions.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's receivers, on the caller's thread. On a single node that is the whole bus; with
 * several, the cluster bus forwards to it.
 */
public final class LocalRoomEvents implements RoomEvents {
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(LiveRoom room, List<RoomEvent> events) {
    tell(room, events, true);
  }

  @Override
  public void replay(LiveRoom room, List<RoomEvent> events) {
    tell(room, events, false);
  }

  private void tell(LiveRoom room, List<RoomEvent> events, boolean decidedHere) {
    if (events.isEmpty()) {
      return;
    }
    for (Listener l : listeners) {
      l.onEvents(room, events, decidedHere);
    }
  }

  @Override
  public void subscribe(Listener listener) {
    listeners.add(listener);
  }
}
