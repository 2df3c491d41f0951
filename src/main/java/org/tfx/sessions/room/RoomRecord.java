package org.tfx.sessions.room;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where rooms and seats are kept, so that they outlive a socket, a restart and a node: the
 * database. The room decides; the record only stores what was decided.
 */
public interface RoomRecord {
  void create(StoredRoom room, Instant now);

  Optional<StoredRoom> find(RoomId id);

  /** The room's state, to make it live on this node. */
  Optional<Snapshot> load(RoomId id);

  /**
   * Stores the events of one decision, made on the room at {@code version}. Returns once what a
   * crash must not lose (a new seat, a resume token, a kick, a room setting) is committed; the rest
   * may follow. Throws {@link StaleRoomException} when the record has moved past {@code version}
   * (another node decided meanwhile): then nothing was stored.
   */
  void keep(RoomId room, long version, List<RoomEvent> events, Instant now);

  /**
   * After the start of the only node: no socket survived, so every seat not left is lost from
   * {@code now}. Returns them by room. (With several nodes, a node's seats are lost when it dies.)
   */
  Map<RoomId, List<SeatState>> loseAllSeats(Instant now);

  /** Seats (connected or lost) of a room that is not live on this node. */
  int seats(RoomId id);
}
