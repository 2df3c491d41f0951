package org.tfx.sessions.room.store;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;

/**
 * What each event changes in the tables, sorted into changes a crash must not lose ({@link
 * #durable}: a new seat, a resume token, a kick, a room setting) and changes that may follow
 * ({@link #later}: a lost socket, a rename, a leave or timeout, knocks).
 */
final class EventWrites implements RoomEvent.Visitor<Void> {
  final List<Consumer<EntityManager>> durable = new ArrayList<>();
  final List<Consumer<EntityManager>> later = new ArrayList<>();
  private final String roomId;
  private final Instant now;

  private EventWrites(String roomId, Instant now) {
    this.roomId = roomId;
    this.now = now;
  }

  static EventWrites of(String roomId, List<RoomEvent> events, Instant now) {
    EventWrites writes = new EventWrites(roomId, now);
    events.forEach(e -> e.accept(writes));
    return writes;
  }

  /** Every change, in the order of the events' kinds: durable first. */
  List<Consumer<EntityManager>> all() {
    List<Consumer<EntityManager>> all = new ArrayList<>(durable);
    all.addAll(later);
    return all;
  }

  @Override
  public Void visit(RoomEvent.SeatTaken e) {
    // The resume token handed out next must survive a crash.
    durable.add(
        em -> {
          Room room = em.find(Room.class, roomId);
          em.persist(new ParticipantSession(e.seat(), room, now));
          room.touch(now);
        });
    return null;
  }

  @Override
  public Void visit(RoomEvent.SeatResumed e) {
    durable.add(session(e.peer(), s -> s.reconnect(e.tokenHash(), e.link())));
    return null;
  }

  @Override
  public Void visit(RoomEvent.SeatLost e) {
    // Lost in a crash costs nothing on one node: every seat counts as lost after a restart.
    later.add(session(e.peer(), s -> s.lose(e.at())));
    return null;
  }

  @Override
  public Void visit(RoomEvent.SeatUpdated e) {
    later.add(session(e.peer(), s -> s.update(e.name(), e.muted(), e.video())));
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
    later.add(em -> em.persist(new Knock(e.knocker(), em.find(Room.class, roomId), now)));
    return null;
  }

  @Override
  public Void visit(RoomEvent.KnockerLeft e) {
    later.add(
        em -> {
          Knock knock = em.find(Knock.class, e.knocker().peer().value());
          if (knock != null) {
            em.remove(knock);
          }
        });
    return null;
  }

  private static Consumer<EntityManager> session(PeerId peer, Consumer<ParticipantSession> change) {
    return em -> {
      ParticipantSession session = em.find(ParticipantSession.class, peer.value());
      if (session != null) {
        change.accept(session);
      }
    };
  }
}
