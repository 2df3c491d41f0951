package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.Frames;
import org.tfx.sessions.it.support.HostileJson;
import org.tfx.sessions.it.support.HostileSocket;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.json.StrictJson;
import org.tfx.sessions.signaling.protocol.ErrorCode;

/**
 * The network fuzzer: at least {@link #FRAMES} generated hostile frames ({@link HostileJson}
 * mutations of valid frames, invalid UTF-8 in text frames, binary frames, corrupt compressed
 * frames, oversized frames) over many pipelined sockets from several client addresses against the
 * deployed WAR, while a canary pair keeps relaying and {@code /health} is polled.
 *
 * <p>Each socket sends its frames in batches, each batch followed by a sentinel {@code ping}: the
 * server answers frames in order, so the sentinel's {@code pong} within 2 s proves the socket is
 * neither dead nor silent after every frame of the batch. A socket may instead be closed, with a
 * documented close code. Every {@code error} must carry a documented code, and never {@code
 * internal}. Runs on the standalone Tomcat and Payara stages (the containers fail differently).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileFramesIT extends ApiIntegrationTest {
  static final int FRAMES = Integer.getInteger("it.hostile.frames", 100_000);
  private static final int ADDRESSES = 3;
  private static final int SOCKETS_PER_ADDRESS = 90;
  private static final int BATCH = 4;

  /** The server's 20/s rate: a batch (4 frames and a ping) every 300 ms stays under it. */
  private static final long BATCH_INTERVAL_NANOS = 300_000_000L;

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

  /** Close codes a client may observe on /signal (docs/developer/protocol.md#close-codes). */
  static final Set<Integer> DOCUMENTED_CLOSES =
      Set.of(1000, 1002, 1007, 1008, 1009, 1011, 1012, 1013);

  private static final Set<String> DOCUMENTED_ERRORS =
      Arrays.stream(ErrorCode.values())
          .filter(c -> c != ErrorCode.INTERNAL)
          .map(ErrorCode::wire)
          .collect(Collectors.toSet());

  private final LongAdder sent = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
  private final Queue failures = new Queue();
  private final AtomicLong slowestAnswerNanos = new AtomicLong();

  /** Answers that came after 2 s but before 10 s: a loaded machine, not a dead socket. */
  private final LongAdder late = new LongAdder();

  private final java.util.concurrent.atomic.AtomicReference<String> lateExample =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Failures with enough context to replay them; only the first few are kept. */
  static final class Queue extends ConcurrentLinkedQueue<String> {
    void report(String failure) {
      if (size() < 20) {
        add(failure);
      }
    }
  }

  @Test
  void everyHostileFrameIsAnsweredAndNothingElseSuffers() throws Exception {
    List<Api.NewRoom> rooms = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      rooms.add(api.createRoom("{\"capacity\":12}"));
    }
    Api.NewRoom canaryRoom = api.createRoom();
    Canary canary = new Canary(Peer.join(base, canaryRoom, "A"), Peer.join(base, canaryRoom, "B"));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Integer> badHealth = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread health =
        start(
            "health",
            () -> {
              while (running.get()) {
                try {
                  HttpResponse<String> r = api.get("/health");
                  if (r.statusCode() != 200) {
                    badHealth.add(r.statusCode());
                  }
                  Thread.sleep(250);
                } catch (Exception e) {
                  badHealth.add(-1);
                }
              }
            });
    Thread canaryThread = start("canary", () -> canary.run(running));

    long t0 = System.nanoTime();
    CountDownLatch done = new CountDownLatch(ADDRESSES * SOCKETS_PER_ADDRESS);
    List<Thread> workers = new ArrayList<>();
    for (int a = 0; a < ADDRESSES; a++) {
      InetAddress from = InetAddress.getByName("127.0.0." + (10 + a));
      for (int s = 0; s < SOCKETS_PER_ADDRESS; s++) {
        long seed = 1_000L * a + s;
        Api.NewRoom room = s % 2 == 0 ? rooms.get((int) (seed % rooms.size())) : null;
        workers.add(
            start(
                "hostile-" + seed,
                () -> {
                  try {
                    new Worker(seed, from, room).run();
                  } catch (Throwable e) {
                    failures.report("worker " + seed + " died: " + e);
                  } finally {
                    done.countDown();
                  }
                }));
      }
    }
    boolean finished = done.await(240, java.util.concurrent.TimeUnit.SECONDS);
    long seconds = Math.max(1, (System.nanoTime() - t0) / 1_000_000_000L);
    running.set(false);
    canaryThread.join(5_000);
    health.join(5_000);
    canary.close();
    System.out.printf(
        "hostile frames: %d frames (%d batches) over %d sockets from %d addresses in %d s"
            + " (%d frames/s); slowest answer %d ms, %d later than 2 s; errors %s; closes %s;"
            + " canary %d/%d relayed%n",
        sent.sum(),
        batches.sum(),
        ADDRESSES * SOCKETS_PER_ADDRESS,
        ADDRESSES,
        seconds,
        sent.sum() / seconds,
        slowestAnswerNanos.get() / 1_000_000,
        late.sum(),
        new TreeMap<>(errors),
        new TreeMap<>(closes),
        canary.received.get(),
        canary.sent.get());
    assertTrue(finished, "the workers finished in time");
    assertEquals(List.of(), List.copyOf(failures), "every frame answered as documented");
    // On a 2-core box shared with other builds, Payara answers a few batches in 2–4 s; none has
    // ever been silent (that would fail above). At most 1 in 200 may be late.
    assertTrue(
        late.sum() <= batches.sum() / 200,
        late.sum() + " answers later than 2 s (at most 1 in 200 batches), e.g. " + lateExample);
    assertTrue(sent.sum() >= FRAMES, "sent " + sent.sum());
    assertEquals(List.of(), badHealth, "/health answered 200 throughout");
    assertEquals(canary.sent.get(), canary.received.get(), "the canary lost nothing");
    assertTrue(canary.sent.get() > 20, "the canary relayed throughout");
  }

  /** One pipelining socket's life: join (or not), then batches of hostile frames until done. */
  private final class Worker {
    private final HostileJson gen;
    private final InetAddress from;
    private final Api.NewRoom room;
    private final long seed;
    private HostileSocket ws;
    private String peerId = "nobody";
    private long sentinel;

    Worker(long seed, InetAddress from, Api.NewRoom room) {
      this.seed = seed;
      this.gen = new HostileJson(seed);
      this.from = from;
      this.room = room;
      this.sentinel = -(seed * 1_000_000L + 1);
    }

    void run() throws Exception {
      // Spread the joins over two seconds, as real clients arrive.
      Thread.sleep(gen.random().nextInt(2_000));
      try {
        while (sent.sum() < FRAMES) {
          long start = System.nanoTime();
          List<String> shots = new ArrayList<>(BATCH);
          try {
            if (ws == null) {
              connect();
              if (ws == null) {
                continue;
              }
            }
            boolean closing = false;
            try {
              for (int i = 0; i < BATCH && !closing; i++) {
                closing = shoot(shots);
              }
              if (!closing) {
                long id = --sentinel;
                ws.sendText("{\"type\":\"ping\",\"ts\":" + id + "}");
                count(shots);
                awaitPong(id, shots);
                continue;
              }
            } catch (java.net.SocketException e) {
              // The server closed (Tyrus drops TCP right after its close frame) while we were
              // still writing: the close, or its loss (1006), is read below.
            }
            count(shots);
            awaitClose(shots);
          } catch (java.net.SocketException e) {
            // Writing a hello to a socket the server had already closed: a 1006 from here.
            closes.computeIfAbsent(1006, k -> new LongAdder()).increment();
            reset();
          } finally {
            pace(start);
          }
        }
      } finally {
        if (ws != null) {
          ws.close();
        }
      }
    }

    private void count(List<String> shots) {
      sent.add(shots.size());
      batches.increment();
    }

    /** Keeps this socket under the server's rate limit. */
    private void pace(long start) throws InterruptedException {
      long wait = BATCH_INTERVAL_NANOS - (System.nanoTime() - start);
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }

    private void connect() throws Exception {
      ws = HostileSocket.open(base, from, gen.random().nextInt(4) == 0, 5_000);
      if (room != null) {
        ws.sendText(Frames.hello(room, "fuzz " + seed).build().toString());
        while (true) {
          HostileSocket.Incoming in = ws.read();
          if (in instanceof HostileSocket.Close c) {
            // A join that the server did not get to within the hello timeout (2 s in the ITs)
            // ends with a documented close; counted, and the next batch tries again.
            closed(c, List.of("hello"));
            return;
          }
          JsonObject m = parse(((HostileSocket.Text) in).text());
          if ("welcome".equals(m.getString("type", ""))) {
            peerId = m.getString("peerId");
            return;
          }
          if ("error".equals(m.getString("type", ""))) {
            // room-full: its seats lost by sockets this test closed are still in their grace.
            if (!"room-full".equals(m.getString("code", ""))) {
              throw new IllegalStateException("join refused: " + m);
            }
            ws.close();
            ws = HostileSocket.open(base, from, false, 5_000);
            return;
          }
        }
      }
    }

    /** Sends one hostile frame; true when it is one the server must close the socket for. */
    private boolean shoot(List<String> shots) throws IOException {
      int kind = gen.random().nextInt(1000);
      String valid = validFrame();
      if (kind < 15) {
        shots.add("invalid UTF-8 around " + valid);
        ws.sendText(gen.invalidUtf8(valid));
        return true;
      }
      if (kind < 40) {
        shots.add("binary " + valid);
        ws.sendBinary(gen.invalidUtf8(valid));
        return false;
      }
      if (kind < 50 && ws.deflate()) {
        // Junk where deflate data belongs: the container may close (1002/1007) or inflate it to
        // some text the app then answers; either way the sentinel must be answered or the
        // socket closed.
        shots.add("corrupt compressed frame");
        byte[] junk = new byte[1 + gen.random().nextInt(64)];
        gen.random().nextBytes(junk);
        ws.sendRawCompressed(0x1, junk);
        return false;
      }
      if (kind < 53) {
        shots.add("oversized frame");
        ws.sendText(
            "{\"type\":\"relay\",\"channel\":\"c\",\"payload\":\"" + "x".repeat(70_000) + "\"}");
        return true;
      }
      String frame = gen.mutate(valid);
      shots.add(frame.length() > 300 ? frame.substring(0, 300) + "…" : frame);
      ws.sendText(frame);
      // A frame that parses as leave or hello may close the socket; the sentinel tells.
      return false;
    }

    private String validFrame() {
      String to = gen.random().nextBoolean() ? peerId : "p" + gen.random().nextInt(1000);
      return gen.pick(
          List.of(
              "{\"type\":\"ping\",\"ts\":12.5}",
              "{\"type\":\"signal\",\"id\":\"s1\",\"to\":\""
                  + to
                  + "\",\"payload\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}}",
              "{\"type\":\"relay\",\"id\":\"r1\",\"channel\":\"chat\",\"payload\":{\"m\":\"hi\",\"n\":[1,2.5,-3e2]}}",
              "{\"type\":\"relay\",\"to\":\"" + to + "\",\"channel\":\"x:y\",\"payload\":null}",
              "{\"type\":\"update\",\"id\":\"u1\",\"name\":\"Ada\",\"muted\":true,\"video\":false}",
              "{\"type\":\"lock\",\"locked\":true}",
              "{\"type\":\"admit\",\"peerId\":\"" + to + "\"}",
              "{\"type\":\"kick\",\"peerId\":\"" + to + "\"}",
              "{\"type\":\"configure\",\"capacity\":4,\"password\":\"pw\"}",
              "{\"type\":\"knock\"}",
              "{\"type\":\"hello\",\"version\":1,\"roomId\":\"r\",\"secret\":\"s\",\"name\":\"N\"}",
              "{\"type\":\"bogus\",\"a\":{\"b\":[true,false,null]}}"));
    }

    private void awaitPong(long id, List<String> shots) throws IOException {
      long start = System.nanoTime();
      long deadline = start + ANSWER_WITHIN.toNanos();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          lateOrSilent(id, start, shots);
          return;
        }
        ws.setReadTimeout((int) left);
        HostileSocket.Incoming in;
        try {
          in = ws.read();
        } catch (SocketTimeoutException e) {
          lateOrSilent(id, start, shots);
          return;
        } catch (IOException e) {
          if (shots.contains("corrupt compressed frame")) {
            // Tomcat drops the connection of a client whose deflate data is corrupt, at times
            // without a close frame: the client sees 1006 (protocol.md).
            closes.computeIfAbsent(1006, k -> new LongAdder()).increment();
          } else {
            failures.report(
                "socket " + seed + " dropped without a close after " + shots + ": " + e);
          }
          reset();
          return;
        }
        if (in instanceof HostileSocket.Close c) {
          closed(c, shots);
          return;
        }
        JsonObject m = answer(((HostileSocket.Text) in).text(), shots);
        if (m != null
            && "pong".equals(m.getString("type", ""))
            && m.getJsonNumber("ts") != null
            && m.getJsonNumber("ts").longValue() == id) {
          slowestAnswerNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
          return;
        }
      }
    }

    /** Past the bound: tells a late answer (load) from none at all (a dead socket). */
    private void lateOrSilent(long id, long start, List<String> shots) throws IOException {
      ws.setReadTimeout(10_000);
      try {
        while (true) {
          HostileSocket.Incoming in = ws.read();
          if (in instanceof HostileSocket.Close c) {
            late.increment();
            lateExample.compareAndSet(null, "close " + c + " after " + ms(start) + " ms");
            closes.computeIfAbsent(c.code(), k -> new LongAdder()).increment();
            break;
          }
          JsonObject m = answer(((HostileSocket.Text) in).text(), shots);
          if (m != null
              && m.getJsonNumber("ts") != null
              && m.getJsonNumber("ts").longValue() == id) {
            late.increment();
            lateExample.compareAndSet(null, ms(start) + " ms on " + seed + " after " + shots);
            break;
          }
        }
      } catch (IOException e) {
        failures.report("silent socket " + seed + " (" + e + ") after " + shots);
      }
      reset();
    }

    private static long ms(long start) {
      return (System.nanoTime() - start) / 1_000_000;
    }

    private void awaitClose(List<String> shots) throws IOException {
      ws.setReadTimeout((int) ANSWER_WITHIN.toMillis());
      boolean lateClose = false;
      while (true) {
        HostileSocket.Incoming in;
        try {
          in = ws.read();
        } catch (SocketTimeoutException e) {
          if (lateClose) {
            failures.report("no close within 10 s on " + seed + " after " + shots);
            reset();
            return;
          }
          // Past the bound: a late close (load) is counted, none at all fails.
          lateClose = true;
          late.increment();
          lateExample.compareAndSet(null, "a close later than 2 s on " + seed + " after " + shots);
          ws.setReadTimeout(10_000);
          continue;
        } catch (IOException e) {
          // Tyrus closes the TCP connection right after its close frame; a frame we sent after
          // it can make the kernel reset before we read the close. Counted, not failed.
          closes.computeIfAbsent(1006, k -> new LongAdder()).increment();
          reset();
          return;
        }
        if (in instanceof HostileSocket.Close c) {
          closed(c, shots);
          return;
        }
        answer(((HostileSocket.Text) in).text(), shots);
      }
    }

    private void closed(HostileSocket.Close c, List<String> shots) {
      closes.computeIfAbsent(c.code(), k -> new LongAdder()).increment();
      if (!DOCUMENTED_CLOSES.contains(c.code())) {
        failures.report("undocumented close " + c + " on " + seed + " after " + shots);
      }
      reset();
    }

    /** Checks one server frame; returns it parsed, or null when it was not JSON. */
    private JsonObject answer(String text, List<String> shots) {
      JsonObject m;
      try {
        m = parse(text);
      } catch (RuntimeException e) {
        failures.report("not JSON from the server: " + text);
        return null;
      }
      if ("error".equals(m.getString("type", ""))) {
        String code = m.getString("code", "?");
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
        if (!DOCUMENTED_ERRORS.contains(code)) {
          failures.report("error " + m + " on " + seed + " after " + shots);
        }
      }
      return m;
    }

    private void reset() {
      if (ws != null) {
        ws.close();
      }
      ws = null;
      peerId = "nobody";
    }
  }

  private static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static final StrictJson STRICT = new StrictJson(JsonProvider.provider());

  /**
   * A server frame, read strictly but with {@code payload} kept raw: a relayed payload is another
   * client's JSON, numbers of any size included (browsers read 1e99999999999 as Infinity).
   */
  private static JsonObject parse(String text) {
    return STRICT.parseObject(text, "payload").members();
  }

  /** Two peers relaying numbered signals both ways; every one must arrive, in order. */
  private static final class Canary {
    final Peer a;
    final Peer b;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger received = new AtomicInteger();

    Canary(Peer a, Peer b) {
      this.a = a;
      this.b = b;
    }

    void run(AtomicBoolean running) {
      int n = 0;
      while (running.get()) {
        Peer from = n % 2 == 0 ? a : b;
        Peer to = n % 2 == 0 ? b : a;
        from.client().send(Frames.signal(to.id(), Json.createValue(n)));
        sent.incrementAndGet();
        JsonObject got = to.client().next("signal", Duration.ofSeconds(5));
        if (got.getInt("payload") == n) {
          received.incrementAndGet();
        }
        n++;
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void close() {
      a.close();
      b.close();
    }
  }
}
