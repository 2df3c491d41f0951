package org.tfx.sessions.room.store;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.RoomRecord;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.room.StoredRoom;

/**
 * The record on one node: rooms and seats in the JPA store, written through as rooms decide. What a
 * crash must not lose is committed before the decision takes effect (grouped with concurrent
 * commits); the rest is queued for the next group commit. Never on the relay path.
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
    db.inTransaction(
        em -> {
          em.persist(
              new Room(
                  room.id().value(),
                  room.name(),
                  room.secretHash(),
                  room.ownerTokenHash(),
                  room.passwordHash(),
                  room.capacity(),
                  now));
          return null;
        });
  }

  @Override
  public Optional<StoredRoom> find(RoomId id) {
    return db.inTransaction(
        em -> Optional.ofNullable(em.find(Room.class, id.value())).map(JpaRoomRecord::stored));
  }

  private static StoredRoom stored(Room r) {
    return new StoredRoom(
        new RoomId(r.id()),
        r.name(),
        r.secretHash(),
        r.ownerTokenHash(),
        r.passwordHash(),
        r.locked(),
        r.capacity());
  }

  @Override
  public void keep(RoomId room, List<RoomEvent> events, Instant now) {
    Writes w = new Writes(room.value(), now);
    events.forEach(e -> e.accept(w));
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
   */
  @Override
  public Map<RoomId, List<SeatState>> loseAllSeats(Instant now) {
    return db.inTransaction(
        em -> {
          em.createQuery(
                  "update ParticipantSession s set s.state = :lost, s.lostAt = :now"
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
            byRoom
                .computeIfAbsent(new RoomId(s.room().id()), k -> new ArrayList<>())
                .add(
                    SeatState.lost(
                        new PeerId(s.peerId()),
                        s.displayName(),
                        s.owner(),
                        s.resumeTokenHash(),
                        s.lostAt()));
          }
          return byRoom;
        });
  }

  /** Sorts one decision's events into changes that must be committed now and ones that may wait. */
  private static final class Writes implements RoomEvent.Visitor<Void> {
    final List<Consumer<EntityManager>> durable = new ArrayList<>();
    final List<Consumer<EntityManager>> later = new ArrayList<>();
    private final String roomId;
    private final Instant now;

    Writes(String roomId, Instant now) {
      this.roomId = roomId;
      this.now = now;
    }

    @Override
    public Void visit(RoomEvent.SeatTaken e) {
      SeatState seat = e.seat();
      // The resume token handed out next must survive a crash.
      durable.add(
          em -> {
            Room room = em.find(Room.class, roomId);
            em.persist(
                new ParticipantSession(
                    seat.peer().value(), room, seat.name(), seat.owner(), seat.tokenHash(), now));
            room.touch(now);
          });
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatResumed e) {
      durable.add(session(e.peer(), s -> s.reconnect(e.tokenHash())));
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatLost e) {
      // Lost in a crash costs nothing: every seat counts as lost after a restart anyway.
      later.add(session(e.peer(), s -> s.lose(e.at())));
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatUpdated e) {
      if (e.name() != null) {
        later.add(session(e.peer(), s -> s.rename(e.name())));
      }
      return null;
    }

    @Override
    public Void visit(RoomEvent.SeatVacated e) {
      Consumer<EntityManager> leave = session(e.peer(), s -> s.leave(now));
      // A kicked seat must stay gone even if the server crashes right now; a seat left or timed
      // out that comes back as lost after a crash just times out again.
      (e.reason() == LeaveReason.KICKED ? durable : later).add(leave);
      return null;
    }

    @Override
    public Void visit(RoomEvent.RoomChanged e) {
      durable.add(
          em -> {
            Room room = em.find(Room.class, roomId);
            if (room != null) {
              room.configure(e.locked(), e.capacity(), e.passwordHash());
            }
          });
      return null;
    }

    @Override
    public Void visit(RoomEvent.KnockerQueued e) {
      return null; // knocks live as long as the knocker's socket, on one node
    }

    @Override
    public Void visit(RoomEvent.KnockerLeft e) {
      return null;
    }

    private static Consumer<EntityManager> session(
        PeerId peer, Consumer<ParticipantSession> change) {
      return em -> {
        ParticipantSession session = em.find(ParticipantSession.class, peer.value());
        if (session != null) {
          change.accept(session);
        }
      };
    }
  }
}
