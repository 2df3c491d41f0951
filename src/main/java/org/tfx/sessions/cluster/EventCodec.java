package org.tfx.sessions.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tfx.sessions.room.Knocker;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.room.LinkId;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomEvent;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.SeatState;

/**
 * One decision as it travels between nodes: {@code {"r": room, "v": version, "n": node, "e":
 * [events]}}. Only hashes of tokens and passwords travel, never a clear token.
 */
final class EventCodec {
  /** A decision another node made. */
  record Decided(RoomId room, long version, String node, List<RoomEvent> events) {}

  private EventCodec() {}

  static String encode(Decided d) {
    JsonArrayBuilder events = Json.createArrayBuilder();
    Encoder encoder = new Encoder();
    d.events().forEach(e -> events.add(e.accept(encoder)));
    return Json.createObjectBuilder()
        .add("r", d.room().value())
        .add("v", d.version())
        .add("n", d.node())
        .add("e", events)
        .build()
        .toString();
  }

  static Decided decode(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonObject o = reader.readObject();
      List<RoomEvent> events = new ArrayList<>();
      for (JsonValue v : o.getJsonArray("e")) {
        events.add(event(v.asJsonObject()));
      }
      return new Decided(
          new RoomId(o.getString("r")),
          o.getJsonNumber("v").longValueExact(),
          o.getString("n"),
          events);
    }
  }

  private static final class Encoder implements RoomEvent.Visitor<JsonObject> {
    @Override
    public JsonObject visit(RoomEvent.SeatTaken e) {
      return kind("taken").add("s", seat(e.seat())).build();
    }

    @Override
    public JsonObject visit(RoomEvent.SeatResumed e) {
      JsonObjectBuilder b = kind("resumed").add("p", e.peer().value()).add("t", e.tokenHash());
      link(b, "l", e.link());
      link(b, "pl", e.previous());
      return b.build();
    }

    @Override
    public JsonObject visit(RoomEvent.SeatLost e) {
      JsonObjectBuilder b = kind("lost").add("p", e.peer().value());
      link(b, "l", e.link());
      return b.add("a", e.at().toString()).build();
    }

    @Override
    public JsonObject visit(RoomEvent.SeatUpdated e) {
      JsonObjectBuilder b = kind("updated").add("p", e.peer().value());
      if (e.name() != null) {
        b.add("n", e.name());
      }
      if (e.muted() != null) {
        b.add("m", e.muted());
      }
      if (e.video() != null) {
        b.add("v", e.video());
      }
      return b.build();
    }

    @Override
    public JsonObject visit(RoomEvent.SeatVacated e) {
      JsonObjectBuilder b = kind("vacated").add("p", e.peer().value()).add("r", e.reason().name());
      link(b, "l", e.link());
      return b.build();
    }

    @Override
    public JsonObject visit(RoomEvent.RoomChanged e) {
      JsonObjectBuilder b = kind("changed").add("lk", e.locked()).add("c", e.capacity());
      if (e.passwordHash() != null) {
        b.add("pw", e.passwordHash());
      }
      return b.build();
    }

    @Override
    public JsonObject visit(RoomEvent.KnockerQueued e) {
      return kind("queued").add("kn", knocker(e.knocker())).build();
    }

    @Override
    public JsonObject visit(RoomEvent.KnockerLeft e) {
      return kind("knock-ended").add("kn", knocker(e.knocker())).add("x", e.end().name()).build();
    }

    private static JsonObjectBuilder kind(String kind) {
      return Json.createObjectBuilder().add("k", kind);
    }
  }

  private static RoomEvent event(JsonObject o) {
    return switch (o.getString("k")) {
      case "taken" -> new RoomEvent.SeatTaken(seat(o.getJsonObject("s")));
      case "resumed" ->
          new RoomEvent.SeatResumed(peer(o, "p"), link(o, "l"), link(o, "pl"), o.getString("t"));
      case "lost" ->
          new RoomEvent.SeatLost(peer(o, "p"), link(o, "l"), Instant.parse(o.getString("a")));
      case "updated" ->
          new RoomEvent.SeatUpdated(
              peer(o, "p"),
              o.containsKey("n") ? o.getString("n") : null,
              o.containsKey("m") ? o.getBoolean("m") : null,
              o.containsKey("v") ? o.getBoolean("v") : null);
      case "vacated" ->
          new RoomEvent.SeatVacated(
              peer(o, "p"), LeaveReason.valueOf(o.getString("r")), link(o, "l"));
      case "changed" ->
          new RoomEvent.RoomChanged(
              o.getBoolean("lk"), o.getInt("c"), o.containsKey("pw") ? o.getString("pw") : null);
      case "queued" -> new RoomEvent.KnockerQueued(knocker(o.getJsonObject("kn")));
      case "knock-ended" ->
          new RoomEvent.KnockerLeft(
              knocker(o.getJsonObject("kn")), RoomEvent.KnockEnd.valueOf(o.getString("x")));
      default -> throw new IllegalArgumentException("unknown event kind " + o.getString("k"));
    };
  }

  private static JsonObject seat(SeatState s) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("p", s.peer().value())
            .add("n", s.name())
            .add("o", s.owner())
            .add("m", s.muted())
            .add("v", s.video())
            .add("t", s.tokenHash());
    link(b, "l", s.link());
    if (s.lostAt() != null) {
      b.add("a", s.lostAt().toString());
    }
    return b.build();
  }

  private static SeatState seat(JsonObject o) {
    return new SeatState(
        peer(o, "p"),
        o.getString("n"),
        o.getBoolean("o"),
        o.getBoolean("m"),
        o.getBoolean("v"),
        link(o, "l"),
        o.getString("t"),
        o.containsKey("a") ? Instant.parse(o.getString("a")) : null);
  }

  private static JsonObject knocker(Knocker k) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("p", k.peer().value())
            .add("n", k.name())
            .add("t", k.tokenHash());
    link(b, "l", k.link());
    return b.build();
  }

  private static Knocker knocker(JsonObject o) {
    return new Knocker(peer(o, "p"), o.getString("n"), link(o, "l"), o.getString("t"));
  }

  private static void link(JsonObjectBuilder b, String name, LinkId link) {
    if (link != null) {
      JsonArray pair = Json.createArrayBuilder().add(link.node()).add(link.serial()).build();
      b.add(name, pair);
    }
  }

  private static LinkId link(JsonObject o, String name) {
    if (!o.containsKey(name) || o.isNull(name)) {
      return null;
    }
    JsonArray pair = o.getJsonArray(name);
    return new LinkId(pair.getString(0), pair.getJsonNumber(1).longValueExact());
  }

  private static PeerId peer(JsonObject o, String name) {
    return new PeerId(o.getString(name));
  }
}
