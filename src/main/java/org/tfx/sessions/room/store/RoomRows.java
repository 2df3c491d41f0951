package org.tfx.sessions.room.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.room.Knocker;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.room.Snapshot;
import org.tfx.sessions.room.StoredRoom;

/** Reading rooms back from the tables. */
final class RoomRows {
  private RoomRows() {}

  static StoredRoom stored(Room r) {
    return new StoredRoom(
        new RoomId(r.id()),
        r.name(),
        r.secretHash(),
        r.ownerTokenHash(),
        r.passwordHash(),
        r.locked(),
        r.capacity());
  }

  static Room row(StoredRoom room, java.time.Instant now) {
    return new Room(
        room.id().value(),
        room.name(),
        room.secretHash(),
        room.ownerTokenHash(),
        room.passwordHash(),
        room.capacity(),
        now);
  }

  static void create(Database db, StoredRoom room, java.time.Instant now) {
    db.inTransaction(
        em -> {
          em.persist(row(room, now));
          return null;
        });
  }

  static Optional<StoredRoom> find(Database db, RoomId id) {
    return db.inTransaction(
        em -> Optional.ofNullable(em.find(Room.class, id.value())).map(RoomRows::stored));
  }

  /** The room with its seats (connected or lost) and knocks, at its version. */
  static Optional<Snapshot> snapshot(EntityManager em, RoomId id) {
    Room room = em.find(Room.class, id.value());
    if (room == null) {
      return Optional.empty();
    }
    List<SeatState> seats =
        em
            .createQuery(
                "select s from ParticipantSession s where s.room.id = :room and s.state <> :left"
                    + " order by s.joinedAt, s.peerId",
                ParticipantSession.class)
            .setParameter("room", id.value())
            .setParameter("left", SessionState.LEFT)
            .getResultList()
            .stream()
            .map(ParticipantSession::seat)
            .toList();
    List<Knocker> knockers =
        em
            .createQuery(
                "select k from Knock k where k.room.id = :room order by k.knockedAt, k.peerId",
                Knock.class)
            .setParameter("room", id.value())
            .getResultList()
            .stream()
            .map(Knock::knocker)
            .toList();
    return Optional.of(new Snapshot(stored(room), room.version(), seats, knockers));
  }
}
