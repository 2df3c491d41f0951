package org.tfx.sessions.room;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where rooms and seats are kept, so that they outlive a socket and a restart: the database. The
 * room decides; the record only stores what was decided.
 */
public interface RoomRecord {
  void create(StoredRoom room, Instant now);

  Optional<StoredRoom> find(RoomId id);

  /**
   * Stores the events of one decision. Returns once what a crash must not lose (a new seat, a
   * resume token, a kick, a room setting) is committed; the rest may follow.
   */
  void keep(RoomId room, List<RoomEvent> events, Instant now);

  /**
   * After a start: no socket survived, so every seat not left is lost from {@code now}. Returns
   * them by room.
   */
  Map<RoomId, List<SeatState>> loseAllSeats(Instant now);
}
