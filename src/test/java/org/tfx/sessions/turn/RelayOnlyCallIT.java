package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.it.support.HeadlessChromium;

/**
 * A relay-only call between two pages of one headless Chromium through a real coturn, with the ICE
 * servers our {@link IceServerProvider} issues. Independent of the client SDK: the pages hold a
 * bare RTCPeerConnection with {@code iceTransportPolicy: 'relay'} and the test carries the SDP
 * between them.
 *
 * <p>Chromium runs in coturn's network namespace (through an nsenter wrapper as its executable;
 * Playwright talks to it over a pipe), or in the JVM's when that is already loopback-only. On a
 * machine with neither, the test is skipped: a browser may contact more than loopback.
 */
class RelayOnlyCallIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String ORIGIN = "http://127.0.0.1:9/";
  private static final String SECRET = "browser-it-secret";

  @TempDir static Path dir;
  private static Coturn coturn;
  private static HeadlessChromium chromium;
  private static Browser browser;

  /** The page: a bare peer connection, driven by the test through window.* functions. */
  private static final String PAGE =
      """
      <!doctype html><meta charset="utf-8"><title>relay-only call</title>
      <video id="remote" autoplay muted playsinline></video>
      <script>
      let pc;
      const errors = [];
      const gathered = () => new Promise(resolve => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve();
        });
      });
      window.start = async (iceServers) => {
        const stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
        pc = new RTCPeerConnection({iceServers, iceTransportPolicy: 'relay'});
        pc.onicecandidateerror = e => errors.push(e.errorCode);
        pc.ontrack = e => {
          const v = document.getElementById('remote');
          if (v.srcObject !== e.streams[0]) { v.srcObject = e.streams[0]; v.play(); }
        };
        stream.getTracks().forEach(t => pc.addTrack(t, stream));
      };
      window.offer = async () => {
        await pc.setLocalDescription(); await gathered(); return pc.localDescription.sdp;
      };
      window.answer = async (sdp) => {
        await pc.setRemoteDescription({type: 'offer', sdp});
        await pc.setLocalDescription(); await gathered(); return pc.localDescription.sdp;
      };
      window.accept = async (sdp) => pc.setRemoteDescription({type: 'answer', sdp});
      window.candidateErrors = () => errors;
      window.connected = () => new Promise((resolve, reject) => {
        const check = () => {
          if (pc.connectionState === 'connected') resolve(true);
          if (pc.connectionState === 'failed') reject(new Error('connection failed'));
        };
        pc.addEventListener('connectionstatechange', check); check();
      });
      window.media = async () => {
        const stats = await pc.getStats();
        let pair, frames = 0, transport;
        stats.forEach(s => { if (s.type === 'transport') transport = s; });
        stats.forEach(s => {
          if (s.type === 'candidate-pair' && transport && s.id === transport.selectedCandidatePairId) pair = s;
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0;
        });
        return {
          local: pair ? stats.get(pair.localCandidateId).candidateType : null,
          remote: pair ? stats.get(pair.remoteCandidateId).candidateType : null,
          relayProtocol: pair ? stats.get(pair.localCandidateId).relayProtocol || null : null,
          frames
        };
      };
      </script>
      """;

  @BeforeAll
  static void startCoturnAndChromium() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (.ci/run installs it)");
    assumeTrue(
        Coturn.isolation().allowsNonLoopbackTargets(),
        "the browser test runs only where nothing but loopback exists (.ci/run runs it so)");
    coturn = Coturn.withTestConfig(dir, List.of(SECRET));
    Path executable = CHROMIUM;
    if (coturn.isolationUsed() == Coturn.Isolation.OWN_NAMESPACE) {
      executable = dir.resolve("chromium-in-namespace");
      Files.writeString(
          executable,
          "#!/bin/sh\nexec nsenter --net=" + coturn.namespacePath() + " " + CHROMIUM + " \"$@\"\n");
      Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    }
    chromium =
        HeadlessChromium.launch(
            executable,
            List.of(
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection"));
    browser = chromium.browser();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  private static List<IceServer> iceServers(String secret, String subject) {
    Settings.Turn turn =
        new Settings.Turn(
            List.of(),
            List.of("turn:127.0.0.1:" + coturn.port()),
            List.of(secret),
            Duration.ofHours(1));
    return new IceServerProvider(turn, Clock.systemUTC()).forSubject(subject);
  }

  /** The page served by the test itself: no request reaches any server. */
  private static Page open(BrowserContext context) {
    Page page = context.newPage();
    page.route(
        ORIGIN + "**",
        route ->
            route.fulfill(
                new com.microsoft.playwright.Route.FulfillOptions()
                    .setContentType("text/html")
                    .setBody(PAGE)));
    page.navigate(ORIGIN + "call.html");
    return page;
  }

  private static Object toJs(List<IceServer> servers) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (IceServer s : servers) {
      out.add(Map.of("urls", s.urls(), "username", s.username(), "credential", s.credential()));
    }
    return out;
  }

  @Test
  void twoPagesTalkOnlyThroughTheRelay() {
    Map<String, Object> media = call(iceServers(SECRET, "alice"), iceServers(SECRET, "bob"));
    assertEquals("udp", media.get("relayProtocol"), media.toString());
    assertTrue(
        coturn.awaitLog(Duration.ofSeconds(2), ":alice>", "ALLOCATE processed, success"),
        coturn.log());
  }

  /** Networks that drop UDP leave TURN over TCP, the second URL a bare turn: URL expands to. */
  @Test
  void relaysOverTcpWhenOnlyTheTcpUrlIsOffered() {
    Map<String, Object> media =
        call(onlyTcp(iceServers(SECRET, "carol")), onlyTcp(iceServers(SECRET, "dave")));
    assertEquals("tcp", media.get("relayProtocol"), media.toString());
  }

  private static List<IceServer> onlyTcp(List<IceServer> servers) {
    IceServer turn = servers.get(0);
    List<String> tcp = turn.urls().stream().filter(u -> u.endsWith("?transport=tcp")).toList();
    assertEquals(1, tcp.size(), turn.urls().toString());
    return List.of(new IceServer(tcp, turn.username(), turn.credential()));
  }

  /**
   * Connects two pages relay-only and returns the answerer's media stats after checking that both
   * ends of the selected pair are relay candidates and video frames advance.
   */
  private static Map<String, Object> call(List<IceServer> offerer, List<IceServer> answerer) {
    try (BrowserContext context = browser.newContext()) {
      long t0 = System.nanoTime();
      Page a = open(context);
      Page b = open(context);
      a.evaluate("s => start(s)", toJs(offerer));
      b.evaluate("s => start(s)", toJs(answerer));

      String offer = (String) a.evaluate("() => offer()");
      assertTrue(offer.contains(" typ relay"), offer);
      assertFalse(offer.contains(" typ host") || offer.contains(" typ srflx"), offer);
      String answer = (String) b.evaluate("sdp => answer(sdp)", offer);
      a.evaluate("sdp => accept(sdp)", answer);
      a.evaluate("() => connected()");
      b.evaluate("() => connected()");
      long connectedMs = (System.nanoTime() - t0) / 1_000_000;

      Map<String, Object> first = media(b);
      assertEquals("relay", first.get("local"), first.toString());
      assertEquals("relay", first.get("remote"), first.toString());
      b.waitForTimeout(1000);
      Map<String, Object> later = media(b);
      int framesBefore = ((Number) first.get("frames")).intValue();
      int framesAfter = ((Number) later.get("frames")).intValue();
      assertTrue(framesAfter > framesBefore, "video frames must advance: " + first + " → " + later);
      System.out.printf(
          "[turn-it] browser relay-only call (%s) connected in %d ms; frames %d → %d in 1 s%n",
          later.get("relayProtocol"), connectedMs, framesBefore, framesAfter);
      return later;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> media(Page page) {
    return (Map<String, Object>) page.evaluate("() => media()");
  }

  @Test
  void wrongCredentialsGiveNoRelayCandidateAnd401() {
    try (BrowserContext context = browser.newContext()) {
      Page page = open(context);
      page.evaluate("s => start(s)", toJs(iceServers("not-the-secret", "mallory")));
      String offer = (String) page.evaluate("() => offer()");
      assertFalse(offer.contains(" typ "), "no candidate expected:\n" + offer);
      @SuppressWarnings("unchecked")
      List<Number> errors = (List<Number>) page.evaluate("() => candidateErrors()");
      assertTrue(errors.stream().anyMatch(e -> e.intValue() == 401), errors.toString());
    }
  }
}
