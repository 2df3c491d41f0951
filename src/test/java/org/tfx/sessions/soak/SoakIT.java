package org.tfx.sessions.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.SignalClient;
import org.tfx.sessions.it.support.StandaloneServer;
import org.tfx.sessions.signaling.protocol.ErrorCode;

/**
 * The soak: sockets in rooms joining, relaying, reloading (resume on a new socket), dropping and
 * resuming, knocking at locked rooms and leaving, for a long time, against the WAR in a JVM of its
 * own whose heap after full GC, threads and file descriptors are sampled. Pass: 0 relays lost (but
 * to or from a socket that was just replaced or gone), 0 {@code internal} errors, heap slope and
 * thread and descriptor counts flat.
 *
 * <p>CI runs a short version (defaults below, 30 s); {@code bench/soak.sh} runs the full one
 * ({@code -Dsoak.minutes=30 -Dsoak.sockets=1000 -Dsoak.rooms=200}).
 */
class SoakIT {
  private static final int SOCKETS = Integer.getInteger("soak.sockets", 200);
  private static final int ROOMS = Integer.getInteger("soak.rooms", 40);
  private static final Duration RUN =
      Long.getLong("soak.minutes") != null
          ? Duration.ofMinutes(Long.getLong("soak.minutes"))
          : Duration.ofSeconds(Long.getLong("soak.seconds", 30));
  private static final Duration SAMPLE = Duration.ofSeconds(Long.getLong("soak.sampleSeconds", 10));

  private static final Set<String> DOCUMENTED_ERRORS =
      Arrays.stream(ErrorCode.values())
          .filter(c -> c != ErrorCode.INTERNAL)
          .map(ErrorCode::wire)
          .collect(Collectors.toSet());

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final LongAdder lost = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder excused = new LongAdder();

  /** A relayed signal not yet seen by its target. */
  private record Pending(Participant from, Participant to, long sentAt) {}

  @Test
  void longRunStaysFlatAndLosesNothing() throws Exception {
    Path work =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "soak")), "server")
            .toAbsolutePath();
    Map<String, String> props = new TreeMap<>();
    props.put("tfx.db.url", "jdbc:h2:file:" + work.resolve("db/tfx").toAbsolutePath());
    props.put("tfx.ws.maxConnectionsPerAddress", String.valueOf(SOCKETS * 2));
    props.put("tfx.session.grace", "10s");
    try (StandaloneServer server = new StandaloneServer(work, props)) {
      server.start();
      Api api = new Api(server.base());
      List<Room> rooms = new ArrayList<>();
      for (int i = 0; i < ROOMS; i++) {
        rooms.add(new Room(api.createRoom("{\"capacity\":12}")));
      }
      ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
      List<Participant> people = new ArrayList<>();
      for (int i = 0; i < SOCKETS; i++) {
        Room room = rooms.get(i % ROOMS);
        Participant p = new Participant(server.base(), room, i, i < ROOMS);
        people.add(p);
        room.members.add(p);
        clock.schedule(p::tick, 20L * i, TimeUnit.MILLISECONDS);
        p.clock = clock;
      }
      List<ServerGauges> samples = new ArrayList<>();
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < RUN.toNanos()) {
        Thread.sleep(SAMPLE.toMillis());
        settle(5_000);
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        ServerGauges g = ServerGauges.read(server.pid(), s);
        samples.add(g);
        System.out.printf(
            "soak %4d s: heap after GC %6d KiB, %3d threads (%d in growing pools), %4d fds;"
                + " relayed %d, lost %d, excused %d; %s%n",
            s,
            g.heapAfterGcKb(),
            g.threads(),
            g.poolThreads(),
            g.fds(),
            delivered.sum(),
            lost.sum(),
            excused.sum(),
            new TreeMap<>(counts));
      }
      clock.shutdownNow();
      clock.awaitTermination(5, TimeUnit.SECONDS);
      settle(0);
      people.forEach(Participant::close);
      // Warm-up (JIT, pools, caches, the first rooms) is not a trend: judge from the 2nd sample.
      List<ServerGauges> steady = samples.subList(Math.min(1, samples.size() - 1), samples.size());
      double slope = ServerGauges.heapSlopeKbPerHour(steady);
      IntSummary threads = IntSummary.of(steady, ServerGauges::threads);
      IntSummary ownThreads = IntSummary.of(steady, ServerGauges::ownThreads);
      IntSummary fds = IntSummary.of(steady, ServerGauges::fds);
      long heapMin = steady.stream().mapToLong(ServerGauges::heapAfterGcKb).min().orElse(0);
      long heapMax = steady.stream().mapToLong(ServerGauges::heapAfterGcKb).max().orElse(0);
      System.out.printf(
          "soak result: %d sockets, %d rooms, %d s; relayed %d, lost %d (excused %d: to or from a"
              + " replaced socket); heap after GC %d..%d KiB, slope %.0f KiB/h; threads %d..%d"
              + " (outside growing pools %d..%d); fds %d..%d; %s%n",
          SOCKETS,
          ROOMS,
          RUN.toSeconds(),
          delivered.sum(),
          lost.sum(),
          excused.sum(),
          heapMin,
          heapMax,
          slope,
          threads.min,
          threads.max,
          ownThreads.min,
          ownThreads.max,
          fds.min,
          fds.max,
          new TreeMap<>(counts));
      assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
      assertEquals(0, lost.sum(), "relays lost");
      assertTrue(delivered.sum() > SOCKETS * RUN.toSeconds() / 4, "relayed throughout");
      assertTrue(
          counts.containsKey("resumed") && counts.containsKey("admitted"), counts.toString());
      // Flat: what a 30-minute run may grow by, scaled to this run, with noise allowed for.
      assertTrue(heapMax - heapMin < Math.max(8_192, heapMin / 5), "heap after GC stayed flat");
      assertTrue(
          ownThreads.max - ownThreads.min <= 12,
          "threads outside growing pools flat: " + ownThreads);
      assertTrue(threads.max <= ownThreads.max + 200 + 12, "the growing pools within their sizes");
      assertTrue(fds.max - fds.min <= SOCKETS / 10 + 20, "fds flat: " + fds);
    }
  }

  private record IntSummary(int min, int max) {
    static IntSummary of(List<ServerGauges> s, java.util.function.ToIntFunction<ServerGauges> f) {
      return new IntSummary(
          s.stream().mapToInt(f).min().orElse(0), s.stream().mapToInt(f).max().orElse(0));
    }
  }

  /** Judges relays older than {@code olderThanMs}: lost unless an end was replaced meanwhile. */
  private void settle(long olderThanMs) {
    long now = System.nanoTime();
    pending.forEach(
        (id, p) -> {
          if (now - p.sentAt() < olderThanMs * 1_000_000L) {
            return;
          }
          if (pending.remove(id) == null) {
            return;
          }
          if (p.to().changedSince(p.sentAt() - 1_000_000_000L)
              || p.from().changedSince(p.sentAt() - 1_000_000_000L)) {
            excused.increment();
          } else {
            lost.increment();
            failures.add("relay " + id + " " + p.from().name + " → " + p.to().name + " lost");
          }
        });
  }

  private void count(String what) {
    counts.computeIfAbsent(what, k -> new LongAdder()).increment();
  }

  private static final class Room {
    final Api.NewRoom room;
    final List<Participant> members = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean locked;

    Room(Api.NewRoom room) {
      this.room = room;
    }
  }

  /** One simulated user: a socket at a time, a seat, and a few habits. */
  private final class Participant implements WebSocket.Listener {
    final URI base;
    final Room room;
    final String name;
    final boolean owner;
    final Random random;
    ScheduledExecutorService clock;
    volatile WebSocket ws;
    volatile String peerId;
    volatile String resumeToken;
    volatile boolean joined;
    volatile long changedAt;
    volatile boolean knocking;
    private final StringBuilder partial = new StringBuilder();

    Participant(URI base, Room room, int n, boolean owner) {
      this.base = base;
      this.room = room;
      this.name = "p" + n;
      this.owner = owner;
      this.random = new Random(n);
    }

    boolean changedSince(long nanos) {
      return changedAt >= nanos;
    }

    void tick() {
      try {
        act();
      } catch (RuntimeException e) {
        count("client-error");
      }
      if (!clock.isShutdown()) {
        clock.schedule(this::tick, 700 + random.nextInt(600), TimeUnit.MILLISECONDS);
      }
    }

    private void act() {
      if (ws == null) {
        connect();
        return;
      }
      if (!joined) {
        return;
      }
      int r = random.nextInt(1000);
      if (r < 15 && !owner) {
        count("reload");
        replace(); // a reload: a new socket at once, the seat resumed with the token
      } else if (r < 25 && !owner) {
        count("drop");
        ws.abort();
        ws = null;
        changedAt = System.nanoTime(); // comes back on a later tick
        joined = false;
      } else if (r < 32 && !owner) {
        count("leave");
        send("{\"type\":\"leave\"}");
        changedAt = System.nanoTime();
        resumeToken = null;
        joined = false;
        ws = null;
      } else if (r < 36 && owner && !room.locked) {
        room.locked = true;
        send("{\"type\":\"lock\",\"locked\":true}");
        clock.schedule(
            () -> {
              room.locked = false;
              send("{\"type\":\"lock\",\"locked\":false}");
            },
            4,
            TimeUnit.SECONDS);
      } else {
        relay();
      }
    }

    private void relay() {
      List<Participant> others =
          room.members.stream().filter(o -> o != this && o.joined && o.peerId != null).toList();
      if (others.isEmpty()) {
        return;
      }
      Participant to = others.get(random.nextInt(others.size()));
      long id = seq.incrementAndGet();
      pending.put(id, new Pending(this, to, System.nanoTime()));
      send(
          "{\"type\":\"signal\",\"id\":\"s"
              + id
              + "\",\"to\":\""
              + to.peerId
              + "\",\"payload\":{\"n\":"
              + id
              + ",\"sdp\":\"v=0\\r\\no=- "
              + id
              + " 2 IN IP4 127.0.0.1\\r\\n\"}}");
    }

    private void replace() {
      WebSocket old = ws;
      ws = null;
      joined = false;
      changedAt = System.nanoTime();
      old.abort();
      connect();
    }

    private void connect() {
      changedAt = System.nanoTime();
      try {
        ws =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(SignalClient.wsUri(base), this)
                .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        count("connect-failed");
        ws = null;
        return;
      }
      JsonObject hello =
          Json.createObjectBuilder()
              .add("type", "hello")
              .add("version", 1)
              .add("roomId", room.room.roomId())
              .add("secret", room.room.secret())
              .add("name", name)
              .build();
      var b = Json.createObjectBuilder(hello);
      if (resumeToken != null) {
        b.add("resumeToken", resumeToken);
      }
      if (owner) {
        b.add("ownerToken", room.room.ownerToken());
      }
      send(b.build().toString());
    }

    private synchronized void send(String frame) {
      WebSocket w = ws;
      if (w == null) {
        return;
      }
      try {
        w.sendText(frame, true).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        count("send-failed");
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (webSocket == ws) {
          try (JsonReader r = Json.createReader(new StringReader(text))) {
            on(r.readObject());
          } catch (RuntimeException e) {
            failures.add(name + " could not read " + text);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    private void on(JsonObject m) {
      switch (m.getString("type", "")) {
        case "welcome" -> {
          peerId = m.getString("peerId");
          resumeToken = m.getString("resumeToken");
          joined = true;
          count(m.getBoolean("resumed") ? "resumed" : knocking ? "admitted" : "joined");
          knocking = false;
        }
        case "signal" -> {
          long id = m.getJsonObject("payload").getJsonNumber("n").longValue();
          Pending p = pending.remove(id);
          if (p != null) {
            if (p.to() != this) {
              failures.add("relay " + id + " reached " + name + ", not " + p.to().name);
            }
            delivered.increment();
          }
        }
        case "knocking" -> {
          if (owner) {
            send("{\"type\":\"admit\",\"peerId\":\"" + m.getString("peerId") + "\"}");
          }
        }
        case "error" -> {
          String code = m.getString("code");
          count("error " + code);
          if (!DOCUMENTED_ERRORS.contains(code)) {
            failures.add(name + " got " + m);
          }
          switch (code) {
            case "room-locked" -> {
              knocking = true;
              count("knocked");
              send("{\"type\":\"knock\"}");
            }
            case "peer-unavailable", "peer-not-found" -> {
              String ref = m.getString("ref", "");
              if (ref.startsWith("s")) {
                Pending p = pending.remove(Long.parseLong(ref.substring(1)));
                if (p != null) {
                  excused.increment();
                }
              }
            }
            case "not-knocking" -> {}
            default -> {}
          }
        }
        default -> {}
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (webSocket == ws) {
        if (statusCode != 1000) {
          count("closed " + statusCode);
        }
        ws = null;
        joined = false;
        changedAt = System.nanoTime();
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (webSocket == ws) {
        ws = null;
        joined = false;
        changedAt = System.nanoTime();
      }
    }

    void close() {
      WebSocket w = ws;
      if (w != null) {
        w.abort();
      }
    }
  }
}
