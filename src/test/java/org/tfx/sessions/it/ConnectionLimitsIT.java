package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.server.ExtraServer;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.it.support.RawWebSocket;
import org.tfx.sessions.it.support.SignalClient;

/**
 * What the container negotiates and how a full node answers, on each container: {@code /signal}
 * turns down the permessage-deflate browsers offer unless {@code tfx.ws.deflate} is on (then a
 * compressed conversation works); a node at {@code tfx.ws.maxSockets} refuses new signalling
 * sockets at once with 503 while {@code /health} and the REST API answer; a silent socket is closed
 * after {@code tfx.ws.idleTimeout} (1001), one that pings is not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionLimitsIT extends ApiIntegrationTest {
  private static final int CAP = 20;
  private static final Duration IDLE = Duration.ofSeconds(6);
  private static ExtraServer tuned;

  @BeforeAll
  static void startTuned() throws Exception {
    if (ExtraServer.available()) {
      tuned =
          ExtraServer.start(
              "limits",
              Map.of(
                  "tfx.ws.deflate",
                  "true",
                  "tfx.ws.maxSockets",
                  String.valueOf(CAP),
                  "tfx.ws.idleTimeout",
                  IDLE.toSeconds() + "s"));
    }
  }

  @AfterAll
  static void stopTuned() throws Exception {
    if (tuned != null) {
      tuned.close();
    }
  }

  @Test
  void permessageDeflateIsTurnedDownByDefault() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(base, RawWebSocket.BROWSER_EXTENSIONS)) {
      assertEquals(101, ws.status());
      assertNull(ws.header("Sec-WebSocket-Extensions"), "no extension negotiated");
      ws.sendText("{\"type\":\"ping\",\"ts\":1}");
      assertTrue(ws.readText().contains("\"pong\""));
    }
  }

  @Test
  void permessageDeflateWorksWhenTurnedOn() throws Exception {
    assumeTrue(tuned != null, "this stage cannot start a second server");
    try (RawWebSocket ws = RawWebSocket.open(tuned.base(), RawWebSocket.BROWSER_EXTENSIONS)) {
      assertEquals(101, ws.status());
      assertTrue(ws.deflate(), "negotiated: " + ws.header("Sec-WebSocket-Extensions"));
      for (int ts = 1; ts <= 3; ts++) {
        ws.sendText("{\"type\":\"ping\",\"ts\":" + ts + "}");
        assertEquals("{\"type\":\"pong\",\"ts\":" + ts + "}", ws.readText());
      }
    }
  }

  @Test
  void aFullNodeRefusesNewSocketsAtOnceAndStillAnswersTheRest() throws Exception {
    assumeTrue(tuned != null, "this stage cannot start a second server");
    URI node = tuned.base();
    List<SignalClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        SignalClient c = SignalClient.connect(node);
        c.send("{\"type\":\"ping\"}");
        c.next("pong");
        open.add(c);
      }
      long t0 = System.nanoTime();
      assertEquals(503, SignalClient.handshakeStatus(node, node.toString()));
      long refusedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(refusedMs < 2000, "refused at once, not after a hang: " + refusedMs + " ms");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(node.resolve("/health"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(node.resolve("/api/rooms"))
                  .timeout(Duration.ofSeconds(3))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode());

      open.remove(0).close();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status = 503;
      while (status == 503 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        status = SignalClient.handshakeStatus(node, node.toString());
      }
      assertEquals(101, status, "a place freed is taken again");
      assertFalse(open.isEmpty());
    } finally {
      open.forEach(SignalClient::close);
    }
  }

  /**
   * On Payara, Tyrus would schedule an idle-timer task per frame in and out even with its timeout
   * off; the app hands each signalling session an executor that takes none (tfx.ws.tyrusIdleTasks,
   * deployment.md). This Payara's Tyrus must still be the one that can be told so.
   */
  @Test
  void onTyrusTheSignallingSessionsScheduleNoTimerTaskPerFrame() throws Exception {
    assumeTrue("payara".equals(System.getProperty("it.server")), "a Tyrus container only");
    Api.NewRoom room = api.createRoom();
    try (Peer a = Peer.join(base, room, "A")) {
      a.client().send("{\"type\":\"ping\"}");
      a.client().next("pong");
    }
    String log = Files.readString(Path.of(System.getProperty("it.server.log")));
    assertTrue(log.contains("per-frame idle-timer tasks are off"), "the bypass is in place");
    assertFalse(log.contains("keeps its per-frame idle-timer tasks"), "the bypass failed");
  }

  @Test
  void aSilentSocketIsClosedAfterTheIdleTimeoutAndOneThatPingsIsNot() throws Exception {
    assumeTrue(tuned != null, "this stage cannot start a second server");
    Api.NewRoom room = new Api(tuned.base()).createRoom();
    try (Peer silent = Peer.join(tuned.base(), room, "Silent");
        Peer talking = Peer.join(tuned.base(), room, "Talking")) {
      long t0 = System.nanoTime();
      // 1 s between pings, for longer than the timeout and one sweep (1 s for 6 s).
      for (int i = 0; i < 9 && !silent.client().isClosed(); i++) {
        talking.client().send("{\"type\":\"ping\",\"ts\":" + i + "}");
        Thread.sleep(1000);
      }
      int code = silent.client().awaitClose(Duration.ofSeconds(10));
      long afterMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(1001, code, "going away, as docs/developer/protocol.md says");
      assertTrue(afterMs >= IDLE.toMillis(), "not before the timeout: " + afterMs + " ms");
      assertTrue(afterMs < IDLE.toMillis() + 4000, "soon after it: " + afterMs + " ms");
      assertFalse(talking.client().isClosed(), "a socket that pings stays");
      talking.client().send("{\"type\":\"ping\",\"ts\":99}");
      int ts;
      do {
        ts = talking.client().next("pong").getInt("ts");
      } while (ts != 99);
    }
  }
}
