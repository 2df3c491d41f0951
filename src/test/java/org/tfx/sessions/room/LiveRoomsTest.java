package org.tfx.sessions.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry around the rooms: loading, retiring, restoring after a start, grace timers. */
class LiveRoomsTest {
  private static final RoomId ROOM = new RoomId("roomAAAAAA");
  private static final String SECRET = "secret";
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** The record in memory. */
  private static final class MemoryRecord implements RoomRecord {
    final Map<RoomId, StoredRoom> rooms = new HashMap<>();
    final Map<RoomId, List<SeatState>> lost = new HashMap<>();
    final List<RoomEvent> kept = new CopyOnWriteArrayList<>();
    int finds;

    @Override
    public void create(StoredRoom room, Instant now) {
      rooms.put(room.id(), room);
    }

    @Override
    public Optional<StoredRoom> find(RoomId id) {
      finds++;
      return Optional.ofNullable(rooms.get(id));
    }

    @Override
    public void keep(RoomId room, List<RoomEvent> events, Instant now) {
      kept.addAll(events);
    }

    @Override
    public Map<RoomId, List<SeatState>> loseAllSeats(Instant now) {
      return lost;
    }
  }

  private static StoredRoom stored() {
    return new StoredRoom(ROOM, "R", Secrets.hash(SECRET), Secrets.hash("owner"), null, false, 4);
  }

  private LiveRooms rooms(MemoryRecord record, Duration grace, Clock clock) {
    return new LiveRooms(
        record, new RoomRules(new CapacityRule(4, 8), grace), new LocalRoomEvents(), clock);
  }

  private static RoomCommand.Join join(PeerId peer, LinkId link) {
    return new RoomCommand.Join(
        link, peer, "h-" + peer, "P", SECRET, null, null, PasswordCheck.NONE);
  }

  @Test
  void anUnknownRoomIsRefused() {
    LiveRooms rooms = rooms(new MemoryRecord(), Duration.ofSeconds(1), Clock.systemUTC());
    Outcome outcome = rooms.execute(ROOM, join(new PeerId("a"), new LinkId("n", 1)));
    assertEquals(Refusal.ROOM_NOT_FOUND, ((Outcome.Refused) outcome).reason());
  }

  @Test
  void aRoomStaysLoadedWhileSomeoneIsInAndIsLoadedAgainAfterItEmptied() {
    MemoryRecord record = new MemoryRecord();
    record.create(stored(), T0);
    LiveRooms rooms = rooms(record, Duration.ofSeconds(1), Clock.systemUTC());
    PeerId a = new PeerId("a");
    LinkId link = new LinkId("n", 1);
    rooms.execute(ROOM, join(a, link));
    LiveRoom first = rooms.peek(ROOM).orElseThrow();
    rooms.execute(ROOM, new RoomCommand.Update(new RoomCommand.Actor(a, link), "A", null, null));
    assertEquals(1, record.finds, "loaded once while in use");
    rooms.execute(ROOM, new RoomCommand.Leave(new RoomCommand.Actor(a, link)));
    assertTrue(rooms.peek(ROOM).isEmpty(), "an empty room leaves memory");
    assertEquals(0, rooms.seats(ROOM));
    rooms.execute(ROOM, join(new PeerId("b"), new LinkId("n", 2)));
    assertNotSame(first, rooms.peek(ROOM).orElseThrow());
    assertEquals(1, rooms.seats(ROOM));
  }

  @Test
  void aWrongSecretDoesNotKeepTheRoomInMemory() {
    MemoryRecord record = new MemoryRecord();
    record.create(stored(), T0);
    LiveRooms rooms = rooms(record, Duration.ofSeconds(1), Clock.systemUTC());
    rooms.execute(
        ROOM,
        new RoomCommand.Join(
            new LinkId("n", 1),
            new PeerId("a"),
            "h",
            "P",
            "guess",
            null,
            null,
            PasswordCheck.NONE));
    assertTrue(rooms.peek(ROOM).isEmpty());
  }

  @Test
  void restoreMakesLostSeatsLiveAndTheirGraceRunsOut() throws Exception {
    MemoryRecord record = new MemoryRecord();
    record.create(stored(), T0);
    Instant now = Instant.now();
    PeerId cal = new PeerId("cal");
    record.lost.put(ROOM, List.of(SeatState.lost(cal, "Cal", false, "h", now)));
    Duration grace = Duration.ofMillis(300);
    LiveRooms rooms = rooms(record, grace, Clock.systemUTC());
    GraceTimers timers = new GraceTimers(rooms, scheduler, grace, Clock.systemUTC());
    List<RoomEvent> heard = new ArrayList<>();
    rooms.restore(
        (room, events) -> {
          heard.addAll(events);
          timers.onEvents(room, events);
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
    MemoryRecord record = new MemoryRecord();
    record.create(stored(), T0);
    Clock clock = Clock.systemUTC();
    Duration grace = Duration.ofMillis(200);
    LocalRoomEvents events = new LocalRoomEvents();
    LiveRooms rooms =
        new LiveRooms(record, new RoomRules(new CapacityRule(4, 8), grace), events, clock);
    events.subscribe(new GraceTimers(rooms, scheduler, grace, clock));
    PeerId a = new PeerId("a");
    rooms.execute(
        ROOM,
        new RoomCommand.Join(
            new LinkId("n", 1),
            a,
            Secrets.hash("token-a"),
            "A",
            SECRET,
            null,
            null,
            PasswordCheck.NONE));
    rooms.execute(ROOM, new RoomCommand.Drop(new LinkId("n", 1), clock.instant()));
    rooms.execute(
        ROOM,
        new RoomCommand.Join(
            new LinkId("n", 2),
            new PeerId("unused"),
            Secrets.hash("token-a2"),
            "A",
            SECRET,
            null,
            "token-a",
            PasswordCheck.NONE));
    Thread.sleep(grace.toMillis() * 3);
    SeatState seat = rooms.peek(ROOM).orElseThrow().seat(a).orElseThrow();
    assertEquals(new LinkId("n", 2), seat.link(), "resumed on the new socket, never timed out");
    assertTrue(
        record.kept.stream().noneMatch(e -> e instanceof RoomEvent.SeatVacated),
        "no timeout was kept");
  }
}
