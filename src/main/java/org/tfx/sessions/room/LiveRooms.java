package org.tfx.sessions.room;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The rooms live on this node, loaded from the record on first use, and the way every command
 * reaches one: {@link #execute} runs it on the room, which keeps, applies and publishes what it
 * decides. With several nodes, it also applies what the others decided and catches up with the
 * record when it missed something.
 */
public final class LiveRooms {
  private static final System.Logger LOG = System.getLogger(LiveRooms.class.getName());

  /** Decisions against a stale room are retried this often after catching up, then fail. */
  private static final int STALE_RETRIES = 8;

  private final ConcurrentHashMap<RoomId, LiveRoom> rooms = new ConcurrentHashMap<>();
  private final RoomRecord record;
  private final RoomRules rules;
  private final RoomEvents events;
  private final Clock clock;
  private final String node;
  private final Predicate<LiveRoom> idle;
  private final RoomEffects effects = new Effects();

  /**
   * {@code node} names this node in link ids. {@code shared}: other nodes hold sockets of the same
   * rooms, so a room is kept in memory only while one of this node's sockets is in it (the record
   * has the rest); alone, a room is kept while anyone is in it, lost seats included.
   */
  public LiveRooms(
      RoomRecord record,
      RoomRules rules,
      RoomEvents events,
      Clock clock,
      String node,
      boolean shared) {
    this.record = record;
    this.rules = rules;
    this.events = events;
    this.clock = clock;
    this.node = node;
    this.idle = shared ? room -> !room.reaches(node) : LiveRoom::isEmpty;
  }

  /** Runs {@code command} on the room {@code id}, loading it when needed. */
  public Outcome execute(RoomId id, RoomCommand command) {
    int stale = 0;
    while (true) {
      Optional<LiveRoom> room = acquire(id);
      if (room.isEmpty()) {
        return Outcome.refused(Refusal.ROOM_NOT_FOUND, "no such room");
      }
      LiveRoom live = room.get();
      Outcome outcome;
      try {
        outcome = live.execute(command, effects);
      } catch (StaleRoomException e) {
        if (++stale > STALE_RETRIES) {
          throw e;
        }
        catchUp(live);
        continue;
      }
      retireIfIdle(live);
      if (!(outcome instanceof Outcome.Retired)) {
        return outcome;
      }
    }
  }

  /**
   * What another node decided on room {@code id} at {@code version}. Ignored when the room is not
   * live here (its next load reads the record); a gap in versions makes the room catch up, and so
   * does a decision without events (a node telling the others it could not send some).
   */
  public void decidedElsewhere(RoomId id, long version, List<RoomEvent> decided) {
    LiveRoom room = rooms.get(id);
    if (room == null) {
      return;
    }
    synchronized (room) {
      if (room.retired()) {
        return;
      }
      long before = room.version();
      if (decided.isEmpty()) {
        if (version > before) {
          catchUp(room);
        }
      } else if (!room.applyDecided(version, decided)) {
        catchUp(room);
      } else if (room.version() > before) {
        events.replay(room, decided);
      }
      retireIfIdle(room);
    }
  }

  /** Every live room catches up with the record: after events may have been missed. */
  public void catchUpAll() {
    for (LiveRoom room : new ArrayList<>(rooms.values())) {
      try {
        synchronized (room) {
          if (!room.retired()) {
            catchUp(room);
            retireIfIdle(room);
          }
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not catch up with room " + room.id(), e);
      }
    }
  }

  private void catchUp(LiveRoom room) {
    synchronized (room) {
      Optional<Snapshot> now = record.load(room.id());
      if (now.isEmpty()) {
        room.retireIf(r -> true);
        rooms.remove(room.id(), room);
        return;
      }
      events.replay(room, room.catchUp(now.get(), node));
    }
  }

  private void retireIfIdle(LiveRoom room) {
    if (room.retireIf(idle)) {
      rooms.remove(room.id(), room);
    }
  }

  /** The live room, without loading it. */
  public Optional<LiveRoom> peek(RoomId id) {
    return Optional.ofNullable(rooms.get(id));
  }

  /** The rooms live on this node. */
  public List<LiveRoom> live() {
    return new ArrayList<>(rooms.values());
  }

  /** Seats (connected or lost) in a room right now. */
  public int seats(RoomId id) {
    return peek(id).map(r -> r.facts().size()).orElseGet(() -> record.seats(id));
  }

  /**
   * After the start of the only node: every seat that was connected or still within its grace is
   * lost from now; the rooms that have any become live, and {@code lost} hears of each seat (to
   * start its timer).
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
                          .toList(),
                      true);
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
        .load(id)
        .map(snapshot -> rooms.computeIfAbsent(id, key -> new LiveRoom(snapshot, rules)));
  }

  private final class Effects implements RoomEffects {
    @Override
    public void keep(LiveRoom room, List<RoomEvent> decided) {
      record.keep(room.id(), room.version(), decided, clock.instant());
    }

    @Override
    public void publish(LiveRoom room, List<RoomEvent> applied) {
      events.publish(room, applied);
    }
  }
}
