package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.testing.Concurrently;

class OutboxTest {
  /** A transport that completes sends only when told to, like a socket whose reader is slow. */
  static final class HeldTransport implements Outbox.Transport {
    final List<String> sent = new ArrayList<>();
    final List<SendHandler> pending = new ArrayList<>();

    @Override
    public synchronized void sendText(String frame, SendHandler done) {
      sent.add(frame);
      pending.add(done);
    }

    synchronized void completeOne() {
      pending.remove(0).onResult(new SendResult());
    }
  }

  @Test
  void sendsOneAtATimeInOrder() {
    HeldTransport t = new HeldTransport();
    Outbox box = new Outbox(t, null, 10, 1_000_000, () -> {}, e -> {}, (c, r) -> {});
    box.offer("a");
    box.offer("b");
    box.offer("c");
    assertEquals(List.of("a"), t.sent, "only one send in flight");
    t.completeOne();
    t.completeOne();
    assertEquals(List.of("a", "b", "c"), t.sent);
    t.completeOne();
    assertEquals(0, box.pending());
  }

  @Test
  void inlineCompletionsDoNotRecurse() {
    AtomicInteger depth = new AtomicInteger();
    AtomicInteger maxDepth = new AtomicInteger();
    Outbox.Transport inline =
        (frame, done) -> {
          maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
          done.onResult(new SendResult());
          depth.decrementAndGet();
        };
    HeldTransport gate = new HeldTransport();
    AtomicReference<Outbox.Transport> current = new AtomicReference<>(gate);
    Outbox box =
        new Outbox(
            (f, d) -> current.get().sendText(f, d),
            null,
            100_000,
            Long.MAX_VALUE,
            () -> {},
            e -> {},
            (c, r) -> {});
    box.offer("first");
    for (int i = 0; i < 50_000; i++) {
      box.offer("x" + i);
    }
    current.set(inline);
    gate.completeOne();
    assertEquals(0, box.pending());
    assertEquals(1, maxDepth.get(), "each inline completion returns before the next send");
  }

  @Test
  void overflowCutsTheConsumerOffOnce() {
    HeldTransport t = new HeldTransport();
    AtomicInteger overflows = new AtomicInteger();
    Outbox box =
        new Outbox(t, null, 3, 1_000_000, overflows::incrementAndGet, e -> {}, (c, r) -> {});
    assertTrue(box.offer("1"));
    assertTrue(box.offer("2"));
    assertTrue(box.offer("3"));
    assertFalse(box.offer("4"));
    assertFalse(box.offer("5"));
    assertEquals(1, overflows.get());
    assertTrue(box.isDead());
  }

  @Test
  void byteBoundCountsToo() {
    HeldTransport t = new HeldTransport();
    AtomicInteger overflows = new AtomicInteger();
    Outbox box = new Outbox(t, null, 1000, 10, overflows::incrementAndGet, e -> {}, (c, r) -> {});
    assertTrue(box.offer("12345"));
    assertTrue(box.offer("12345"));
    assertFalse(box.offer("1"));
    assertEquals(1, overflows.get());
  }

  @Test
  void closeWaitsForQueuedFrames() {
    HeldTransport t = new HeldTransport();
    List<Integer> closed = new ArrayList<>();
    Outbox box = new Outbox(t, null, 10, 1_000, () -> {}, e -> {}, (c, r) -> closed.add(c));
    box.offer("error frame");
    box.closeAfterFlush(1008, "bye");
    assertFalse(box.offer("too late"));
    assertTrue(closed.isEmpty(), "not before the error frame is out");
    t.completeOne();
    assertEquals(List.of(1008), closed);
  }

  @Test
  void manyThreadsOfferingLoseNothing() throws Exception {
    List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService completer = Executors.newSingleThreadExecutor();
    Outbox box =
        new Outbox(
            (f, d) -> {
              sent.add(f);
              completer.execute(() -> d.onResult(new SendResult()));
            },
            null,
            100_000,
            Long.MAX_VALUE,
            () -> {},
            e -> {},
            (c, r) -> {});
    assertTrue(
        Concurrently.run(
            4,
            Duration.ofSeconds(10),
            id -> {
              for (int i = 0; i < 5_000; i++) {
                box.offer(id + ":" + i);
              }
            }));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (box.pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    completer.shutdown();
    assertEquals(20_000, sent.size());
    assertEquals(20_000, new java.util.HashSet<>(sent).size());
  }

  @Test
  void aFrameTheContainerRefusesEndsTheSocketInsteadOfSilencingIt() {
    List<Throwable> failures = new ArrayList<>();
    Outbox box =
        new Outbox(
            (f, d) -> {
              if (f.equals("unsendable")) {
                throw new IllegalArgumentException("unmappable character");
              }
              d.onResult(new SendResult());
            },
            null,
            10,
            1_000,
            () -> {},
            failures::add,
            (c, r) -> {});
    assertTrue(box.offer("fine"));
    box.offer("unsendable");
    assertEquals(1, failures.size(), "the failure is reported, once");
    assertTrue(box.isDead());
    assertFalse(box.offer("after"), "nothing is queued for a socket that is being closed");
  }

  @Test
  void aSendThatCompletesWithAnErrorEndsTheSocket() {
    HeldTransport t = new HeldTransport();
    List<Throwable> failures = new ArrayList<>();
    Outbox box = new Outbox(t, null, 10, 1_000, () -> {}, failures::add, (c, r) -> {});
    box.offer("a");
    box.offer("b");
    t.pending.remove(0).onResult(new SendResult(new java.io.IOException("broken pipe")));
    assertEquals(1, failures.size());
    assertEquals("broken pipe", failures.get(0).getMessage());
    assertEquals(List.of("a"), t.sent, "nothing more is written after a failed send");
  }

  @Test
  void aDirectSendWritesALoneFrameOnTheCallersThreadAndQueuesTheRest() {
    HeldTransport async = new HeldTransport();
    List<String> direct = new ArrayList<>();
    Outbox box =
        new Outbox(
            async,
            frame -> {
              direct.add(frame);
              return true;
            },
            10,
            1_000_000,
            () -> {},
            e -> {},
            (c, r) -> {});
    box.offer("alone");
    assertEquals(List.of("alone"), direct, "nothing queued: written at once");
    assertEquals(List.of(), async.sent);
    assertEquals(0, box.pending());
  }

  @Test
  void aDirectSendThatTimesOutCutsTheSlowConsumerOff() {
    AtomicInteger slow = new AtomicInteger();
    Outbox box =
        new Outbox(
            new HeldTransport(),
            frame -> false,
            10,
            1_000_000,
            slow::incrementAndGet,
            e -> {},
            (c, r) -> {});
    assertTrue(box.offer("x"));
    assertEquals(1, slow.get());
    assertTrue(box.isDead());
    assertFalse(box.offer("y"));
  }
}
