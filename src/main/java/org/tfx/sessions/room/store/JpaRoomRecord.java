package org.tfx.sessions.room.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.RoomRecord;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.room.Snapshot;
import org.tfx.sessions.room.StoredRoom;

/**
 * The record of the only node: rooms and seats in the JPA store, written through as rooms decide.
 * What a crash must not lose is committed before the decision takes effect (grouped with concurrent
 * commits); the rest is queued for the next group commit. Alone, the node's memory is the truth
 * about live rooms, so no versions are compared and a room is loaded without seats (they come back
 * only after a restart, as lost ones). Never on the relay path.
 */
public final class JpaRoomRecord implements RoomRecord {
  private final Database db;
  private final GroupCommit writes;

  public JpaRoomRecord(Database db, GroupCommit writes) {
    this.db = db;
    this.writes = writes;
  }

  @Override
  public void create(StoredRoom room, Instant now) {
    RoomRows.create(db, room, now);
  }

  @Override
  public Optional<StoredRoom> find(RoomId id) {
    return RoomRows.find(db, id);
  }

  @Override
  public Optional<Snapshot> load(RoomId id) {
    return find(id).map(room -> Snapshot.of(room, 0));
  }

  @Override
  public void keep(RoomId room, long version, List<RoomEvent> events, Instant now) {
    EventWrites w = EventWrites.of(room.value(), events, now);
    if (!w.durable.isEmpty()) {
      writes.commit(em -> w.durable.forEach(change -> change.accept(em)));
    }
    if (!w.later.isEmpty()) {
      writes.submit(em -> w.later.forEach(change -> change.accept(em)));
    }
  }

  /**
   * Counting from the start is the same on every container: at worst a seat lost just before the
   * stop waits twice its grace. (The container closes the sockets of a stopping server itself, and
   * whether that happens before or after the app hears of the stop depends on the container.)
   * Knocks end with their sockets.
   */
  @Override
  public Map<RoomId, List<SeatState>> loseAllSeats(Instant now) {
    return db.inTransaction(
        em -> {
          em.createQuery("delete from Knock").executeUpdate();
          em.createQuery(
                  "update ParticipantSession s set s.state = :lost, s.lostAt = :now,"
                      + " s.linkNode = null, s.linkSerial = null"
                      + " where s.state in (:connected, :lost)")
              .setParameter("lost", SessionState.LOST)
              .setParameter("connected", SessionState.CONNECTED)
              .setParameter("now", now)
              .executeUpdate();
          Map<RoomId, List<SeatState>> byRoom = new LinkedHashMap<>();
          for (ParticipantSession s :
              em.createQuery(
                      "select s from ParticipantSession s join fetch s.room"
                          + " where s.state = :lost order by s.joinedAt",
                      ParticipantSession.class)
                  .setParameter("lost", SessionState.LOST)
                  .getResultList()) {
            byRoom.computeIfAbsent(new RoomId(s.room().id()), k -> new ArrayList<>()).add(s.seat());
          }
          return byRoom;
        });
  }

  /** Alone, every room with seats is live in memory. */
  @Override
  public int seats(RoomId id) {
    return 0;
  }
}
