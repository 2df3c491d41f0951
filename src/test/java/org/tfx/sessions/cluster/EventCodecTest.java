package org.tfx.sessions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.room.Knocker;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.SeatState;

/** Every kind of event crosses to another node unchanged; clear tokens never travel. */
class EventCodecTest {
  private static final LinkId LINK = new LinkId("node-b7Kx2Q", 42);
  private static final Knocker KIM = new Knocker(new PeerId("kim"), "Kim \"K\" ü", LINK, "hk");

  static List<RoomEvent> everyKind() {
    Instant at = Instant.parse("2026-12-07T10:00:00.123456Z");
    return List.of(
        new RoomEvent.SeatTaken(SeatState.taken(new PeerId("ann"), "Ann", true, LINK, "ha")),
        new RoomEvent.SeatTaken(SeatState.lost(new PeerId("cal"), "Cal", false, "hc", at)),
        new RoomEvent.SeatResumed(new PeerId("ann"), LINK, null, "ha2"),
        new RoomEvent.SeatResumed(new PeerId("ann"), LINK, new LinkId("node-c", 1), "ha3"),
        new RoomEvent.SeatLost(new PeerId("ann"), LINK, at),
        new RoomEvent.SeatLost(new PeerId("ann"), null, at),
        new RoomEvent.SeatUpdated(new PeerId("ann"), "Anna", null, null),
        new RoomEvent.SeatUpdated(new PeerId("ann"), null, true, false),
        new RoomEvent.SeatVacated(new PeerId("ann"), LeaveReason.KICKED, LINK),
        new RoomEvent.SeatVacated(new PeerId("cal"), LeaveReason.TIMEOUT, null),
        new RoomEvent.RoomChanged(true, 6, "pbkdf2-sha256$120000$x$y"),
        new RoomEvent.RoomChanged(false, 2, null),
        new RoomEvent.KnockerQueued(KIM),
        new RoomEvent.KnockerLeft(KIM, RoomEvent.KnockEnd.DENIED));
  }

  @Test
  void everyEventRoundTrips() {
    EventCodec.Decided d =
        new EventCodec.Decided(new RoomId("room0000AA"), 17, "node-a", everyKind());
    String wire = EventCodec.encode(d);
    assertEquals(d, EventCodec.decode(wire));
    assertFalse(wire.contains("t-ann"), "only hashes travel");
  }

  @Test
  void theListCoversEveryKind() {
    Set<Class<?>> kinds = new HashSet<>();
    everyKind().forEach(e -> kinds.add(e.getClass()));
    assertEquals(RoomEvent.class.getPermittedSubclasses().length, kinds.size());
  }

  @Test
  void aDecisionWithoutEventsIsANudge() {
    EventCodec.Decided nudge = new EventCodec.Decided(new RoomId("r"), 3, "n", List.of());
    assertEquals(nudge, EventCodec.decode(EventCodec.encode(nudge)));
  }
}
