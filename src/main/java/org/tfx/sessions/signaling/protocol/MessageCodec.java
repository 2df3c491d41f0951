package org.tfx.sessions.signaling.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.tfx.sessions.turn.IceServer;

/**
 * The one place where frames become messages and back. Decoding validates every member; encoding
 * writes the wire names of {@code docs/developer/protocol.md}.
 */
public final class MessageCodec {
  /** Every client message type, as on the wire. */
  public static final List<String> CLIENT_TYPES =
      List.of(
          "hello",
          "signal",
          "relay",
          "update",
          "lock",
          "knock",
          "admit",
          "deny",
          "kick",
          "configure",
          "leave",
          "ping");

  /** Every server message type, as on the wire. */
  public static final List<String> SERVER_TYPES =
      List.of(
          "welcome",
          "peer-joined",
          "peer-left",
          "peer-updated",
          "signal",
          "relay",
          "knocking",
          "room-updated",
          "error",
          "pong");

  private static final int MAX_ID = 64;
  private static final int MAX_TOKEN = 256;

  private final JsonFrames frames;
  private final JsonGeneratorFactory generators;

  public MessageCodec() {
    JsonProvider provider = JsonProvider.provider();
    this.frames = new JsonFrames(provider);
    this.generators = provider.createGeneratorFactory(Map.of());
  }

  /** Decodes one text frame; throws {@link ProtocolException} with the client's ref when known. */
  public ClientMessage decode(String text) {
    JsonObject object = frames.parseObject(text);
    String ref = ref(object);
    try {
      return decode(object, ref);
    } catch (ProtocolException e) {
      throw e.withRef(ref);
    }
  }

  private static String ref(JsonObject object) {
    JsonValue id = object.get("id");
    if (id instanceof JsonString s && s.getString().length() <= MAX_ID) {
      return s.getString();
    }
    return null;
  }

  private static ClientMessage decode(JsonObject object, String ref) {
    JsonValue typeValue = object.get("type");
    if (!(typeValue instanceof JsonString typeString)) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "'type' is missing or not a string");
    }
    String type = typeString.getString();
    Fields f = new Fields(object, type);
    f.optionalString("id", MAX_ID);
    return switch (type) {
      case "hello" ->
          new ClientMessage.Hello(
              ref,
              f.requiredInt("version"),
              f.requiredString("roomId", MAX_ID),
              f.requiredString("secret", MAX_TOKEN),
              f.name("name", true),
              f.optionalString("resumeToken", MAX_TOKEN),
              f.optionalString("ownerToken", MAX_TOKEN),
              f.optionalString("password", MAX_TOKEN));
      case "signal" ->
          new ClientMessage.Signal(ref, f.requiredString("to", MAX_ID), f.requiredValue("payload"));
      case "relay" ->
          new ClientMessage.Relay(
              ref,
              f.optionalString("to", MAX_ID),
              f.requiredChannel("channel"),
              f.requiredValue("payload"));
      case "update" ->
          new ClientMessage.Update(
              ref, f.name("name", false), f.optionalBoolean("muted"), f.optionalBoolean("video"));
      case "lock" -> new ClientMessage.Lock(ref, f.requiredBoolean("locked"));
      case "knock" -> new ClientMessage.Knock(ref);
      case "admit" -> new ClientMessage.Admit(ref, f.requiredString("peerId", MAX_ID));
      case "deny" -> new ClientMessage.Deny(ref, f.requiredString("peerId", MAX_ID));
      case "kick" -> new ClientMessage.Kick(ref, f.requiredString("peerId", MAX_ID));
      case "configure" ->
          new ClientMessage.Configure(
              ref, f.optionalInt("capacity"), f.optionalString("password", MAX_TOKEN));
      case "leave" -> new ClientMessage.Leave(ref);
      case "ping" -> new ClientMessage.Ping(ref, f.optionalNumber("ts"));
      default ->
          throw new ProtocolException(
              ErrorCode.UNKNOWN_TYPE, "unknown type '" + JsonFrames.brief(type) + "'");
    };
  }

  /** Encodes one server message as a text frame. */
  public String encode(ServerMessage message) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = generators.createGenerator(out)) {
      g.writeStartObject();
      message.accept(new Writer(g));
      g.writeEnd();
    }
    return out.toString();
  }

  /** Writes the members of each server message inside the already opened envelope object. */
  private record Writer(JsonGenerator g) implements ServerMessage.Visitor<Void> {
    @Override
    public Void visit(ServerMessage.Welcome w) {
      g.write("type", "welcome");
      g.write("peerId", w.peerId());
      g.write("resumeToken", w.resumeToken());
      g.write("resumed", w.resumed());
      g.write("owner", w.owner());
      g.writeKey("room");
      writeRoom(g, w.room());
      g.writeStartArray("peers");
      for (PeerView p : w.peers()) {
        writePeer(g, p);
      }
      g.writeEnd();
      g.writeStartArray("iceServers");
      for (IceServer s : w.iceServers()) {
        writeIceServer(g, s);
      }
      g.writeEnd();
      return null;
    }

    @Override
    public Void visit(ServerMessage.PeerJoined j) {
      g.write("type", "peer-joined");
      g.writeKey("peer");
      writePeer(g, j.peer());
      return null;
    }

    @Override
    public Void visit(ServerMessage.PeerLeft l) {
      g.write("type", "peer-left");
      g.write("peerId", l.peerId());
      g.write("reason", l.reason().wire());
      return null;
    }

    @Override
    public Void visit(ServerMessage.PeerUpdated u) {
      g.write("type", "peer-updated");
      g.writeKey("peer");
      writePeer(g, u.peer());
      return null;
    }

    @Override
    public Void visit(ServerMessage.SignalFrom s) {
      g.write("type", "signal");
      g.write("from", s.from());
      g.write("payload", s.payload());
      return null;
    }

    @Override
    public Void visit(ServerMessage.RelayFrom r) {
      g.write("type", "relay");
      g.write("from", r.from());
      g.write("channel", r.channel());
      g.write("payload", r.payload());
      return null;
    }

    @Override
    public Void visit(ServerMessage.Knocking k) {
      g.write("type", "knocking");
      g.write("peerId", k.peerId());
      g.write("name", k.name());
      return null;
    }

    @Override
    public Void visit(ServerMessage.RoomUpdated r) {
      g.write("type", "room-updated");
      g.writeKey("room");
      writeRoom(g, r.room());
      return null;
    }

    @Override
    public Void visit(ServerMessage.Error e) {
      g.write("type", "error");
      g.write("code", e.code().wire());
      g.write("message", e.message());
      if (e.ref() != null) {
        g.write("ref", e.ref());
      }
      return null;
    }

    @Override
    public Void visit(ServerMessage.Pong p) {
      g.write("type", "pong");
      if (p.ts() != null) {
        g.write("ts", p.ts());
      }
      return null;
    }
  }

  private static void writeRoom(JsonGenerator g, RoomView r) {
    g.writeStartObject();
    g.write("id", r.id());
    g.write("name", r.name());
    g.write("locked", r.locked());
    g.write("capacity", r.capacity());
    g.write("size", r.size());
    g.write("hasPassword", r.hasPassword());
    g.writeEnd();
  }

  private static void writePeer(JsonGenerator g, PeerView p) {
    g.writeStartObject();
    g.write("peerId", p.peerId());
    g.write("name", p.name());
    g.write("owner", p.owner());
    g.write("muted", p.muted());
    g.write("video", p.video());
    g.write("state", p.state());
    g.write("polite", p.polite());
    g.writeEnd();
  }

  private static void writeIceServer(JsonGenerator g, IceServer s) {
    g.writeStartObject();
    g.writeStartArray("urls");
    s.urls().forEach(g::write);
    g.writeEnd();
    if (s.username() != null) {
      g.write("username", s.username());
      g.write("credential", s.credential());
    }
    g.writeEnd();
  }
}
