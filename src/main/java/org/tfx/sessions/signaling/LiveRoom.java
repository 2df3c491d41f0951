package org.tfx.sessions.signaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tfx.sessions.room.Room;
import org.tfx.sessions.signaling.protocol.RoomView;

/**
 * A room with people in it, in memory. Membership changes hold the room's monitor; relaying only
 * reads {@link #seats}, so it never waits for a join or a database write.
 */
final class LiveRoom {
  final String id;
  final String name;
  final String secretHash;
  final String ownerTokenHash;
  volatile String passwordHash;
  volatile boolean locked;
  volatile int capacity;
  final Map<String, Seat> seats = new ConcurrentHashMap<>();
  final Map<String, Knocker> knockers = new LinkedHashMap<>();

  /** Set under the monitor when the room leaves the registry; a late joiner must fetch it again. */
  boolean retired;

  LiveRoom(Room room) {
    this.id = room.id();
    this.name = room.name();
    this.secretHash = room.secretHash();
    this.ownerTokenHash = room.ownerTokenHash();
    this.passwordHash = room.passwordHash();
    this.locked = room.locked();
    this.capacity = room.capacity();
  }

  RoomView view() {
    return new RoomView(id, name, locked, capacity, seats.size(), passwordHash != null);
  }

  boolean isEmpty() {
    return seats.isEmpty() && knockers.isEmpty();
  }

  /** Seats with a socket, except {@code exceptPeerId}. */
  List<Seat> connectedExcept(String exceptPeerId) {
    List<Seat> out = new ArrayList<>(seats.size());
    for (Seat s : seats.values()) {
      if (s.link != null && !s.peerId.equals(exceptPeerId)) {
        out.add(s);
      }
    }
    return out;
  }
}
