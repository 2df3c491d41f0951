package org.tfx.sessions.room;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.tfx.sessions.persistence.Database;

/** Rooms and participant sessions in the database. Never called on the relay path. */
public final class RoomStore {
  private final Database db;

  public RoomStore(Database db) {
    this.db = db;
  }

  public void insert(Room room) {
    db.inTransaction(
        em -> {
          em.persist(room);
          return null;
        });
  }

  public Optional<Room> find(String roomId) {
    return db.inTransaction(em -> Optional.ofNullable(em.find(Room.class, roomId)));
  }

  public void updateRoom(String roomId, Consumer<Room> change) {
    db.inTransaction(
        em -> {
          Room room = em.find(Room.class, roomId);
          if (room != null) {
            change.accept(room);
          }
          return null;
        });
  }

  public void insertSession(String roomId, SessionDraft draft, Instant now) {
    db.inTransaction(
        em -> {
          Room room = em.getReference(Room.class, roomId);
          em.persist(
              new ParticipantSession(
                  draft.peerId(), room, draft.name(), draft.owner(), draft.resumeTokenHash(), now));
          em.find(Room.class, roomId).touch(now);
          return null;
        });
  }

  public void updateSession(String peerId, Consumer<ParticipantSession> change) {
    db.inTransaction(
        em -> {
          ParticipantSession session = em.find(ParticipantSession.class, peerId);
          if (session != null) {
            change.accept(session);
          }
          return null;
        });
  }

  /**
   * After a restart no socket survives: every seat still marked connected is lost from now, so its
   * grace period starts now.
   */
  public int markAllConnectedLost(Instant now) {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "update ParticipantSession s set s.state = :lost, s.lostAt = :now"
                        + " where s.state = :connected")
                .setParameter("lost", SessionState.LOST)
                .setParameter("connected", SessionState.CONNECTED)
                .setParameter("now", now)
                .executeUpdate());
  }

  /** Seats lost before {@code cutoff} are past their grace period: they are left now. */
  public int leaveLostBefore(Instant cutoff, Instant now) {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "update ParticipantSession s set s.state = :left, s.leftAt = :now,"
                        + " s.resumeTokenHash = null where s.state = :lost and s.lostAt < :cutoff")
                .setParameter("left", SessionState.LEFT)
                .setParameter("lost", SessionState.LOST)
                .setParameter("now", now)
                .setParameter("cutoff", cutoff)
                .executeUpdate());
  }

  /** Room ids that have lost seats, i.e. that must be live after a restart. */
  public List<String> roomsWithLostSessions() {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "select distinct s.room.id from ParticipantSession s where s.state = :lost",
                    String.class)
                .setParameter("lost", SessionState.LOST)
                .getResultList());
  }

  /** Lost seats of one room as plain values. */
  public List<LostSeat> lostSessions(String roomId) {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "select new org.tfx.sessions.room.LostSeat(s.peerId, s.displayName, s.owner,"
                        + " s.lostAt, s.resumeTokenHash) from ParticipantSession s"
                        + " where s.room.id = :room and s.state = :lost",
                    LostSeat.class)
                .setParameter("room", roomId)
                .setParameter("lost", SessionState.LOST)
                .getResultList());
  }
}
