package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.SendResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.json.StrictJson;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;
import org.tfx.sessions.room.CapacityRule;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.LocalRoomEvents;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RemoteLinks;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.RoomRules;
import org.tfx.sessions.room.RoomService;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.room.store.JpaRoomRecord;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.turn.IceServerProvider;

/**
 * Coverage-guided fuzzing of the room rules (Jazzer): a fuzzer-chosen sequence of frames from up to
 * five sockets of one room — joins with right and wrong secrets, owner and resume tokens, relays to
 * anyone, owner controls from anyone, knocks, leaves, drops and raw fuzzer text — through the real
 * {@link Connection} and {@link SignalingService} on an in-memory database. After every step: no
 * {@code internal} error, every frame a socket gets is one JSON object, relays reach only joined
 * sockets and never come from themselves, the room never holds more seats than its capacity, and a
 * socket that was closed hears nothing more.
 */
class RoomRulesFuzzTest {
  private static final MessageCodec CODEC = new MessageCodec();
  private static final StrictJson STRICT = new StrictJson(JsonProvider.provider());
  private static final Database DB = openDatabase();

  /**
   * An in-memory H2 of its own. Another test class's {@code Database.close()} in the same JVM
   * deregisters the H2 driver (as the app must at undeploy), so register it again first.
   */
  private static Database openDatabase() {
    try {
      if (java.sql.DriverManager.drivers().noneMatch(d -> d instanceof org.h2.Driver)) {
        java.sql.DriverManager.registerDriver(new org.h2.Driver());
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return Database.open(
        new Settings.Database(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa",
            "",
            Duration.ofSeconds(3)));
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JpaRoomRecord RECORD = new JpaRoomRecord(DB, new GroupCommit(DB));
  private static final Secrets SECRETS = new Secrets(RANDOM);
  private static final Passwords PASSWORDS = new Passwords(RANDOM);
  private static final CapacityRule CAPACITIES = new CapacityRule(3, 12);
  private static final RoomService ROOM_SERVICE =
      new RoomService(RECORD, SECRETS, PASSWORDS, CAPACITIES, Clock.systemUTC());
  private static final LocalRoomEvents EVENTS = new LocalRoomEvents();
  private static final LiveRooms LIVE =
      new LiveRooms(
          RECORD,
          new RoomRules(CAPACITIES, Duration.ofHours(1)),
          EVENTS,
          Clock.systemUTC(),
          "fuzz",
          false);
  private static final Signaling SIGNALING =
      new Signaling(
          LIVE,
          EVENTS,
          SECRETS,
          PASSWORDS,
          CODEC,
          new IceServerProvider(
              new Settings.Turn(List.of(), List.of(), List.of(), Duration.ofHours(1)),
              Clock.systemUTC()),
          Clock.systemUTC(),
          "fuzz",
          RemoteLinks.NONE);

  /** One socket: its connection, what it received, and whether it was closed. */
  private static final class Socket {
    final List<String> received = new ArrayList<>();
    final Connection connection;
    boolean closed;
    int checked;
    String peerId;
    String resumeToken;

    Socket() {
      Outbox outbox =
          new Outbox(
              (frame, done) -> {
                received.add(frame);
                done.onResult(new SendResult());
              },
              null,
              1024,
              1 << 21,
              () -> closed = true,
              e -> closed = true,
              (code, reason) -> closed = true);
      connection = SIGNALING.open(outbox, new RateLimiter(1e9, 1 << 20, 0));
    }
  }

  @FuzzTest(maxDuration = "10s")
  void sequences(FuzzedDataProvider data) {
    RoomService.CreatedRoom room = ROOM_SERVICE.create("fuzz", 3, null);
    List<Socket> sockets = new ArrayList<>();
    Set<String> everJoined = new HashSet<>();
    try {
      int steps = data.consumeInt(1, 40);
      for (int step = 0; step < steps && data.remainingBytes() > 0; step++) {
        if (sockets.isEmpty() || (sockets.size() < 5 && data.consumeInt(0, 5) == 0)) {
          sockets.add(new Socket());
        }
        Socket s = sockets.get(data.consumeInt(0, sockets.size() - 1));
        Socket other = sockets.get(data.consumeInt(0, sockets.size() - 1));
        String to = other.peerId == null ? data.consumeString(14) : other.peerId;
        int before = s.received.size();
        boolean wasClosed = s.closed;
        switch (data.consumeInt(0, 13)) {
          case 0 -> s.connection.onText(hello(room, data, s, false));
          case 1 -> s.connection.onText(hello(room, data, s, true));
          case 2 -> s.connection.onText(signal(to, data));
          case 3 ->
              s.connection.onText(
                  "{\"type\":\"relay\",\"channel\":\"c\",\"payload\":"
                      + (data.consumeBoolean() ? "1" : "\"x\"")
                      + (data.consumeBoolean() ? "" : ",\"to\":\"" + to + "\"")
                      + "}");
          case 4 ->
              s.connection.onText("{\"type\":\"lock\",\"locked\":" + data.consumeBoolean() + "}");
          case 5 -> s.connection.onText("{\"type\":\"knock\"}");
          case 6 -> s.connection.onText("{\"type\":\"admit\",\"peerId\":\"" + to + "\"}");
          case 7 -> s.connection.onText("{\"type\":\"deny\",\"peerId\":\"" + to + "\"}");
          case 8 -> s.connection.onText("{\"type\":\"kick\",\"peerId\":\"" + to + "\"}");
          case 9 ->
              s.connection.onText(
                  "{\"type\":\"configure\",\"capacity\":" + data.consumeInt(-1, 14) + "}");
          case 10 -> s.connection.onText("{\"type\":\"leave\"}");
          case 11 -> {
            s.connection.closed();
            s.closed = true;
          }
          case 12 -> s.connection.onText("{\"type\":\"update\",\"name\":\"" + esc(data) + "\"}");
          default -> s.connection.onText(data.consumeString(200));
        }
        for (Socket x : sockets) {
          check(x, everJoined);
        }
        if (wasClosed) {
          assertEquals(before, s.received.size(), "a closed socket hears nothing more");
        }
        assertTrue(
            LIVE.seats(new RoomId(room.roomId())) <= 12, "seats within the largest capacity");
      }
    } finally {
      for (Socket s : sockets) {
        s.connection.closed();
      }
    }
  }

  private static String esc(FuzzedDataProvider data) {
    return data.consumeString(80).replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String hello(
      RoomService.CreatedRoom room, FuzzedDataProvider data, Socket s, boolean resume) {
    StringBuilder b =
        new StringBuilder("{\"type\":\"hello\",\"version\":1,\"roomId\":\"")
            .append(data.consumeBoolean() ? room.roomId() : "nope")
            .append("\",\"secret\":\"")
            .append(data.consumeInt(0, 7) == 0 ? "wrong" : room.secret())
            .append("\",\"name\":\"")
            .append(esc(data))
            .append('"');
    if (data.consumeBoolean()) {
      b.append(",\"ownerToken\":\"").append(room.ownerToken()).append('"');
    }
    if (resume && s.resumeToken != null) {
      b.append(",\"resumeToken\":\"").append(s.resumeToken).append('"');
    }
    return b.append('}').toString();
  }

  private static String signal(String to, FuzzedDataProvider data) {
    return "{\"type\":\"signal\",\"id\":\"s\",\"to\":\""
        + to.replace("\\", "").replace("\"", "")
        + "\",\"payload\":"
        + (data.consumeBoolean() ? "{\"sdp\":\"v=0\"}" : "[1,2]")
        + "}";
  }

  /** Reads what a socket got since the last check and holds it to the rules. */
  private static void check(Socket s, Set<String> everJoined) {
    for (; s.checked < s.received.size(); s.checked++) {
      String frame = s.received.get(s.checked);
      JsonObject m;
      try {
        m = STRICT.parseObject(frame, "payload").members();
      } catch (StrictJson.Refused e) {
        throw new AssertionError("not one JSON object: " + frame, e);
      }
      switch (m.getString("type")) {
        case "error" -> assertFalse("internal".equals(m.getString("code")), frame);
        case "welcome" -> {
          s.peerId = m.getString("peerId");
          s.resumeToken = m.getString("resumeToken");
          everJoined.add(s.peerId);
        }
        case "signal", "relay" -> {
          assertTrue(s.peerId != null, "a relay reached a socket that never joined: " + frame);
          String from = m.getString("from");
          assertTrue(everJoined.contains(from), "a relay from nobody in the room: " + frame);
          assertFalse(from.equals(s.peerId), "a relay to its own sender: " + frame);
        }
        default -> {}
      }
    }
  }
}
