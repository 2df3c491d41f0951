package org.tfx.sessions.room;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;

/** Rooms and participant sessions in the database. Never called on the relay path. */
public final class RoomStore {
  private final Database db;
  private final GroupCommit writes;

  public RoomStore(Database db, GroupCommit writes) {
    this.db = db;
    this.writes = writes;
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

  /** Changes a room; returns once the change is committed. */
  public void updateRoom(String roomId, Consumer<Room> change) {
    writes.commit(
        em -> {
          Room room = em.find(Room.class, roomId);
          if (room != null) {
            change.accept(room);
          }
        });
  }

  /**
   * Stores a new seat and returns once it is committed: the resume token handed out next must
   * survive a crash.
   */
  public void insertSession(String roomId, SessionDraft draft, Instant now) {
    writes.commit(
        em -> {
          Room room = em.find(Room.class, roomId);
          em.persist(
              new ParticipantSession(
                  draft.peerId(), room, draft.name(), draft.owner(), draft.resumeTokenHash(), now));
          room.touch(now);
        });
  }

  /** Changes a seat and returns once the change is committed (a new resume token, say). */
  public void updateSession(String peerId, Consumer<ParticipantSession> change) {
    writes.commit(em -> applyToSession(em, peerId, change));
  }

  /**
   * Changes a seat without waiting: for changes whose loss in a crash costs nothing (a seat that
   * was lost or left is treated as lost after a restart anyway and times out).
   */
  public void updateSessionLater(String peerId, Consumer<ParticipantSession> change) {
    writes.submit(em -> applyToSession(em, peerId, change));
  }

  private static void applyToSession(
      EntityManager em, String peerId, Consumer<ParticipantSession> change) {
    ParticipantSession session = em.find(ParticipantSession.class, peerId);
    if (session != null) {
      change.accept(session);
    }
  }

  /**
   * After a restart no socket survives: every seat not yet left (connected, or lost within its
   * grace period when the server went down) is lost from now, so its grace period starts now.
   *
   * <p>Seats already lost keep no "remaining" grace: the container closes the sockets of a stopping
   * server itself, and whether that happens before or after the app hears of the stop depends on
   * the container (on Tomcat the WebSocket container's listener goes first). Counting from the
   * restart is the same on every container; at worst a seat lost just before the stop waits twice
   * its grace.
   */
  public int markAllLiveLost(Instant now) {
    return db.inTransaction(
        em ->
            em.createQuery(
                    "update ParticipantSession s set s.state = :lost, s.lostAt = :now"
                        + " where s.state in (:connected, :lost)")
                .setParameter("lost", SessionState.LOST)
                .setParameter("connected", SessionState.CONNECTED)
                .setParameter("now", now)
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
                        + " s.resumeTokenHash) from ParticipantSession s"
                        + " where s.room.id = :room and s.state = :lost",
                    LostSeat.class)
                .setParameter("room", roomId)
                .setParameter("lost", SessionState.LOST)
                .getResultList());
  }
}
