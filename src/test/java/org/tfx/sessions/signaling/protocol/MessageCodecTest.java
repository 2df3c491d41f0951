package org.tfx.sessions.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.room.LeaveReason;
import org.tfx.sessions.turn.IceServer;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  private static JsonObject parse(String s) {
    return Json.createReader(new StringReader(s)).readObject();
  }

  @Test
  void decodesEveryClientMessageType() {
    Set<String> seen = new HashSet<>();
    List<String> frames =
        List.of(
            "{\"type\":\"hello\",\"id\":\"1\",\"version\":1,\"roomId\":\"r\",\"secret\":\"s\",\"name\":\"Ada\",\"resumeToken\":\"t\",\"ownerToken\":\"o\",\"password\":\"p\"}",
            "{\"type\":\"signal\",\"to\":\"b\",\"payload\":{\"sdp\":\"x\"}}",
            "{\"type\":\"relay\",\"channel\":\"chat\",\"payload\":[1]}",
            "{\"type\":\"update\",\"name\":\"Bo\",\"muted\":true,\"video\":false}",
            "{\"type\":\"lock\",\"locked\":true}",
            "{\"type\":\"knock\"}",
            "{\"type\":\"admit\",\"peerId\":\"k\"}",
            "{\"type\":\"deny\",\"peerId\":\"k\"}",
            "{\"type\":\"kick\",\"peerId\":\"k\"}",
            "{\"type\":\"configure\",\"capacity\":4,\"password\":\"\"}",
            "{\"type\":\"leave\"}",
            "{\"type\":\"ping\",\"ts\":5}");
    for (String f : frames) {
      ClientMessage m = codec.decode(f);
      seen.add(parse(f).getString("type"));
      assertTrue(m.getClass().isRecord());
    }
    assertEquals(Set.copyOf(MessageCodec.CLIENT_TYPES), seen);

    ClientMessage.Hello h = (ClientMessage.Hello) codec.decode(frames.get(0));
    assertEquals(new ClientMessage.Hello("1", 1, "r", "s", "Ada", "t", "o", "p"), h);
    ClientMessage.Relay r = (ClientMessage.Relay) codec.decode(frames.get(2));
    assertNull(r.to());
    assertEquals(new RawJson("[1]"), r.payload());
    ClientMessage.Configure c = (ClientMessage.Configure) codec.decode(frames.get(9));
    assertEquals(4, c.capacity());
    assertEquals("", c.password());
  }

  @Test
  void encodesEveryServerMessageTypeWithItsWireName() {
    PeerView peer = new PeerView("p1", "Ada", true, false, true, true, false);
    RoomView room = new RoomView("r1", "Room", false, 6, 2, true);
    List<ServerMessage> messages =
        List.of(
            new ServerMessage.Welcome(
                "p2",
                "p2.tok",
                true,
                false,
                room,
                List.of(peer),
                List.of(
                    IceServer.stun(List.of("stun:127.0.0.1:3478")),
                    new IceServer(List.of("turn:127.0.0.1:3478?transport=udp"), "1:p2", "cred"))),
            new ServerMessage.PeerJoined(peer),
            new ServerMessage.PeerLeft("p1", LeaveReason.KICKED),
            new ServerMessage.PeerUpdated(peer),
            new ServerMessage.SignalFrom("p1", new RawJson("\"sdp\"")),
            new ServerMessage.RelayFrom("p1", "chat", RawJson.NULL),
            new ServerMessage.Knocking("k1", "Guest"),
            new ServerMessage.RoomUpdated(room),
            new ServerMessage.Error(ErrorCode.ROOM_FULL, "full", "ref-1"),
            new ServerMessage.Pong(Json.createValue(7)));
    Set<String> types = new HashSet<>();
    for (ServerMessage m : messages) {
      types.add(parse(codec.encode(m)).getString("type"));
    }
    assertEquals(Set.copyOf(MessageCodec.SERVER_TYPES), types);

    JsonObject welcome = parse(codec.encode(messages.get(0)));
    assertEquals("p2", welcome.getString("peerId"));
    assertTrue(welcome.getBoolean("resumed"));
    assertEquals("Ada", welcome.getJsonArray("peers").getJsonObject(0).getString("name"));
    assertEquals("connected", welcome.getJsonArray("peers").getJsonObject(0).getString("state"));
    assertTrue(welcome.getJsonObject("room").getBoolean("hasPassword"));
    JsonObject stun = welcome.getJsonArray("iceServers").getJsonObject(0);
    assertEquals(Set.of("urls"), stun.keySet());
    assertEquals(
        "cred", welcome.getJsonArray("iceServers").getJsonObject(1).getString("credential"));

    JsonObject left = parse(codec.encode(messages.get(2)));
    assertEquals("kicked", left.getString("reason"));
    JsonObject error = parse(codec.encode(messages.get(8)));
    assertEquals("room-full", error.getString("code"));
    assertEquals("ref-1", error.getString("ref"));
    assertEquals(
        Set.of("type", "code", "message"),
        parse(codec.encode(new ServerMessage.Error(ErrorCode.INTERNAL, "x", null))).keySet());
    assertEquals(Set.of("type"), parse(codec.encode(new ServerMessage.Pong(null))).keySet());
  }

  @Test
  void signalPayloadRoundTripsUnchanged() {
    String payload =
        "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n😀\"},\"n\":[1.5e300,-0,true,null]}";
    ClientMessage.Signal s =
        (ClientMessage.Signal)
            codec.decode("{\"type\":\"signal\",\"to\":\"b\",\"payload\":" + payload + "}");
    JsonObject out = parse(codec.encode(new ServerMessage.SignalFrom("a", s.payload())));
    assertEquals(parse(payload), out.getJsonObject("payload"));
    assertEquals("a", out.getString("from"));
  }

  @Test
  void rawPayloadIsCutExactlyWhateverTheWhiteSpace() {
    ClientMessage.Relay r =
        (ClientMessage.Relay)
            codec.decode(
                "{ \"type\" : \"relay\" ,\n \"payload\"\t:\r\n  {\"a\" : [1, \"}\"]}  , \"channel\":\"c\"}");
    assertEquals("{\"a\" : [1, \"}\"]}", r.payload().text());
    ClientMessage.Signal s =
        (ClientMessage.Signal)
            codec.decode("{\"type\":\"signal\",\"to\":\"b\",\"payload\":-12.5e3}");
    assertEquals("-12.5e3", s.payload().text());
    ClientMessage.Signal str =
        (ClientMessage.Signal)
            codec.decode("{\"type\":\"signal\",\"to\":\"b\",\"payload\":\"a\\\"b\"}");
    assertEquals("\"a\\\"b\"", str.payload().text());
    assertEquals(
        ErrorCode.INVALID_MESSAGE,
        assertThrows(
                ProtocolException.class,
                () ->
                    codec.decode(
                        "{\"type\":\"signal\",\"to\":\"b\",\"payload\":"
                            + "[".repeat(40)
                            + "]".repeat(40)
                            + "}"))
            .code());
    assertEquals(
        ErrorCode.BAD_JSON,
        assertThrows(
                ProtocolException.class,
                () -> codec.decode("{\"type\":\"signal\",\"to\":\"b\",\"payload\":[1,}"))
            .code());
  }

  @Test
  void refusalsCarryTheirCodeAndTheClientRef() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () -> codec.decode("{\"type\":\"signal\",\"id\":\"x1\",\"to\":3,\"payload\":1}"));
    assertEquals(ErrorCode.INVALID_MESSAGE, e.code());
    assertEquals("x1", e.ref());
    assertEquals(
        ErrorCode.BAD_JSON, assertThrows(ProtocolException.class, () -> codec.decode("{")).code());
    assertEquals(
        ErrorCode.UNKNOWN_TYPE,
        assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"x\"}")).code());
  }

  @Test
  void everyErrorCodeHasAUniqueWireName() {
    Set<String> names = new HashSet<>();
    for (ErrorCode c : ErrorCode.values()) {
      assertTrue(names.add(c.wire()), c.wire());
      assertTrue(c.wire().matches("[a-z]+(-[a-z]+)*"), c.wire());
    }
  }

  private ProtocolException refusal(String frame) {
    return assertThrows(ProtocolException.class, () -> codec.decode(frame), frame);
  }

  @Test
  void truncationRightAfterAMemberNameIsBadJsonNotAServerFault() {
    // "payload" is cut out of the text by position: a frame ending at its name once read past the
    // end of the text (StringIndexOutOfBoundsException, answered "internal").
    for (String frame :
        List.of(
            "{\"payload\"",
            "{\"type\":\"signal\",\"payload\"",
            "{\"type\":\"signal\",\"payload\" ",
            "{\"type\":\"signal\",\"payload\":",
            "{\"type\"",
            "{\"type\":\"ping\",\"id\"",
            // Parsson's offset after a number that ends the text lies past its end.
            "{\"type\":\"signal\",\"to\":\"b\",\"payload\":2147483648",
            "{\"type\":\"relay\",\"channel\":\"c\",\"payload\":-0")) {
      assertEquals(ErrorCode.BAD_JSON, refusal(frame).code(), frame);
    }
  }

  @Test
  void numbersOfAnyShapeAreInvalidMessagesNotServerFaults() {
    // BigDecimal refuses exponents beyond 2^31 and Parsson numbers over 1,100 characters, each
    // with its own runtime exception: both were answered "internal".
    for (String number :
        List.of(
            "1e99999999999",
            "-1E-99999999999",
            "1" + "0".repeat(1200),
            "0." + "5".repeat(70),
            "1e2147483648")) {
      for (String frame :
          List.of(
              "{\"type\":\"ping\",\"ts\":" + number + "}",
              "{\"type\":\"configure\",\"capacity\":" + number + "}",
              "{\"type\":\"nope\",\"x\":[" + number + "]}")) {
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal(frame).code(), frame);
      }
    }
    // Inside the relayed payload a number is the receiver's business, as any other value.
    ClientMessage.Signal s =
        (ClientMessage.Signal)
            codec.decode("{\"type\":\"signal\",\"to\":\"b\",\"payload\":1e99999999999}");
    assertEquals("1e99999999999", s.payload().text());
  }

  @Test
  void unpairedSurrogatesAreRefusedAndNeverEchoed() {
    // An unknown type "\ud800" was echoed in the error message; the container could not encode the
    // frame and the socket's writer stopped for good.
    for (String frame :
        List.of(
            "{\"type\":\"\\ud800\"}",
            "{\"type\":\"ping\",\"id\":\"\\udc00x\"}",
            "{\"type\":\"update\",\"name\":\"a\\ud800\"}",
            "{\"\\ud800\":1,\"type\":\"ping\"}",
            "{\"type\":\"relay\",\"channel\":\"c\",\"payload\":\"\ud800\"}")) {
      ProtocolException e = refusal(frame);
      assertEquals(ErrorCode.INVALID_MESSAGE, e.code(), frame);
      String out = codec.encode(new ServerMessage.Error(e.code(), e.getMessage(), e.ref()));
      assertTrue(org.tfx.sessions.json.WellFormed.is(out), out);
    }
    // A JSON escape of a lone surrogate inside the payload is plain ASCII text: relayed as sent.
    ClientMessage.Relay r =
        (ClientMessage.Relay)
            codec.decode("{\"type\":\"relay\",\"channel\":\"c\",\"payload\":\"\\ud800\"}");
    assertEquals("\"\\ud800\"", r.payload().text());
  }

  @Test
  void whateverAnErrorEchoesIsEncodableUtf8() {
    String out =
        codec.encode(new ServerMessage.Error(ErrorCode.UNKNOWN_TYPE, "type '\ud800'", "\udfff"));
    assertTrue(org.tfx.sessions.json.WellFormed.is(out), out);
    JsonObject o = parse(out);
    assertEquals("\ufffd", o.getString("ref"));
  }

  @Test
  void structuralRefusalsStillCarryTheRef() {
    for (String frame :
        List.of(
            "{\"type\":\"ping\",\"id\":\"r1\",\"type\":\"ping\"}",
            "{\"id\":\"r1\",\"type\":\"relay\",\"channel\":\"c\",\"payload\":"
                + "[".repeat(40)
                + "]".repeat(40)
                + "}",
            "{\"type\":\"update\",\"x\":" + "[".repeat(40) + "]".repeat(40) + ",\"id\":\"r1\"}",
            "{\"type\":\"ping\",\"ts\":1e99999999999,\"id\":\"r1\"}")) {
      ProtocolException e = refusal(frame);
      assertEquals(ErrorCode.INVALID_MESSAGE, e.code(), frame);
      assertEquals("r1", e.ref(), frame);
    }
    assertEquals("r1", refusal("{\"id\":\"r1\",\"type\":\"ping\"} x").ref());
    // Far deeper than the parser's own limit (1,000 in Parsson, a bare RuntimeException).
    for (String open : List.of("[", "{\"a\":")) {
      String deep = open.repeat(5000) + "1" + (open.equals("[") ? "]" : "}").repeat(5000);
      assertEquals(
          ErrorCode.INVALID_MESSAGE,
          refusal("{\"id\":\"r1\",\"type\":\"update\",\"x\":" + deep + "}").code());
      assertEquals(
          "r1", refusal("{\"id\":\"r1\",\"type\":\"relay\",\"payload\":" + deep + "}").ref());
    }
    assertEquals(ErrorCode.BAD_JSON, refusal("{\"id\":\"r1\",\"type\":\"ping\"} x").code());
  }
}
