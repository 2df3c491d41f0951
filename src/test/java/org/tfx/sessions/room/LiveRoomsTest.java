package org.tfx.sessions.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.room.RoomCommand.Actor;

/**
 * The registry around the rooms: loading, retiring, restoring after a start, grace timers; and
 * several nodes over one versioned record (in memory here), with a bus whose deliveries the test
 * holds back or lets through: decisions elsewhere, gaps, stale decisions, races, dead nodes.
 */
class LiveRoomsTest {
  private static final RoomId ROOM = new RoomId("roomAAAAAA");
  private static final String SECRET = "secret";
  private static final String OWNER = "owner";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final RoomRules RULES =
      new RoomRules(new CapacityRule(4, 8), Duration.ofSeconds(1));

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static StoredRoom stored(boolean locked) {
    return new StoredRoom(ROOM, "R", Secrets.hash(SECRET), Secrets.hash(OWNER), null, locked, 4);
  }

  /**
   * The record in memory. Shared: it keeps the room as the nodes decided it, at a version, and
   * refuses a decision made on an older one (as PostgreSQL's compare-and-set does).
   */
  private static final class MemoryRecord implements RoomRecord {
    final boolean shared;
    final Map<RoomId, LiveRoom> rooms = new HashMap<>();
    final Map<RoomId, List<SeatState>> lost = new HashMap<>();
    final List<RoomEvent> kept = new CopyOnWriteArrayList<>();
    int loads;

    MemoryRecord(boolean shared) {
      this.shared = shared;
    }

    @Override
    public synchronized void create(StoredRoom room, Instant now) {
      rooms.put(room.id(), new LiveRoom(room, RULES));
    }

    @Override
    public synchronized Optional<StoredRoom> find(RoomId id) {
      return Optional.ofNullable(rooms.get(id)).map(r -> r.snapshot().room());
    }

    @Override
    public synchronized Optional<Snapshot> load(RoomId id) {
      loads++;
      LiveRoom master = rooms.get(id);
      if (master == null) {
        return Optional.empty();
      }
      Snapshot s = master.snapshot();
      return Optional.of(shared ? s : Snapshot.of(s.room(), 0));
    }

    @Override
    public synchronized void keep(RoomId room, long version, List<RoomEvent> events, Instant now) {
      if (shared) {
        LiveRoom master = rooms.get(room);
        if (master.version() != version) {
          throw new StaleRoomException(room, version);
        }
        master.applyDecided(version + 1, events);
      }
      kept.addAll(events);
    }

    @Override
    public Map<RoomId, List<SeatState>> loseAllSeats(Instant now) {
      return lost;
    }

    @Override
    public synchronized int seats(RoomId id) {
      return shared ? rooms.get(id).snapshot().seats().size() : 0;
    }
  }

  /** A bus between nodes whose deliveries wait until the test {@link #flush}es them. */
  private static final class HeldBus {
    final List<Runnable> pending = new ArrayList<>();
    final List<LiveRooms> nodes = new ArrayList<>();

    RoomEvents node(int index) {
      LocalRoomEvents local = new LocalRoomEvents();
      return new RoomEvents() {
        @Override
        public void publish(LiveRoom room, List<RoomEvent> events) {
          local.publish(room, events);
          long version = room.version();
          for (int i = 0; i < nodes.size(); i++) {
            if (i != index) {
              LiveRooms other = nodes.get(i);
              synchronized (pending) {
                pending.add(() -> other.decidedElsewhere(room.id(), version, events));
              }
            }
          }
        }

        @Override
        public void replay(LiveRoom room, List<RoomEvent> events) {
          local.replay(room, events);
        }

        @Override
        public void subscribe(Listener listener) {
          local.subscribe(listener);
        }
      };
    }

    LiveRooms add(MemoryRecord record, String node) {
      LiveRooms rooms =
          new LiveRooms(record, RULES, node(nodes.size()), Clock.systemUTC(), node, true);
      nodes.add(rooms);
      return rooms;
    }

    /** Delivers what is waiting, oldest first; {@code skip} deliveries are dropped first. */
    void flush(int skip) {
      List<Runnable> now;
      synchronized (pending) {
        now = new ArrayList<>(pending);
        pending.clear();
      }
      now.stream().skip(skip).forEach(Runnable::run);
    }
  }

  private static RoomCommand.Join join(String peer, LinkId link) {
    return new RoomCommand.Join(
        link,
        new PeerId(peer),
        Secrets.hash("t-" + peer),
        peer,
        SECRET,
        null,
        null,
        PasswordCheck.NONE);
  }

  private static RoomCommand.Join owner(String peer, LinkId link) {
    return new RoomCommand.Join(
        link,
        new PeerId(peer),
        Secrets.hash("t-" + peer),
        peer,
        SECRET,
        OWNER,
        null,
        PasswordCheck.NONE);
  }

  private static LinkId on(String node, long serial) {
    return new LinkId(node, serial);
  }

  private static java.util.Set<PeerId> seated(LiveRoom room) {
    java.util.Set<PeerId> out = new HashSet<>();
    room.seats().forEach(s -> out.add(s.peer()));
    return out;
  }

  // ---- one node ----------------------------------------------------------------------------

  private LiveRooms alone(MemoryRecord record) {
    return new LiveRooms(record, RULES, new LocalRoomEvents(), Clock.systemUTC(), "local", false);
  }

  @Test
  void anUnknownRoomIsRefused() {
    Outcome outcome = alone(new MemoryRecord(false)).execute(ROOM, join("a", on("local", 1)));
    assertEquals(Refusal.ROOM_NOT_FOUND, ((Outcome.Refused) outcome).reason());
  }

  @Test
  void aRoomStaysLoadedWhileSomeoneIsInAndIsLoadedAgainAfterItEmptied() {
    MemoryRecord record = new MemoryRecord(false);
    record.create(stored(false), T0);
    LiveRooms rooms = alone(record);
    Actor a = new Actor(new PeerId("a"), on("local", 1));
    rooms.execute(ROOM, join("a", a.link()));
    LiveRoom first = rooms.peek(ROOM).orElseThrow();
    rooms.execute(ROOM, new RoomCommand.Update(a, "A", null, null));
    assertEquals(1, record.loads, "loaded once while in use");
    rooms.execute(ROOM, new RoomCommand.Leave(a));
    assertTrue(rooms.peek(ROOM).isEmpty(), "an empty room leaves memory");
    assertEquals(0, rooms.seats(ROOM));
    rooms.execute(ROOM, join("b", on("local", 2)));
    assertNotSame(first, rooms.peek(ROOM).orElseThrow());
    assertEquals(1, rooms.seats(ROOM));
  }

  @Test
  void aLostSeatKeepsTheRoomInMemoryOnOneNode() {
    MemoryRecord record = new MemoryRecord(false);
    record.create(stored(false), T0);
    LiveRooms rooms = alone(record);
    rooms.execute(ROOM, join("a", on("local", 1)));
    rooms.execute(ROOM, new RoomCommand.Drop(on("local", 1), T0));
    assertEquals(1, rooms.peek(ROOM).orElseThrow().seats().size());
  }

  @Test
  void aWrongSecretDoesNotKeepTheRoomInMemory() {
    MemoryRecord record = new MemoryRecord(false);
    record.create(stored(false), T0);
    LiveRooms rooms = alone(record);
    rooms.execute(
        ROOM,
        new RoomCommand.Join(
            on("local", 1), new PeerId("a"), "h", "P", "guess", null, null, PasswordCheck.NONE));
    assertTrue(rooms.peek(ROOM).isEmpty());
  }

  @Test
  void restoreMakesLostSeatsLiveAndTheirGraceRunsOut() throws Exception {
    MemoryRecord record = new MemoryRecord(false);
    record.create(stored(false), T0);
    Instant now = Instant.now();
    PeerId cal = new PeerId("cal");
    record.lost.put(ROOM, List.of(SeatState.lost(cal, "Cal", false, "h", now)));
    Duration grace = Duration.ofMillis(300);
    LiveRooms rooms =
        new LiveRooms(
            record,
            new RoomRules(new CapacityRule(4, 8), grace),
            new LocalRoomEvents(),
            Clock.systemUTC(),
            "local",
            false);
    GraceTimers timers = new GraceTimers(rooms, scheduler, grace, Clock.systemUTC());
    List<RoomEvent> heard = new ArrayList<>();
    rooms.restore(
        (room, events, here) -> {
          heard.addAll(events);
          timers.onEvents(room, events, here);
        });
    assertEquals(1, rooms.seats(ROOM));
    assertEquals(List.of(new RoomEvent.SeatLost(cal, null, now)), heard);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (rooms.seats(ROOM) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, rooms.seats(ROOM), "the seat timed out");
    assertTrue(
        record.kept.contains(new RoomEvent.SeatVacated(cal, LeaveReason.TIMEOUT, null)),
        "the timeout was kept");
  }

  @Test
  void aResumeCancelsTheGraceTimer() throws Exception {
    MemoryRecord record = new MemoryRecord(false);
    record.create(stored(false), T0);
    Clock clock = Clock.systemUTC();
    Duration grace = Duration.ofMillis(200);
    LocalRoomEvents events = new LocalRoomEvents();
    LiveRooms rooms =
        new LiveRooms(
            record, new RoomRules(new CapacityRule(4, 8), grace), events, clock, "local", false);
    events.subscribe(new GraceTimers(rooms, scheduler, grace, clock));
    PeerId a = new PeerId("a");
    rooms.execute(ROOM, join("a", on("local", 1)));
    rooms.execute(ROOM, new RoomCommand.Drop(on("local", 1), clock.instant()));
    rooms.execute(
        ROOM,
        new RoomCommand.Join(
            on("local", 2),
            new PeerId("unused"),
            Secrets.hash("t-a2"),
            "A",
            SECRET,
            null,
            "t-a",
            PasswordCheck.NONE));
    Thread.sleep(grace.toMillis() * 3);
    SeatState seat = rooms.peek(ROOM).orElseThrow().seat(a).orElseThrow();
    assertEquals(on("local", 2), seat.link(), "resumed on the new socket, never timed out");
    assertTrue(
        record.kept.stream().noneMatch(e -> e instanceof RoomEvent.SeatVacated),
        "no timeout was kept");
  }

  // ---- several nodes -----------------------------------------------------------------------

  /** Two nodes over one shared record, with Ann (an owner) seated through node a. */
  private static final class TwoNodes {
    final MemoryRecord record = new MemoryRecord(true);
    final HeldBus bus = new HeldBus();
    final LiveRooms a;
    final LiveRooms b;

    TwoNodes(boolean locked) {
      record.create(stored(locked), T0);
      a = bus.add(record, "a");
      b = bus.add(record, "b");
      a.execute(ROOM, owner("ann", on("a", 1)));
    }
  }

  @Test
  void whatOneNodeDecidesTheOtherApplies() {
    TwoNodes n = new TwoNodes(false);
    n.b.execute(ROOM, join("bob", on("b", 1)));
    n.bus.flush(0);
    LiveRoom onA = n.a.peek(ROOM).orElseThrow();
    LiveRoom onB = n.b.peek(ROOM).orElseThrow();
    assertEquals(Set2.of("ann", "bob"), seated(onA));
    assertEquals(seated(onA), seated(onB));
    assertEquals(onA.version(), onB.version());
    assertEquals(2, n.a.seats(ROOM));
  }

  @Test
  void aDecisionOnAStaleRoomCatchesUpAndIsDecidedAgain() {
    TwoNodes n = new TwoNodes(false);
    n.b.execute(ROOM, join("bob", on("b", 1)));
    // b never hears of the rename on a; it decides on version 2 while the record is at 3.
    n.a.execute(
        ROOM, new RoomCommand.Update(new Actor(new PeerId("ann"), on("a", 1)), "Anna", null, null));
    n.bus.pending.clear();
    Outcome outcome =
        n.b.execute(
            ROOM,
            new RoomCommand.Update(new Actor(new PeerId("bob"), on("b", 1)), null, true, null));
    assertEquals(Outcome.ACCEPTED, outcome);
    LiveRoom onB = n.b.peek(ROOM).orElseThrow();
    assertEquals("Anna", onB.seat(new PeerId("ann")).orElseThrow().name(), "caught up");
    assertEquals(4, onB.version());
    assertEquals(4, n.record.rooms.get(ROOM).version());
  }

  @Test
  void aGapInVersionsMakesTheNodeCatchUp() {
    TwoNodes n = new TwoNodes(false);
    n.b.execute(ROOM, join("bob", on("b", 1)));
    n.bus.flush(0);
    n.a.execute(ROOM, join("cal", on("a", 2)));
    n.a.execute(ROOM, join("dan", on("a", 3)));
    n.bus.flush(1); // cal's join is lost on the way to b
    LiveRoom onB = n.b.peek(ROOM).orElseThrow();
    assertEquals(Set2.of("ann", "bob", "cal", "dan"), seated(onB));
    assertEquals(n.record.rooms.get(ROOM).version(), onB.version());
  }

  @Test
  void twoNodesAdmittingTheSameKnockerAdmitItOnce() {
    for (int round = 0; round < 100; round++) {
      TwoNodes n = new TwoNodes(true);
      n.b.execute(ROOM, owner("dan", on("b", 1)));
      n.b.execute(ROOM, new RoomCommand.Knock(on("b", 2), new PeerId("kim"), "h", "Kim"));
      n.bus.flush(0);
      // Both owners admit before either hears of the other.
      Outcome first =
          n.a.execute(
              ROOM,
              new RoomCommand.Admit(new Actor(new PeerId("ann"), on("a", 1)), new PeerId("kim")));
      Outcome second =
          n.b.execute(
              ROOM,
              new RoomCommand.Admit(new Actor(new PeerId("dan"), on("b", 1)), new PeerId("kim")));
      assertEquals(Outcome.ACCEPTED, first);
      assertEquals(Refusal.NOT_KNOCKING, ((Outcome.Refused) second).reason());
      long admitted =
          n.record.kept.stream()
              .filter(
                  e -> e instanceof RoomEvent.SeatTaken t && t.seat().peer().value().equals("kim"))
              .count();
      assertEquals(1, admitted, "round " + round);
    }
  }

  @Test
  void twoSocketsResumingOneSeatOnTwoNodesAtOnceResumeItOnce() {
    for (int round = 0; round < 100; round++) {
      TwoNodes n = new TwoNodes(false);
      n.b.execute(ROOM, join("bob", on("b", 1)));
      boolean lost = round % 2 == 0; // a resume of a lost seat, or a take-over of a live one
      if (lost) {
        n.b.execute(ROOM, new RoomCommand.Drop(on("b", 1), T0));
      }
      n.bus.flush(0);
      // Both present Bob's token before either node hears of the other.
      Outcome first = n.a.execute(ROOM, resume("bob", "x", on("a", 7)));
      Outcome second = n.b.execute(ROOM, resume("bob", "y", on("b", 8)));
      n.bus.flush(0);
      assertEquals(Outcome.ACCEPTED, first);
      assertEquals(Outcome.ACCEPTED, second, "the loser joins as somebody new");
      long resumed =
          n.record.kept.stream()
              .filter(e -> e instanceof RoomEvent.SeatResumed r && r.peer().value().equals("bob"))
              .count();
      assertEquals(1, resumed, "round " + round + (lost ? " (lost seat)" : " (take-over)"));
      for (LiveRooms node : List.of(n.a, n.b)) {
        LiveRoom room = node.peek(ROOM).orElseThrow();
        assertEquals(on("a", 7), room.seat(new PeerId("bob")).orElseThrow().link());
        assertEquals(Set2.of("ann", "bob", "new-y"), seated(room), "round " + round);
      }
    }
  }

  /** A socket presenting the token of {@code peer}'s seat; as a new peer it would be new-{tag}. */
  private static RoomCommand.Join resume(String peer, String tag, LinkId link) {
    return new RoomCommand.Join(
        link,
        new PeerId("new-" + tag),
        Secrets.hash("t-" + tag),
        tag,
        SECRET,
        null,
        "t-" + peer,
        PasswordCheck.NONE);
  }

  @Test
  void aDeadNodesSeatsAreLostAndItsKnocksEnd() {
    TwoNodes n = new TwoNodes(true);
    n.b.execute(ROOM, owner("bob", on("b", 1)));
    n.b.execute(ROOM, new RoomCommand.Knock(on("b", 2), new PeerId("kim"), "h", "Kim"));
    n.bus.flush(0);
    n.a.execute(ROOM, new RoomCommand.NodeGone("b", T0));
    LiveRoom onA = n.a.peek(ROOM).orElseThrow();
    assertTrue(onA.seat(new PeerId("bob")).orElseThrow().lostAt() != null, "bob is lost");
    assertTrue(onA.knockers().isEmpty(), "kim's knock ended");
    assertTrue(onA.seat(new PeerId("ann")).orElseThrow().connected());
    // A second reaper finds nothing to do.
    long before = n.record.rooms.get(ROOM).version();
    n.a.execute(ROOM, new RoomCommand.NodeGone("b", T0));
    assertEquals(before, n.record.rooms.get(ROOM).version());
  }

  @Test
  void aNodeForgetsARoomWhenNoneOfItsSocketsIsInItAnyMore() {
    TwoNodes n = new TwoNodes(false);
    n.b.execute(ROOM, join("bob", on("b", 1)));
    n.bus.flush(0);
    n.b.execute(ROOM, new RoomCommand.Drop(on("b", 1), T0));
    assertTrue(n.b.peek(ROOM).isEmpty(), "b holds no socket of the room: forgotten");
    n.bus.flush(0);
    assertEquals(2, n.a.seats(ROOM), "a keeps the room, bob's seat lost");
    assertEquals(2, n.b.seats(ROOM), "b reads the count from the record");
  }

  /** Set.of for readability with peer names. */
  private static final class Set2 {
    static java.util.Set<PeerId> of(String... names) {
      java.util.Set<PeerId> out = new HashSet<>();
      for (String n : names) {
        out.add(new PeerId(n));
      }
      return out;
    }
  }
}
