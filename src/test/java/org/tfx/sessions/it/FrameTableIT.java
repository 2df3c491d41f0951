package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.Peer;

/**
 * Valid and invalid frames side by side, each with the answer docs/developer/protocol.md promises.
 * All go through one socket, which must stay usable after every refusal.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FrameTableIT {

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  /** What a frame should cause: an error to the sender, a reply to it, or a delivery to peer B. */
  private sealed interface Expect {}

  private record ErrorToSender(String code) implements Expect {}

  private record ReplyToSender(String type, Consumer<JsonObject> check) implements Expect {}

  private record DeliveryToB(String type, Consumer<JsonObject> check) implements Expect {}

  /** {@code frame} gets the ids of A and B, so cases can address them. */
  private record Case(String name, Function<String[], String> frame, Expect expect) {}

  private static Case bad(String name, String frame, String code) {
    return new Case(name, ids -> frame, new ErrorToSender(code));
  }

  private static Case bad(String name, Function<String[], String> frame, String code) {
    return new Case(name, frame, new ErrorToSender(code));
  }

  private static String nested(int depth, String inner) {
    return "[".repeat(depth - 1) + inner + "]".repeat(depth - 1);
  }

  static List<Case> cases() {
    String tooLongName = "n".repeat(65);
    List<Case> c = new ArrayList<>();
    // Not JSON objects at all.
    c.add(bad("plain text", "not json", "bad-json"));
    c.add(bad("empty frame", "", "bad-json"));
    c.add(bad("array", "[]", "bad-json"));
    c.add(bad("string", "\"ping\"", "bad-json"));
    c.add(bad("number", "42", "bad-json"));
    c.add(bad("null", "null", "bad-json"));
    c.add(bad("unterminated", "{\"type\":\"ping\"", "bad-json"));
    c.add(bad("trailing garbage", "{\"type\":\"ping\"} x", "bad-json"));
    c.add(bad("two objects", "{\"type\":\"ping\"}{\"type\":\"ping\"}", "bad-json"));
    c.add(bad("single quotes", "{'type':'ping'}", "bad-json"));
    c.add(bad("bare NaN", "{\"type\":\"ping\",\"ts\":NaN}", "bad-json"));
    // Type problems.
    c.add(bad("no type", "{}", "unknown-type"));
    c.add(bad("null type", "{\"type\":null}", "unknown-type"));
    c.add(bad("numeric type", "{\"type\":42}", "unknown-type"));
    c.add(bad("unknown type", "{\"type\":\"nope\"}", "unknown-type"));
    c.add(bad("type is case-sensitive", "{\"type\":\"PING\"}", "unknown-type"));
    c.add(bad("type as object", "{\"type\":{\"t\":\"ping\"}}", "unknown-type"));
    // Members missing, mistyped, null, too long.
    c.add(bad("signal without to", "{\"type\":\"signal\",\"payload\":1}", "invalid-message"));
    c.add(
        bad(
            "signal without payload",
            ids -> "{\"type\":\"signal\",\"to\":\"" + ids[1] + "\"}",
            "invalid-message"));
    c.add(
        bad(
            "signal to a number",
            "{\"type\":\"signal\",\"to\":42,\"payload\":1}",
            "invalid-message"));
    c.add(
        bad(
            "signal to null",
            "{\"type\":\"signal\",\"to\":null,\"payload\":1}",
            "invalid-message"));
    c.add(
        bad(
            "signal to empty",
            "{\"type\":\"signal\",\"to\":\"\",\"payload\":1}",
            "invalid-message"));
    c.add(
        bad(
            "signal to a long id",
            "{\"type\":\"signal\",\"to\":\"" + "x".repeat(100) + "\",\"payload\":1}",
            "invalid-message"));
    c.add(bad("relay without channel", "{\"type\":\"relay\",\"payload\":1}", "invalid-message"));
    c.add(
        bad(
            "relay channel with spaces",
            "{\"type\":\"relay\",\"channel\":\"bad channel!\",\"payload\":1}",
            "invalid-message"));
    c.add(
        bad(
            "relay channel too long",
            "{\"type\":\"relay\",\"channel\":\"" + "c".repeat(65) + "\",\"payload\":1}",
            "invalid-message"));
    c.add(
        bad(
            "payload nested 33 deep",
            "{\"type\":\"relay\",\"channel\":\"x\",\"payload\":" + nested(33, "1") + "}",
            "invalid-message"));
    c.add(
        bad(
            "payload nested 5000 deep",
            "{\"type\":\"relay\",\"channel\":\"x\",\"payload\":" + nested(5000, "1") + "}",
            "invalid-message"));
    c.add(bad("muted as string", "{\"type\":\"update\",\"muted\":\"yes\"}", "invalid-message"));
    c.add(bad("empty name", "{\"type\":\"update\",\"name\":\"\"}", "invalid-message"));
    c.add(
        bad(
            "name of control characters only",
            "{\"type\":\"update\",\"name\":\"\\u0000\\u200e\\u202e\"}",
            "invalid-message"));
    c.add(
        bad(
            "name too long",
            "{\"type\":\"update\",\"name\":\"" + tooLongName + "\"}",
            "invalid-message"));
    c.add(bad("lock without locked", "{\"type\":\"lock\"}", "invalid-message"));
    c.add(bad("admit without peerId", "{\"type\":\"admit\"}", "invalid-message"));
    c.add(
        bad(
            "capacity 1e999999999",
            "{\"type\":\"configure\",\"capacity\":1e999999999}",
            "invalid-message"));
    c.add(
        bad(
            "capacity huge integer",
            "{\"type\":\"configure\",\"capacity\":123456789012345678901234567890}",
            "invalid-message"));
    c.add(
        bad("capacity fractional", "{\"type\":\"configure\",\"capacity\":2.5}", "invalid-message"));
    c.add(
        bad(
            "capacity as string",
            "{\"type\":\"configure\",\"capacity\":\"3\"}",
            "invalid-message"));
    c.add(bad("ts as string", "{\"type\":\"ping\",\"ts\":\"x\"}", "invalid-message"));
    c.add(bad("duplicate type", "{\"type\":\"ping\",\"type\":\"leave\"}", "invalid-message"));
    c.add(bad("id as number", "{\"type\":\"ping\",\"id\":5}", "invalid-message"));
    c.add(
        new Case(
            "error echoes the id as ref",
            ids -> "{\"type\":\"ping\",\"id\":\"r-77\",\"ts\":[]}",
            new ReplyToSender(
                "error",
                m -> {
                  assertEquals("invalid-message", m.getString("code"));
                  assertEquals("r-77", m.getString("ref"));
                })));
    // Valid frames that the rules refuse.
    c.add(
        bad(
            "signal to nobody",
            "{\"type\":\"signal\",\"to\":\"nobody\",\"payload\":1}",
            "peer-not-found"));
    c.add(
        bad(
            "signal to self",
            ids -> "{\"type\":\"signal\",\"to\":\"" + ids[0] + "\",\"payload\":1}",
            "peer-not-found"));
    c.add(bad("lock by non-owner", "{\"type\":\"lock\",\"locked\":true}", "not-owner"));
    c.add(
        bad(
            "kick by non-owner",
            ids -> "{\"type\":\"kick\",\"peerId\":\"" + ids[1] + "\"}",
            "not-owner"));
    c.add(bad("configure by non-owner", "{\"type\":\"configure\",\"capacity\":3}", "not-owner"));
    c.add(
        bad(
            "second hello",
            ids ->
                "{\"type\":\"hello\",\"version\":1,\"roomId\":\"r\",\"secret\":\"s\",\"name\":\"n\"}",
            "already-joined"));
    c.add(bad("knock when joined", "{\"type\":\"knock\"}", "not-knocking"));
    // Valid frames.
    c.add(new Case("ping", ids -> "{\"type\":\"ping\"}", new ReplyToSender("pong", m -> {})));
    c.add(
        new Case(
            "ping echoes a huge ts",
            ids -> "{\"type\":\"ping\",\"ts\":1e308}",
            new ReplyToSender(
                "pong", m -> assertEquals(1e308, m.getJsonNumber("ts").doubleValue()))));
    c.add(
        new Case(
            "unknown members are ignored",
            ids -> "{\"type\":\"ping\",\"extra\":{\"a\":[1]}}",
            new ReplyToSender("pong", m -> {})));
    c.add(
        new Case(
            "unicode payload",
            ids ->
                "{\"type\":\"signal\",\"to\":\""
                    + ids[1]
                    + "\",\"payload\":{\"t\":\"😀 ünïcødé \\u2028 中文\"}}",
            new DeliveryToB(
                "signal",
                m ->
                    assertEquals(
                        "😀 ünïcødé \u2028 中文", m.getJsonObject("payload").getString("t")))));
    c.add(
        new Case(
            "null payload",
            ids -> "{\"type\":\"signal\",\"to\":\"" + ids[1] + "\",\"payload\":null}",
            new DeliveryToB("signal", m -> assertTrue(m.isNull("payload")))));
    c.add(
        new Case(
            "script text is passed on as text",
            ids ->
                "{\"type\":\"relay\",\"channel\":\"chat\",\"payload\":\"<script>alert(1)</script>\"}",
            new DeliveryToB(
                "relay", m -> assertEquals("<script>alert(1)</script>", m.getString("payload")))));
    c.add(
        new Case(
            "payload nested 31 deep",
            ids -> "{\"type\":\"relay\",\"channel\":\"x\",\"payload\":" + nested(31, "1") + "}",
            new DeliveryToB(
                "relay", m -> assertEquals(nested(31, "1"), m.get("payload").toString()))));
    c.add(
        new Case(
            "relay to one peer",
            ids ->
                "{\"type\":\"relay\",\"to\":\""
                    + ids[1]
                    + "\",\"channel\":\"draw:v1\",\"payload\":[1,2,3]}",
            new DeliveryToB("relay", m -> assertEquals("draw:v1", m.getString("channel")))));
    c.add(
        new Case(
            "emoji name",
            ids -> "{\"type\":\"update\",\"name\":\"Zoë 👩‍💻\"}",
            new DeliveryToB(
                "peer-updated",
                m -> assertEquals("Zoë 👩‍💻", m.getJsonObject("peer").getString("name")))));
    c.add(
        new Case(
            "bidi override stripped from name",
            ids -> "{\"type\":\"update\",\"name\":\"  a\\u202Eb  \"}",
            new DeliveryToB(
                "peer-updated",
                m -> assertEquals("ab", m.getJsonObject("peer").getString("name")))));
    c.add(
        new Case(
            "mute and camera off",
            ids -> "{\"type\":\"update\",\"muted\":true,\"video\":false}",
            new DeliveryToB(
                "peer-updated",
                m -> {
                  assertTrue(m.getJsonObject("peer").getBoolean("muted"));
                  assertTrue(!m.getJsonObject("peer").getBoolean("video"));
                })));
    c.add(
        new Case(
            "big integer in payload kept exactly",
            ids ->
                "{\"type\":\"signal\",\"to\":\""
                    + ids[1]
                    + "\",\"payload\":123456789012345678901234567890}",
            new DeliveryToB(
                "signal",
                m -> assertEquals("123456789012345678901234567890", m.get("payload").toString()))));
    return c;
  }

  @Test
  void everyFrameGetsTheDocumentedAnswerAndTheSocketStaysUsable() throws Exception {
    URI base = url.toURI();
    Api.NewRoom room = new Api(base).createRoom();
    List<Case> cases = cases();
    assertTrue(cases.size() >= 40, "table size " + cases.size());
    try (Peer a = Peer.join(base, room, "A");
        Peer b = Peer.join(base, room, "B")) {
      a.client().next("peer-joined");
      a.client().next("room-updated");
      String[] ids = {a.id(), b.id()};
      for (Case c : cases) {
        a.client().send(c.frame().apply(ids));
        try {
          Expect expect = c.expect();
          if (expect instanceof ErrorToSender e) {
            JsonObject m = a.client().next();
            assertEquals("error", m.getString("type"), c.name() + ": " + m);
            assertEquals(e.code(), m.getString("code"), c.name() + ": " + m);
            assertTrue(!m.getString("message").isBlank(), c.name());
          } else if (expect instanceof ReplyToSender r) {
            JsonObject m = a.client().next();
            assertEquals(r.type(), m.getString("type"), c.name() + ": " + m);
            r.check().accept(m);
          } else if (expect instanceof DeliveryToB d) {
            JsonObject m = b.client().next(d.type());
            d.check().accept(m);
            // And no error went back to the sender: its next frame is the pong.
            a.client().send("{\"type\":\"ping\"}");
            assertEquals("pong", a.client().next().getString("type"), c.name());
          }
        } catch (AssertionError e) {
          throw new AssertionError("case '" + c.name() + "': " + e.getMessage(), e);
        }
      }
      assertTrue(!a.client().isClosed());
    }
  }
}
