package org.tfx.sessions.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The single-node bus: the events go straight to this node's receivers, on the caller's thread. */
public final class LocalRoomEvents implements RoomEvents {
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(LiveRoom room, List<RoomEvent> events) {
    for (Listener l : listeners) {
      l.onEvents(room, events);
    }
  }

  @Override
  public void subscribe(Listener listener) {
    listeners.add(listener);
  }
}
