package org.tfx.sessions.room;

import java.util.List;

/**
 * A room as the record has it at {@code version}: its settings, its seats (connected or lost) and
 * who is knocking, in knocking order. What a node loads a live room from.
 */
public record Snapshot(
    StoredRoom room, long version, List<SeatState> seats, List<Knocker> knockers) {
  public Snapshot {
    seats = List.copyOf(seats);
    knockers = List.copyOf(knockers);
  }

  /** A room with nobody in it, as first written. */
  public static Snapshot of(StoredRoom room, long version) {
    return new Snapshot(room, version, List.of(), List.of());
  }
}
