package org.tfx.sessions.signaling;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tfx.sessions.room.RoomStore;

/** The rooms that have someone in them (or waiting), keyed by room id; loaded on first use. */
final class LiveRooms {
  private final ConcurrentHashMap<String, LiveRoom> rooms = new ConcurrentHashMap<>();
  private final RoomStore store;

  LiveRooms(RoomStore store) {
    this.store = store;
  }

  Optional<LiveRoom> acquire(String roomId) {
    LiveRoom live = rooms.get(roomId);
    if (live != null) {
      return Optional.of(live);
    }
    return store.find(roomId).map(room -> rooms.computeIfAbsent(roomId, id -> new LiveRoom(room)));
  }

  /** Drops an empty room from memory; call under the room's monitor. */
  void retireIfEmpty(LiveRoom room) {
    if (room.isEmpty() && !room.retired) {
      room.retired = true;
      rooms.remove(room.id, room);
    }
  }

  /** The live room, without loading it. */
  Optional<LiveRoom> peek(String roomId) {
    return Optional.ofNullable(rooms.get(roomId));
  }
}
