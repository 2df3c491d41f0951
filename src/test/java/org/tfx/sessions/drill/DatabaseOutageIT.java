package org.tfx.sessions.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Frames;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.it.support.SignalClient;
import org.tfx.sessions.it.support.StandaloneServer;

/**
 * Fault drills: the database goes away for {@link #OUTAGE} in the middle of a call, then comes
 * back. Calls in progress keep relaying (the relay path never touches the database); joins and room
 * creation answer a typed {@code unavailable} / {@code 503 unavailable} within a few seconds
 * instead of hanging; {@code /health} says 503; and everything works again by itself once the
 * database is back, with nothing restarted.
 *
 * <p>H2 (the embedded stage): the H2 file lives on a small tmpfs that is filled to the last byte
 * (disk full); an H2 file database runs inside the server process, so a full disk is how it becomes
 * unavailable. PostgreSQL (the postgres stage): the server is stopped ({@code pg_ctl stop -m fast})
 * and started again. Needs root (mount, runuser), as {@code .ci/run} has.
 */
class DatabaseOutageIT {
  static final Duration OUTAGE = Duration.ofSeconds(10);

  /** A database that is down must be answered within the connection timeout and a margin. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(6);

  interface Outage {
    void begin() throws Exception;

    void end() throws Exception;
  }

  @Test
  void h2DiskFullMidCall() throws Exception {
    String url = System.getProperty("tfx.db.url", "");
    assumeTrue(url.isEmpty() || url.startsWith("jdbc:h2:"), "the H2 drill runs on the H2 stages");
    Path dir = Files.createDirectories(Path.of("target", "drill", "h2-disk").toAbsolutePath());
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir.toString()) == 0,
        "mounting a tmpfs needs root");
    try {
      Path filler = dir.resolve("filler");
      Map<String, String> props = new HashMap<>();
      props.put("tfx.db.url", "jdbc:h2:file:" + dir.resolve("db/tfx"));
      drill(
          "H2 disk full",
          props,
          new Outage() {
            @Override
            public void begin() throws IOException {
              fill(filler);
            }

            @Override
            public void end() throws IOException {
              Files.deleteIfExists(filler);
            }
          });
    } finally {
      run("umount", "-l", dir.toString());
    }
  }

  @Test
  void postgresStoppedMidCall() throws Exception {
    String pgCtl = System.getenv("IT_PG_CTL");
    assumeTrue(pgCtl != null, "the PostgreSQL drill runs in .ci/with-postgres");
    String data = System.getenv("IT_PG_DATA");
    Map<String, String> props = new HashMap<>();
    props.put("tfx.db.url", System.getProperty("tfx.db.url"));
    props.put("tfx.db.user", System.getProperty("tfx.db.user"));
    props.put("tfx.db.password", System.getProperty("tfx.db.password"));
    drill(
        "PostgreSQL stopped",
        props,
        new Outage() {
          @Override
          public void begin() throws Exception {
            pgCtl(pgCtl, "-D", data, "-m", "fast", "-w", "stop");
          }

          @Override
          public void end() throws Exception {
            pgCtl(
                pgCtl,
                "-D",
                data,
                "-l",
                System.getenv("IT_PG_LOG"),
                "-w",
                "-o",
                System.getenv("IT_PG_OPTS"),
                "start");
          }
        });
  }

  private void drill(String name, Map<String, String> props, Outage outage) throws Exception {
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "drill")), "server")
            .toAbsolutePath();
    props.put("tfx.db.timeout", "2s");
    props.put("tfx.session.grace", "30s");
    props.put("tfx.ws.helloTimeout", "10s");
    try (StandaloneServer server = new StandaloneServer(work, props)) {
      server.start();
      Api api = new Api(server.base());
      Api.NewRoom room = api.createRoom();
      Peer a = Peer.join(server.base(), room, "A");
      Peer b = Peer.join(server.base(), room, "B");
      Relay relay = new Relay(a, b);
      Thread relaying = new Thread(relay, "relay");
      relaying.start();
      Thread.sleep(1_000);

      long down = System.nanoTime();
      outage.begin();
      List<Long> joinMs = new ArrayList<>();
      List<Long> createMs = new ArrayList<>();
      boolean healthDown = false;
      while (System.nanoTime() - down < OUTAGE.toNanos()) {
        long t = System.nanoTime();
        try (SignalClient c = SignalClient.connect(server.base())) {
          c.send(Frames.hello(room, "C").build());
          JsonObject answer = c.next(ANSWER_WITHIN);
          assertEquals("error", answer.getString("type"), "a join during the outage: " + answer);
          assertEquals("unavailable", answer.getString("code"), answer.toString());
        }
        joinMs.add(ms(t));
        t = System.nanoTime();
        HttpResponse<String> created = api.post("/api/rooms", "{}");
        assertEquals(503, created.statusCode(), created.body());
        assertEquals("unavailable", Api.parse(created.body()).getString("code"));
        assertTrue(created.headers().firstValue("Retry-After").isPresent());
        createMs.add(ms(t));
        healthDown |= api.get("/health").statusCode() == 503;
      }
      outage.end();
      long up = System.nanoTime();

      // Back by itself: a join works, rooms can be created, /health is 200.
      Peer c = null;
      while (c == null) {
        assertTrue(ms(up) < 30_000, "joins work again within 30 s of the database's return");
        try (SignalClient probe = SignalClient.connect(server.base())) {
          probe.send(Frames.hello(room, "C").build());
          JsonObject answer = probe.next(ANSWER_WITHIN);
          if ("welcome".equals(answer.getString("type"))) {
            c = new Peer(probe, answer);
            break;
          }
        }
        Thread.sleep(250);
      }
      long joinBack = ms(up);
      assertEquals(201, api.post("/api/rooms", "{}").statusCode());
      long healthBack = awaitHealth(api, up);

      relay.stop();
      relaying.join(5_000);
      System.out.printf(
          "%s drill: outage %d ms; joins answered 'unavailable' in %s ms; POST /api/rooms 503 in"
              + " %s ms; health 503 during: %b; after: join back in %d ms, health 200 in %d ms;"
              + " relayed %d/%d during the drill%n",
          name,
          (up - down) / 1_000_000,
          joinMs,
          createMs,
          healthDown,
          joinBack,
          healthBack,
          relay.received.get(),
          relay.sent.get());
      assertTrue(joinMs.stream().allMatch(x -> x <= ANSWER_WITHIN.toMillis()), joinMs.toString());
      assertTrue(healthDown, "/health said 503 while the database was away");
      assertEquals(relay.sent.get(), relay.received.get(), "the call in progress lost nothing");
      assertTrue(relay.sent.get() >= OUTAGE.toSeconds() * 5, "relayed throughout");
      a.close();
      b.close();
    }
  }

  private static long awaitHealth(Api api, long since) throws InterruptedException {
    while (api.get("/health").statusCode() != 200) {
      assertTrue(ms(since) < 30_000, "/health is 200 again within 30 s");
      Thread.sleep(200);
    }
    return ms(since);
  }

  /** Signals A → B every 100 ms, each to be relayed within a second. */
  private static final class Relay implements Runnable {
    private final Peer a;
    private final Peer b;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger received = new AtomicInteger();

    Relay(Peer a, Peer b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void run() {
      for (int n = 0; running.get(); n++) {
        a.client().send(Frames.signal(b.id(), Json.createValue(n)));
        sent.incrementAndGet();
        try {
          if (b.client().next("signal", Duration.ofSeconds(1)).getInt("payload") == n) {
            received.incrementAndGet();
          }
          Thread.sleep(100);
        } catch (AssertionError e) {
          // counted as lost
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      running.set(false);
    }
  }

  /** Writes zeros until the file system is full. */
  static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("space")) {
        throw full;
      }
    }
  }

  /** pg_ctl as the postgres user (initdb and the cluster refuse root). */
  private static void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    command.addAll(List.of(args));
    assertEquals(0, run(command.toArray(String[]::new)), String.join(" ", command));
  }

  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    return p.waitFor();
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
