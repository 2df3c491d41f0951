package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomFacts;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.signaling.protocol.PeerView;
import org.tfx.sessions.signaling.protocol.RoomView;

/** Seats and rooms as the wire shows them. */
final class PeerViews {
  private PeerViews() {}

  /** How {@code receiver} sees {@code seat}; the lower peer id plays the polite side. */
  static PeerView of(SeatState seat, PeerId receiver) {
    return new PeerView(
        seat.peer().value(),
        seat.name(),
        seat.owner(),
        seat.muted(),
        seat.video(),
        seat.connected(),
        receiver.compareTo(seat.peer()) < 0);
  }

  static RoomView of(RoomFacts f) {
    return new RoomView(
        f.id().value(), f.name(), f.locked(), f.capacity(), f.size(), f.hasPassword());
  }
}
