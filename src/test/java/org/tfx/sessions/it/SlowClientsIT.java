package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.FrameLimit;
import org.tfx.sessions.it.support.HostileSocket;
import org.tfx.sessions.it.support.Peer;

/**
 * Slow clients must not starve anyone else, on every container: 200 sockets dripping header lines
 * (slowloris) or request bodies a byte at a time, from their own addresses, while a client from
 * another address keeps joining rooms and calling the API. Also the frame limit: a frame over 64
 * KiB ends its socket, already while it is still arriving.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowClientsIT extends ApiIntegrationTest {
  private static final int ATTACKERS = 200;
  private static final Duration ATTACK = Duration.ofSeconds(13);

  @Test
  void slowHeadersStarveNobody() throws Exception {
    attack("slow headers", this::slowHeaders);
  }

  @Test
  void slowBodiesStarveNobodyAndEndIn408() throws Exception {
    AtomicInteger timeouts = new AtomicInteger();
    attack("slow bodies", (s, running) -> slowBody(s, running, timeouts));
    assertTrue(
        timeouts.get() >= ATTACKERS / 2,
        "slow bodies are cut off with 408 request-timeout (" + timeouts + ")");
  }

  @Test
  void aFrameOverTheLimitIsClosedAsTooBig() throws Exception {
    assertTooBig(closeAfter(1024 * 1024));
  }

  @Test
  void aTenMegabyteFrameIsClosedAsTooBig() throws Exception {
    assertTooBig(closeAfter(10 * 1024 * 1024));
  }

  /**
   * A frame over the limit ends its socket while it is still arriving, so no container holds more
   * than the limit for it: with Tyrus's default 4 MiB frame buffer, 100 sockets from one address
   * each sending 4 MB of a frame they never finished took Payara's 512 MiB heap to OutOfMemoryError
   * in 8 s.
   */
  @Test
  void aFrameOverTheLimitIsRefusedWhileItIsStillArriving() throws Exception {
    try (HostileSocket ws =
        HostileSocket.open(base, InetAddress.getByName("127.0.0.31"), false, 10_000)) {
      byte[] part = new byte[128 * 1024];
      java.util.Arrays.fill(part, (byte) 'x');
      try {
        ws.sendTextStart(4L * 1024 * 1024, part);
      } catch (IOException e) {
        // the server may close before taking it all
      }
      ws.setReadTimeout(2_000);
      assertTooBig((HostileSocket.Close) ws.read());
    }
  }

  private static void assertTooBig(HostileSocket.Close close) {
    FrameLimit.assertClosedAsTooBig(close.code(), close.reason());
  }

  private HostileSocket.Close closeAfter(int bytes) throws IOException {
    try (HostileSocket ws =
        HostileSocket.open(base, InetAddress.getByName("127.0.0.30"), false, 10_000)) {
      byte[] big = new byte[bytes];
      java.util.Arrays.fill(big, (byte) 'x');
      try {
        ws.sendText(big);
      } catch (IOException e) {
        // the server may close before taking it all
      }
      return (HostileSocket.Close) ws.read();
    }
  }

  interface Attacker {
    void run(Socket s, AtomicBoolean running) throws IOException, InterruptedException;
  }

  private void attack(String what, Attacker attacker) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < ATTACKERS; i++) {
      InetAddress from = InetAddress.getByName("127.0.0." + (40 + i % 2));
      Thread t =
          new Thread(
              () -> {
                try (Socket s = new Socket()) {
                  s.bind(new InetSocketAddress(from, 0));
                  s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                  attacker.run(s, running);
                } catch (IOException | InterruptedException e) {
                  // the server may cut an attacker off: that is its right
                }
              },
              "slow-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    Thread.sleep(2_000);
    // Meanwhile, from 127.0.0.1: joins and API calls, each timed.
    List<Long> apiMs = Collections.synchronizedList(new ArrayList<>());
    List<Long> joinMs = new ArrayList<>();
    long end = System.nanoTime() + ATTACK.toNanos();
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      assertEquals(200, api.get("/api/client-config").statusCode());
      apiMs.add((System.nanoTime() - t0) / 1_000_000);
      t0 = System.nanoTime();
      Api.NewRoom room = api.createRoom();
      apiMs.add((System.nanoTime() - t0) / 1_000_000);
      t0 = System.nanoTime();
      try (Peer p = Peer.join(base, room, "Ok")) {
        joinMs.add((System.nanoTime() - t0) / 1_000_000);
        p.client().send("{\"type\":\"ping\"}");
        p.client().next("pong");
      }
      Thread.sleep(100);
    }
    running.set(false);
    for (Thread t : threads) {
      t.join(15_000);
    }
    List<Long> sorted = new ArrayList<>(apiMs);
    Collections.sort(sorted);
    long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    Collections.sort(joinMs);
    System.out.printf(
        "%s: %d attackers; %d API calls from elsewhere, p50 %d ms, p99 %d ms, max %d ms;"
            + " %d joins, slowest %d ms%n",
        what,
        ATTACKERS,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        p99,
        sorted.get(sorted.size() - 1),
        joinMs.size(),
        joinMs.get(joinMs.size() - 1));
    assertTrue(p99 <= 100, what + ": p99 of other requests " + p99 + " ms");
    assertTrue(joinMs.get(joinMs.size() - 1) <= 2_000, what + ": joins kept working");
  }

  /** Slowloris: a request line, then one header line every 5 s, never the blank line. */
  private void slowHeaders(Socket s, AtomicBoolean running)
      throws IOException, InterruptedException {
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET /signal HTTP/1.1\r\nHost: " + base.getHost() + "\r\nUpgrade: websocket\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    for (int i = 0; running.get(); i++) {
      Thread.sleep(5_000);
      out.write(("X-Drip-" + i + ": 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  /** A body announced as 1,000 bytes, sent one byte a second. */
  private void slowBody(Socket s, AtomicBoolean running, AtomicInteger timeouts)
      throws IOException, InterruptedException {
    s.setSoTimeout(30_000);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /api/rooms HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    while (running.get() || in.available() > 0) {
      if (in.available() > 0) {
        String head = new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1);
        if (head.startsWith("HTTP/1.1 408")) {
          timeouts.incrementAndGet();
        }
        return;
      }
      Thread.sleep(1_000);
      try {
        out.write(' ');
        out.flush();
      } catch (IOException e) {
        return;
      }
    }
    // The attack is over: wait for the server's verdict on this body.
    String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
    if (head.startsWith("HTTP/1.1 408")) {
      timeouts.incrementAndGet();
    }
  }
}
