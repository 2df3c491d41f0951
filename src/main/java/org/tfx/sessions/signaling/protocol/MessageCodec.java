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
import java.util.function.Consumer;
import org.tfx.sessions.json.StrictJson;
import org.tfx.sessions.json.WellFormed;
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

  private final StrictJson json;
  private final JsonGeneratorFactory generators;
  private final Encoder encoder = new Encoder();

  public MessageCodec() {
    JsonProvider provider = JsonProvider.provider();
    this.json = new StrictJson(provider);
    this.generators = provider.createGeneratorFactory(Map.of());
  }

  /**
   * Decodes one text frame. Whatever the text, it returns a message or throws {@link
   * ProtocolException} ({@code bad-json}, {@code unknown-type} or {@code invalid-message}) carrying
   * the frame's {@code id} as ref whenever the id could be read; no other exception escapes (the
   * fuzz tests hold it to that).
   */
  public ClientMessage decode(String text) {
    StrictJson.Parsed parsed;
    try {
      parsed = json.parseObject(text, "payload");
    } catch (StrictJson.Refused r) {
      ErrorCode code =
          r.fault() == StrictJson.Fault.MALFORMED ? ErrorCode.BAD_JSON : ErrorCode.INVALID_MESSAGE;
      throw new ProtocolException(code, r.getMessage(), ref(r.id()));
    }
    JsonObject object = parsed.members();
    JsonValue id = object.get("id");
    String ref = ref(id instanceof JsonString s ? s.getString() : null);
    RawJson payload = parsed.raw() == null ? null : new RawJson(parsed.raw());
    try {
      return decode(object, payload, ref);
    } catch (ProtocolException e) {
      throw e.withRef(ref);
    }
  }

  private static String ref(String id) {
    return id != null && id.length() <= MAX_ID ? id : null;
  }

  private static ClientMessage decode(JsonObject object, RawJson payload, String ref) {
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
          new ClientMessage.Signal(ref, f.requiredString("to", MAX_ID), f.requiredPayload(payload));
      case "relay" ->
          new ClientMessage.Relay(
              ref,
              f.optionalString("to", MAX_ID),
              f.requiredChannel("channel"),
              f.requiredPayload(payload));
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
              ErrorCode.UNKNOWN_TYPE, "unknown type '" + StrictJson.brief(type) + "'");
    };
  }

  /** Encodes one server message as a text frame. */
  public String encode(ServerMessage message) {
    return message.accept(encoder);
  }

  /**
   * Writes one envelope object with a JSON generator. The result is made well-formed: a string that
   * reached a message unchecked (an echoed value, a name from elsewhere) must never make the frame
   * unsendable, since a failed send ends the socket.
   */
  private String object(Consumer<JsonGenerator> members) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = generators.createGenerator(out)) {
      g.writeStartObject();
      members.accept(g);
      g.writeEnd();
    }
    return WellFormed.text(out.toString());
  }

  /**
   * The hot path: a relayed frame is built by hand around the sender's raw payload, with no tree
   * and no generator. {@code from} is a server-made id and {@code channel} was checked against
   * {@code [A-Za-z0-9._:-]}, so neither needs escaping.
   */
  private static String relayFrame(String type, String from, String channel, RawJson payload) {
    String raw = payload.text();
    StringBuilder b = new StringBuilder(raw.length() + 64);
    b.append("{\"type\":\"").append(type).append("\",\"from\":\"").append(from).append('"');
    if (channel != null) {
      b.append(",\"channel\":\"").append(channel).append('"');
    }
    return b.append(",\"payload\":").append(raw).append('}').toString();
  }

  /** One encoding per server message type. */
  private final class Encoder implements ServerMessage.Visitor<String> {
    @Override
    public String visit(ServerMessage.Welcome w) {
      return object(
          g -> {
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
          });
    }

    @Override
    public String visit(ServerMessage.PeerJoined j) {
      return object(
          g -> {
            g.write("type", "peer-joined");
            g.writeKey("peer");
            writePeer(g, j.peer());
          });
    }

    @Override
    public String visit(ServerMessage.PeerLeft l) {
      return object(
          g -> {
            g.write("type", "peer-left");
            g.write("peerId", l.peerId());
            g.write("reason", l.reason().wire());
          });
    }

    @Override
    public String visit(ServerMessage.PeerUpdated u) {
      return object(
          g -> {
            g.write("type", "peer-updated");
            g.writeKey("peer");
            writePeer(g, u.peer());
          });
    }

    @Override
    public String visit(ServerMessage.SignalFrom s) {
      return relayFrame("signal", s.from(), null, s.payload());
    }

    @Override
    public String visit(ServerMessage.RelayFrom r) {
      return relayFrame("relay", r.from(), r.channel(), r.payload());
    }

    @Override
    public String visit(ServerMessage.Knocking k) {
      return object(
          g -> {
            g.write("type", "knocking");
            g.write("peerId", k.peerId());
            g.write("name", k.name());
          });
    }

    @Override
    public String visit(ServerMessage.RoomUpdated r) {
      return object(
          g -> {
            g.write("type", "room-updated");
            g.writeKey("room");
            writeRoom(g, r.room());
          });
    }

    @Override
    public String visit(ServerMessage.Error e) {
      return object(
          g -> {
            g.write("type", "error");
            g.write("code", e.code().wire());
            g.write("message", e.message());
            if (e.ref() != null) {
              g.write("ref", e.ref());
            }
          });
    }

    @Override
    public String visit(ServerMessage.Pong p) {
      return object(
          g -> {
            g.write("type", "pong");
            if (p.ts() != null) {
              g.write("ts", p.ts());
            }
          });
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
