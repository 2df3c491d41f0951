package org.tfx.sessions.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Frames;
import org.tfx.sessions.it.support.HeadlessChromium;
import org.tfx.sessions.it.support.Peer;
import org.tfx.sessions.it.support.SignalClient;
import org.tfx.sessions.it.support.StandaloneServer;

/**
 * Two nodes of the same WAR (each an embedded Tomcat in a JVM of its own) on one PostgreSQL and one
 * Redis, all started here: the room's rules, relays and events across nodes, a race between nodes,
 * a node killed with {@code kill -9} mid-call (with real browsers too), Redis killed and started
 * again. Timers are short ({@link #GRACE}, {@link #NODE_TTL}) so the suite stays quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Duration GRACE = Duration.ofSeconds(6);
  private static final Duration HEARTBEAT = Duration.ofMillis(250);
  private static final Duration NODE_TTL = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Path dir;
  private static LocalPostgres postgres;
  private static LocalRedis redis;
  private static StandaloneServer a;
  private static StandaloneServer b;
  private static int started;

  @BeforeAll
  static void cluster() throws Exception {
    dir =
        Files.createDirectories(Path.of("target", "cluster-it", "run" + System.currentTimeMillis()))
            .toAbsolutePath();
    postgres = new LocalPostgres(dir.resolve("pg"));
    postgres.start();
    redis = new LocalRedis(dir.resolve("redis"));
    redis.start();
    a = node("a");
    b = node("b");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static StandaloneServer node(String name) throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("tfx.db.url", postgres.jdbcUrl());
    p.put("tfx.db.user", LocalPostgres.USER);
    p.put("tfx.db.password", LocalPostgres.PASSWORD);
    p.put("tfx.cluster.redisUrl", redis.url());
    p.put("tfx.cluster.nodeId", name);
    p.put("tfx.cluster.heartbeat", HEARTBEAT.toMillis() + "ms");
    p.put("tfx.cluster.nodeTtl", NODE_TTL.toMillis() + "ms");
    p.put("tfx.session.grace", GRACE.toSeconds() + "s");
    p.put("tfx.ws.ratePerSecond", "100000");
    p.put("tfx.ws.rateBurst", "100000");
    p.put("tfx.ws.maxConnectionsPerAddress", "1000");
    StandaloneServer server = new StandaloneServer(dir.resolve(name + "-" + ++started), p);
    server.start();
    return server;
  }

  private static URI nodeA() {
    return a.base();
  }

  private static URI nodeB() {
    return b.base();
  }

  // ---- the room's rules across nodes -------------------------------------------------------

  @Test
  @Order(1)
  void knockAdmitLockAndKickWorkWhenThePeopleSitOnDifferentNodes() {
    Api.NewRoom room = new Api(nodeA()).createRoom();
    try (Peer owner = Peer.owner(nodeA(), room, "Owner");
        Peer guest = Peer.join(nodeB(), room, "Guest")) {
      assertEquals(
          guest.id(), owner.client().next("peer-joined").getJsonObject("peer").getString("peerId"));
      assertEquals(1, guest.welcome().getJsonArray("peers").size(), "B sees A's owner");

      owner.client().send(Json.createObjectBuilder().add("type", "lock").add("locked", true));
      assertTrue(guest.client().next("room-updated").getJsonObject("room").getBoolean("locked"));

      SignalClient knocker = SignalClient.connect(nodeB());
      knocker.send(Frames.hello(room, "Knocker").build());
      assertEquals("room-locked", knocker.next("error").getString("code"));
      knocker.send(Frames.of("knock"));
      JsonObject knocking = owner.client().next("knocking");
      assertEquals("Knocker", knocking.getString("name"));
      owner.client().send(Frames.withPeer("admit", knocking.getString("peerId")));
      assertEquals(knocking.getString("peerId"), knocker.next("welcome").getString("peerId"));
      assertEquals(
          knocking.getString("peerId"),
          guest.client().next("peer-joined").getJsonObject("peer").getString("peerId"));

      owner.client().send(Frames.withPeer("kick", guest.id()));
      assertEquals("kicked", guest.client().next("error").getString("code"));
      assertEquals(1008, guest.client().awaitClose(WAIT));
      JsonObject left = knocker.next("peer-left");
      assertEquals(guest.id(), left.getString("peerId"));
      assertEquals("kicked", left.getString("reason"));
      assertEquals("kicked", owner.client().next("peer-left").getString("reason"));
      knocker.close();
    }
  }

  @Test
  @Order(2)
  void twoThousandRelaysEachWayArriveInOrderNoneTwice() throws Exception {
    Api.NewRoom room = new Api(nodeA()).createRoom();
    int count = 2000;
    try (Peer x = Peer.join(nodeA(), room, "X");
        Peer y = Peer.join(nodeB(), room, "Y")) {
      x.client().next("peer-joined");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?> xs = pool.submit(() -> sendNumbered(x, y.id(), count));
        Future<?> ys = pool.submit(() -> sendNumbered(y, x.id(), count));
        Future<List<Integer>> atY = pool.submit(() -> receiveNumbered(y, count));
        Future<List<Integer>> atX = pool.submit(() -> receiveNumbered(x, count));
        xs.get(60, TimeUnit.SECONDS);
        ys.get(60, TimeUnit.SECONDS);
        assertEquals(sequence(count), atY.get(60, TimeUnit.SECONDS), "A -> B");
        assertEquals(sequence(count), atX.get(60, TimeUnit.SECONDS), "B -> A");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Void sendNumbered(Peer from, String to, int count) {
    for (int n = 1; n <= count; n++) {
      from.client()
          .send(
              Json.createObjectBuilder()
                  .add("type", "relay")
                  .add("to", to)
                  .add("channel", "seq")
                  .add("payload", Json.createObjectBuilder().add("n", n)));
    }
    return null;
  }

  private static List<Integer> receiveNumbered(Peer at, int count) {
    List<Integer> got = new ArrayList<>(count);
    while (got.size() < count) {
      JsonObject m = at.client().next("relay", WAIT);
      got.add(m.getJsonObject("payload").getInt("n"));
    }
    return got;
  }

  private static List<Integer> sequence(int count) {
    List<Integer> s = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      s.add(i);
    }
    return s;
  }

  @Test
  @Order(3)
  void twoNodesAdmittingTheSameKnockerAtOnceAdmitItExactlyOnce() throws Exception {
    Api.NewRoom room = new Api(nodeA()).createRoom();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Peer ownerA = Peer.owner(nodeA(), room, "OwnerA");
        Peer ownerB = Peer.owner(nodeB(), room, "OwnerB")) {
      ownerA.client().send(Json.createObjectBuilder().add("type", "lock").add("locked", true));
      // Knock only once both nodes have the room locked.
      for (Peer owner : List.of(ownerA, ownerB)) {
        while (!owner.client().next("room-updated").getJsonObject("room").getBoolean("locked")) {
          // an earlier room-updated (OwnerB joining): wait for the lock's
        }
      }
      for (int round = 0; round < 100; round++) {
        SignalClient knocker = SignalClient.connect(round % 2 == 0 ? nodeA() : nodeB());
        knocker.send(Frames.hello(room, "K" + round).build());
        assertEquals("room-locked", knocker.next("error").getString("code"));
        knocker.send(Frames.of("knock"));
        String id = ownerA.client().next("knocking").getString("peerId");
        assertEquals(id, ownerB.client().next("knocking").getString("peerId"));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> admits = new ArrayList<>();
        for (Peer owner : List.of(ownerA, ownerB)) {
          admits.add(
              pool.submit(
                  () -> {
                    go.await();
                    owner.client().send(Frames.withPeer("admit", id));
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : admits) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(id, knocker.next("welcome").getString("peerId"), "round " + round);
        int refused = 0;
        int joined = 0;
        for (Peer owner : List.of(ownerA, ownerB)) {
          long until = System.nanoTime() + WAIT.toNanos();
          boolean sawJoin = false;
          while (System.nanoTime() < until) {
            // Until this owner saw the knocker join, then a little longer for a late refusal.
            List<JsonObject> got = owner.client().drain(Duration.ofMillis(sawJoin ? 100 : 20));
            for (JsonObject m : got) {
              if (m.getString("type").equals("error")) {
                assertEquals("not-knocking", m.getString("code"), "round " + round);
                refused++;
              } else if (m.getString("type").equals("peer-joined")) {
                joined++;
                sawJoin = true;
              }
            }
            if (sawJoin && got.isEmpty()) {
              break;
            }
          }
        }
        assertEquals(1, refused, "exactly one admit lost, round " + round);
        assertEquals(2, joined, "both owners saw one peer-joined, round " + round);
        assertTrue(
            knocker.drain(Duration.ofMillis(50)).stream()
                .noneMatch(m -> m.getString("type").equals("welcome")),
            "one welcome only, round " + round);
        knocker.send(Frames.of("leave"));
        knocker.awaitClose(WAIT);
        ownerA.client().next("peer-left");
        ownerB.client().next("peer-left");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- a node dies ---------------------------------------------------------------------------

  @Test
  @Order(4)
  void twoBrowsersOnDifferentNodesSeeEachOtherAndTheOneOnTheKilledNodeComesBack() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.DEBIAN_CHROMIUM), "chromium is not installed");
    assumeTrue(onlyLoopback(), "browser tests run only in a loopback-only network namespace");
    int portA = a.base().getPort();
    int portB = b.base().getPort();
    // Two load balancers: one prefers node A, one node B; each fails over to the other.
    try (FailoverProxy viaA = new FailoverProxy(List.of(portA, portB));
        FailoverProxy viaB = new FailoverProxy(List.of(portB, portA));
        HeadlessChromium chromium =
            HeadlessChromium.launch(HeadlessChromium.DEBIAN_CHROMIUM, BROWSER_ARGS)) {
      Api.NewRoom room = new Api(URI.create(viaA.url())).createRoom();
      Browser browser = chromium.browser();
      Page ada = join(browser, viaA.url(), room, "Ada");
      Page bob = join(browser, viaB.url(), room, "Bob");
      String adaId = peerId(ada);
      String bobId = peerId(bob);
      awaitMedia(ada, bobId, 0);
      awaitMedia(bob, adaId, 0);
      waitFor(() -> energyFrom(ada, bobId) > 0 && energyFrom(bob, adaId) > 0, WAIT);
      ada.evaluate(
          "() => { window.lefts = []; globalThis.tfxApp.session.on('peer-left', e =>"
              + " window.lefts.push(e.peerId)); }");
      long framesBefore = framesFrom(ada, bobId);

      b.kill();
      b = node("b");

      // Bob's page reconnects through its balancer, now to node A, with the same peer id.
      waitFor(() -> "joined".equals(bob.evaluate("() => globalThis.tfxApp.session.state")), WAIT);
      assertEquals(bobId, peerId(bob), "the same seat");
      awaitMedia(ada, bobId, framesBefore);
      awaitMedia(bob, adaId, framesFrom(bob, adaId));
      Object lefts = ada.evaluate("() => window.lefts");
      assertEquals(List.of(), lefts, "Ada never saw Bob leave");
      ada.context().close();
      bob.context().close();
    }
  }

  @Test
  @Order(5)
  void aKilledNodesClientsResumeElsewhereAndTheOthersTimeOut() throws Exception {
    Api.NewRoom room = new Api(nodeA()).createRoom();
    try (Peer owner = Peer.owner(nodeA(), room, "Owner");
        Peer back = Peer.join(nodeB(), room, "ComesBack");
        Peer gone = Peer.join(nodeB(), room, "StaysAway")) {
      owner.client().next("peer-joined");
      owner.client().next("peer-joined");
      long killed = System.nanoTime();
      b.kill();
      back.client().awaitClose(WAIT);
      SignalClient again = SignalClient.connect(nodeA());
      again.send(Frames.hello(room, "ComesBack").add("resumeToken", back.resumeToken()).build());
      JsonObject welcome = again.next("welcome");
      assertEquals(back.id(), welcome.getString("peerId"));
      assertTrue(welcome.getBoolean("resumed"));
      long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

      List<JsonObject> seen = new ArrayList<>();
      JsonObject left = null;
      long deadline = System.nanoTime() + GRACE.plus(NODE_TTL).plusSeconds(4).toNanos();
      while (left == null && System.nanoTime() < deadline) {
        for (JsonObject m : owner.client().drain(Duration.ofMillis(100))) {
          seen.add(m);
          if (m.getString("type").equals("peer-left")) {
            left = m;
          }
        }
      }
      long leftMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      assertTrue(left != null, "peer-left for the one that stayed away; saw " + seen);
      assertEquals(gone.id(), left.getString("peerId"));
      assertEquals("timeout", left.getString("reason"));
      assertTrue(
          seen.stream()
              .noneMatch(
                  m ->
                      m.getString("type").equals("peer-left")
                          && back.id().equals(m.getString("peerId"))),
          "no peer-left for the one that resumed");
      assertTrue(
          leftMs <= GRACE.plus(NODE_TTL).plusSeconds(2).toMillis(),
          "peer-left after " + leftMs + " ms; grace " + GRACE + " + node TTL " + NODE_TTL);
      System.out.printf(
          "ClusterIT: node B killed; resumed on A after %d ms; peer-left for the absent one"
              + " after %d ms (grace %d ms + node TTL %d ms)%n",
          resumedMs, leftMs, GRACE.toMillis(), NODE_TTL.toMillis());
      again.close();
      b = node("b");
    }
  }

  // ---- Redis restarts -------------------------------------------------------------------------

  @Test
  @Order(6)
  void relaysFlowAgainSoonAfterRedisComesBack() throws Exception {
    Api.NewRoom room = new Api(nodeA()).createRoom();
    try (Peer x = Peer.join(nodeA(), room, "X");
        Peer y = Peer.join(nodeB(), room, "Y")) {
      x.client().next("peer-joined");
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Long> receivedAt = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      long[] redisBack = new long[1];
      try {
        Future<?> sender =
            pool.submit(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    x.client()
                        .send(
                            Json.createObjectBuilder()
                                .add("type", "relay")
                                .add("to", y.id())
                                .add("channel", "tick")
                                .add("id", "t" + sent.incrementAndGet())
                                .add("payload", 1));
                    Thread.sleep(10);
                  }
                  return null;
                });
        Future<?> counter =
            pool.submit(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    for (JsonObject m : x.client().drain(Duration.ofMillis(50))) {
                      if (m.getString("type").equals("error")) {
                        assertEquals("peer-unavailable", m.getString("code"));
                        refused.incrementAndGet();
                      }
                    }
                  }
                  return null;
                });
        Thread receiver =
            new Thread(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    for (JsonObject m : y.client().drain(Duration.ofMillis(50))) {
                      if (m.getString("type").equals("relay")) {
                        receivedAt.add(System.nanoTime());
                      }
                    }
                  }
                });
        receiver.start();
        Thread.sleep(1000);
        redis.kill();
        long down = System.nanoTime();
        Thread.sleep(3000);
        redis.start();
        redisBack[0] = System.nanoTime();
        waitFor(
            () -> receivedAt.stream().anyMatch(t -> t > redisBack[0] + 200_000_000L),
            Duration.ofSeconds(10));
        long flowingAgainMs =
            TimeUnit.NANOSECONDS.toMillis(
                receivedAt.stream().filter(t -> t > redisBack[0]).findFirst().orElseThrow()
                    - redisBack[0]);
        Thread.sleep(1000);
        sender.cancel(true);
        Thread.sleep(300);
        counter.cancel(true);
        receiver.interrupt();
        receiver.join();
        int lost = sent.get() - receivedAt.size() - refused.get();
        System.out.printf(
            "ClusterIT: Redis down %d ms; relays flowing again %d ms after it came back;"
                + " sent %d, delivered %d, refused with peer-unavailable %d, lost silently %d%n",
            TimeUnit.NANOSECONDS.toMillis(redisBack[0] - down),
            flowingAgainMs,
            sent.get(),
            receivedAt.size(),
            refused.get(),
            lost);
        assertTrue(flowingAgainMs < 10_000, "relays flow again within 10 s: " + flowingAgainMs);
      } finally {
        pool.shutdownNow();
      }
      // Room events cross nodes again, and nobody was taken for dead.
      y.client().send(Json.createObjectBuilder().add("type", "update").add("name", "Yvonne"));
      JsonObject updated = x.client().next("peer-updated", WAIT);
      assertEquals("Yvonne", updated.getJsonObject("peer").getString("name"));
      Thread.sleep(NODE_TTL.multipliedBy(3).toMillis());
      assertTrue(
          x.client().drain(Duration.ofMillis(200)).stream()
              .noneMatch(m -> m.getString("type").equals("peer-left")),
          "no node was reaped because Redis forgot the heartbeats");
    }
  }

  // ---- browser helpers ------------------------------------------------------------------------

  private static final List<String> BROWSER_ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection",
          "--autoplay-policy=no-user-gesture-required");

  private static Page join(Browser browser, String base, Api.NewRoom room, String name) {
    BrowserContext ctx =
        browser.newContext(
            new Browser.NewContextOptions().setPermissions(List.of("camera", "microphone")));
    Page page = ctx.newPage();
    page.navigate(base + "/r/" + room.roomId() + "#" + room.secret());
    page.locator("#display-name").fill(name);
    page.locator("#join-now").click();
    page.locator("[data-screen=\"room\"]").waitFor();
    return page;
  }

  private static String peerId(Page page) {
    return (String) page.evaluate("() => globalThis.tfxApp.session.peerId");
  }

  private static long framesFrom(Page page, String peerId) {
    Object frames =
        page.evaluate(
            "async (id) => (await globalThis.tfxApp.session.getStats(id))?.video?.framesDecoded"
                + " ?? 0",
            peerId);
    return ((Number) frames).longValue();
  }

  private static double energyFrom(Page page, String peerId) {
    Object energy =
        page.evaluate(
            "async (id) => (await globalThis.tfxApp.session.getStats(id))?.audio?.totalAudioEnergy"
                + " ?? 0",
            peerId);
    return ((Number) energy).doubleValue();
  }

  /** Waits until video frames from {@code peerId} keep arriving past {@code after}. */
  private static void awaitMedia(Page page, String peerId, long after) {
    waitFor(() -> framesFrom(page, peerId) > after + 10, Duration.ofSeconds(20));
  }

  private static void waitFor(BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("condition not met within " + timeout);
  }

  private static boolean onlyLoopback() throws SocketException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        return false;
      }
    }
    return true;
  }
}
