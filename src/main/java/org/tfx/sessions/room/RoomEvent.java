package org.tfx.sessions.room;

import java.time.Instant;

/**
 * What happened to a room: the facts a decision produced. Applying them in order rebuilds the
 * room's state anywhere (on this node or another); the record stores them, signalling turns them
 * into frames for the sockets each node holds.
 */
public sealed interface RoomEvent {
  <R> R accept(Visitor<R> visitor);

  /** One method per event. */
  interface Visitor<R> {
    R visit(SeatTaken e);

    R visit(SeatResumed e);

    R visit(SeatLost e);

    R visit(SeatUpdated e);

    R visit(SeatVacated e);

    R visit(RoomChanged e);

    R visit(KnockerQueued e);

    R visit(KnockerLeft e);
  }

  /** A new seat, attached to its socket. */
  record SeatTaken(SeatState seat) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * A seat is attached to a new socket with a new resume token. {@code previous} is the socket it
   * was attached to until now (taken over), or null when the seat was lost.
   */
  record SeatResumed(PeerId peer, LinkId link, LinkId previous, String tokenHash)
      implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A seat's socket dropped at {@code at}: the seat waits for its grace period. */
  record SeatLost(PeerId peer, LinkId link, Instant at) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A participant changed its own state; each member is null when unchanged. */
  record SeatUpdated(PeerId peer, String name, Boolean muted, Boolean video) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A seat is gone for good. {@code link} is the socket it was attached to, or null. */
  record SeatVacated(PeerId peer, LeaveReason reason, LinkId link) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The room's settings after an owner's change. */
  record RoomChanged(boolean locked, int capacity, String passwordHash) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  record KnockerQueued(Knocker knocker) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A knock ended: admitted (a {@link SeatTaken} follows), denied, refused as full, or gone. */
  record KnockerLeft(Knocker knocker, KnockEnd end) implements RoomEvent {
    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** How a knock ended. */
  enum KnockEnd {
    ADMITTED,
    DENIED,
    /** Admitted into a room that was full by then. */
    ROOM_FULL,
    /** The knocker's socket went away. */
    GONE
  }
}
