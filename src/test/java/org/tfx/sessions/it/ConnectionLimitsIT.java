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
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.RawWebSocket;
import org.tfx.sessions.it.support.SignalClient;

/**
 * What the container negotiates and how a full node answers, on each container: {@code /signal}
 * turns down the permessage-deflate browsers offer unless {@code tfx.ws.deflate} is on (then a
 * compressed conversation works); a node at {@code tfx.ws.maxSockets} refuses new signalling
 * sockets at once with 503 while {@code /health} and the REST API answer.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionLimitsIT extends ApiIntegrationTest {
  private static final int CAP = 20;
  private static ExtraServer tuned;

  @BeforeAll
  static void startTuned() throws Exception {
    if (ExtraServer.available()) {
      tuned =
          ExtraServer.start(
              "limits", Map.of("tfx.ws.deflate", "true", "tfx.ws.maxSockets", String.valueOf(CAP)));
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
}
