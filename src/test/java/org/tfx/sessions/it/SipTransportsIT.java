package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.sip.ConsoleClient;
import org.tfx.sessions.it.sip.SipFuzzer;
import org.tfx.sessions.it.sip.Sipp;
import org.tfx.sessions.it.support.ApiIntegrationTest;

/**
 * The SIP server over UDP and TCP with sipp (registered phones answering calls through the proxy,
 * digest on REGISTER and INVITE, 404 and 480), the listener turned off and on at run time, the
 * WebSocket endpoint's handshake rules, and a generated storm of malformed messages over UDP and
 * WebSocket after which everything still works.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SipTransportsIT extends ApiIntegrationTest {
  static final String ALICE = "alice-t";
  static final String BOB = "bob-t";
  static final String CAROL = "carol-t";
  static final String PASSWORD = "sip-password-1";

  private ConsoleClient console;

  /**
   * On the PostgreSQL stage only what touches the database (accounts, digest) runs: TCP framing,
   * the WebSocket handshake and the fuzz storm do not depend on it.
   */
  private static void notOnPostgres() {
    assumeTrue(
        !System.getProperty("tfx.db.url", "").startsWith("jdbc:postgresql:"),
        "database-independent: not repeated on PostgreSQL");
  }

  @BeforeEach
  void accounts() throws Exception {
    assumeTrue(Files.isExecutable(Sipp.EXECUTABLE), "sipp (Debian sip-tester) is not installed");
    console = ConsoleClient.signIn(base);
    for (String user : new String[] {ALICE, BOB, CAROL}) {
      console.addAccount(user, PASSWORD);
    }
  }

  @Test
  void udpCallGoesThroughTheProxyWithDigestOnRegisterAndInvite() throws Exception {
    callBob(Sipp.Mode.UDP, 25070, 25080);
  }

  @Test
  void tcpCallGoesThroughTheProxy() throws Exception {
    notOnPostgres();
    callBob(Sipp.Mode.TCP, 25071, 25081);
  }

  private void callBob(Sipp.Mode mode, int phonePort, int callerPort) throws Exception {
    try (Sipp.Phone bob = Sipp.Phone.register(mode, phonePort, BOB, PASSWORD, "answer.xml")) {
      console.awaitRegistered(BOB, true, Duration.ofSeconds(10));
      Sipp.Result call =
          Sipp.run(
              Sipp.scenario("call.xml", Map.of("CALLER", ALICE)),
              mode,
              callerPort,
              BOB,
              ALICE,
              PASSWORD,
              15);
      assertTrue(call.passed(), () -> "INVITE-180-200-ACK-BYE-200 failed:\n" + call.trace());
      String answered = bob.trace();
      assertTrue(answered.contains("BYE sip:"), () -> "bob never got the BYE:\n" + answered);
      assertTrue(
          answered.contains("Record-Route: <sip:tfx-"), () -> "no Record-Route:\n" + answered);
    }
    if (mode == Sipp.Mode.TCP) {
      // A registration over TCP is bound to its connection: it ends with it (RFC 5626).
      console.awaitRegisteredOver(BOB, "TCP", false, Duration.ofSeconds(5));
    }
  }

  @Test
  void callsToAnUnknownUserGet404AndToAnUnregisteredOneGet480() throws Exception {
    Sipp.Result unknown =
        Sipp.run(
            Sipp.scenario("call-fails.xml", Map.of("CALLER", ALICE, "EXPECTED", "404")),
            Sipp.Mode.UDP,
            25082,
            "nobody-by-that-name",
            ALICE,
            PASSWORD,
            10);
    assertTrue(unknown.passed(), () -> "expected 404:\n" + unknown.trace());
    Sipp.Result away =
        Sipp.run(
            Sipp.scenario("call-fails.xml", Map.of("CALLER", ALICE, "EXPECTED", "480")),
            Sipp.Mode.UDP,
            25083,
            CAROL,
            ALICE,
            PASSWORD,
            10);
    assertTrue(away.passed(), () -> "expected 480:\n" + away.trace());
  }

  @Test
  void theListenerTurnsOffAndOnAgainWithoutARedeploy() throws Exception {
    notOnPostgres();
    int port = Sipp.serverPort();
    assertTrue(options(25090).passed(), "OPTIONS answered while the listener is on");
    console.listener("stop", port);
    assertEquals(
        false, console.live().getJsonObject("listener").getBoolean("running"), "reported off");
    assertTrue(!options(25091).passed(), "no answer while the listener is off");
    console.listener("start", port);
    assertTrue(console.live().getJsonObject("listener").getBoolean("running"), "reported on");
    assertTrue(options(25092).passed(), "answered again once on");
  }

  private static Sipp.Result options(int localPort) throws Exception {
    return Sipp.run(
        Sipp.scenario("options.xml", Map.of()), Sipp.Mode.UDP, localPort, "probe", null, null, 2);
  }

  @Test
  void theWebSocketWantsSubprotocolSipAndTheSameOriginsAsSignalling() throws Exception {
    notOnPostgres();
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    http.newWebSocketBuilder()
        .buildAsync(
            java.net.URI.create(base.toString().replaceFirst("^http", "ws") + "sip"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closed.complete(code);
                return null;
              }
            })
        .join();
    assertEquals(1002, closed.get(5, TimeUnit.SECONDS), "no subprotocol: protocol error");

    CompletableFuture<WebSocket> foreign =
        http.newWebSocketBuilder()
            .subprotocols("sip")
            .header("Origin", "http://evil.example.test")
            .buildAsync(
                java.net.URI.create(base.toString().replaceFirst("^http", "ws") + "sip"),
                new WebSocket.Listener() {});
    Throwable refused = null;
    try {
      foreign.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      refused = e.getCause();
    }
    assertTrue(
        refused instanceof java.net.http.WebSocketHandshakeException h
            && h.getResponse().statusCode() == 403,
        "foreign origin: 403, not " + refused);
  }

  @Test
  void aThousandMalformedMessagesOverUdpAndWebSocketLoseNothing() throws Exception {
    notOnPostgres();
    try (Sipp.Phone bob = Sipp.Phone.register(Sipp.Mode.UDP, 25072, BOB, PASSWORD, "answer.xml")) {
      console.awaitRegistered(BOB, true, Duration.ofSeconds(10));
      long badBefore = console.live().getJsonObject("counters").getJsonNumber("bad").longValue();

      SipFuzzer fuzzer = new SipFuzzer(20_2611L, "127.0.0.1", Sipp.serverPort());
      int udp = fuzzUdp(fuzzer, 1_200);
      int ws = fuzzWebSocket(fuzzer, 1_200);

      assertEquals(200, api.get("/health").statusCode(), "the server is alive");
      assertTrue(console.registered(BOB), "bob's registration survived");
      Sipp.Result call =
          Sipp.run(
              Sipp.scenario("call.xml", Map.of("CALLER", ALICE)),
              Sipp.Mode.UDP,
              25084,
              BOB,
              ALICE,
              PASSWORD,
              15);
      assertTrue(call.passed(), () -> "a normal call after the storm:\n" + call.trace());
      long bad =
          console.live().getJsonObject("counters").getJsonNumber("bad").longValue() - badBefore;
      System.out.printf(
          "fuzz: %d over UDP, %d over WebSocket; the server counted %d bad%n", udp, ws, bad);
      assertTrue(bad > 500, "most of them were bad and seen as such: " + bad);
    }
  }

  private static int fuzzUdp(SipFuzzer fuzzer, int count) throws Exception {
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", Sipp.serverPort());
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 25999))) {
      socket.setSoTimeout(1);
      byte[] answer = new byte[65_536];
      for (int i = 0; i < count; i++) {
        byte[] m = fuzzer.next();
        socket.send(new DatagramPacket(m, Math.min(m.length, 65_000), server));
        try {
          socket.receive(new DatagramPacket(answer, answer.length)); // drain 400s as we go
        } catch (java.net.SocketTimeoutException e) {
          // not every message earns an answer
        }
      }
    }
    return count;
  }

  private int fuzzWebSocket(SipFuzzer fuzzer, int count) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    java.net.URI uri = java.net.URI.create(base.toString().replaceFirst("^http", "ws") + "sip");
    int sent = 0;
    int connections = 0;
    while (sent < count) {
      AtomicBoolean open = new AtomicBoolean(true);
      WebSocket ws =
          http.newWebSocketBuilder()
              .subprotocols("sip")
              .buildAsync(
                  uri,
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                      open.set(false);
                      return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                      open.set(false);
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      connections++;
      while (open.get() && sent < count) {
        byte[] m = fuzzer.next();
        try {
          if (sent % 3 == 0) {
            ws.sendBinary(ByteBuffer.wrap(m), true).get(5, TimeUnit.SECONDS);
          } else {
            ws.sendText(new String(m, java.nio.charset.StandardCharsets.UTF_8), true)
                .get(5, TimeUnit.SECONDS);
          }
          sent++;
        } catch (java.util.concurrent.ExecutionException e) {
          open.set(false); // the server closed it (a message over the limit): open another
        }
      }
      ws.abort();
    }
    System.out.printf("fuzz: WebSocket messages went over %d connections%n", connections);
    return sent;
  }
}
