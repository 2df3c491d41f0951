package org.tfx.sessions.room;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms that have someone in them (or waiting), loaded from the record on first use, and the
 * way every command reaches one: {@link #execute} runs it on the room, which keeps, applies and
 * publishes what it decides.
 */
public final class LiveRooms {
  private final ConcurrentHashMap<RoomId, LiveRoom> rooms = new ConcurrentHashMap<>();
  private final RoomRecord record;
  private final RoomRules rules;
  private final RoomEvents events;
  private final Clock clock;
  private final RoomEffects effects = new Effects();

  public LiveRooms(RoomRecord record, RoomRules rules, RoomEvents events, Clock clock) {
    this.record = record;
    this.rules = rules;
    this.events = events;
    this.clock = clock;
  }

  /** Runs {@code command} on the room {@code id}, loading it when needed. */
  public Outcome execute(RoomId id, RoomCommand command) {
    while (true) {
      Optional<LiveRoom> room = acquire(id);
      if (room.isEmpty()) {
        return Outcome.refused(Refusal.ROOM_NOT_FOUND, "no such room");
      }
      LiveRoom live = room.get();
      Outcome outcome = live.execute(command, effects);
      if (live.retired()) {
        rooms.remove(id, live);
      }
      if (!(outcome instanceof Outcome.Retired)) {
        return outcome;
      }
    }
  }

  /** The live room, without loading it. */
  public Optional<LiveRoom> peek(RoomId id) {
    return Optional.ofNullable(rooms.get(id));
  }

  /** Seats (connected or lost) in a room right now; 0 when nobody is there. */
  public int seats(RoomId id) {
    return peek(id).map(r -> r.facts().size()).orElse(0);
  }

  /**
   * After a (re)start: every seat that was connected or still within its grace is lost from now;
   * the rooms that have any become live, and {@code lost} hears of each seat (to start its timer).
   */
  public void restore(RoomEvents.Listener lost) {
    for (Map.Entry<RoomId, List<SeatState>> e : record.loseAllSeats(clock.instant()).entrySet()) {
      acquire(e.getKey())
          .ifPresent(
              room -> {
                synchronized (room) {
                  room.restore(e.getValue());
                  lost.onEvents(
                      room,
                      e.getValue().stream()
                          .<RoomEvent>map(s -> new RoomEvent.SeatLost(s.peer(), null, s.lostAt()))
                          .toList());
                }
              });
    }
  }

  private Optional<LiveRoom> acquire(RoomId id) {
    LiveRoom live = rooms.get(id);
    if (live != null) {
      return Optional.of(live);
    }
    return record
        .find(id)
        .map(stored -> rooms.computeIfAbsent(id, key -> new LiveRoom(stored, rules)));
  }

  private final class Effects implements RoomEffects {
    @Override
    public void keep(LiveRoom room, List<RoomEvent> decided) {
      record.keep(room.id(), decided, clock.instant());
    }

    @Override
    public void publish(LiveRoom room, List<RoomEvent> applied) {
      events.publish(room, applied);
    }
  }
}
