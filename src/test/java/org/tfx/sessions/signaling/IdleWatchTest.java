package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleWatchTest {
  private static final long SECOND = 1_000_000_000L;

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  IdleWatchTest() {
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** A socket whose last frame the test sets; counts how often it was closed. */
  private static final class Socket implements IdleWatch.Watched {
    volatile long heard;
    final AtomicInteger closes = new AtomicInteger();

    Socket(long heard) {
      this.heard = heard;
    }

    @Override
    public long lastHeardNanos() {
      return heard;
    }

    @Override
    public void idle() {
      closes.incrementAndGet();
    }
  }

  @Test
  void closesOnlyWhatWasSilentForTheWholeTimeoutAndEachOnce() {
    try (IdleWatch watch = new IdleWatch(Duration.ofSeconds(60), scheduler)) {
      Socket quiet = new Socket(0);
      Socket talking = new Socket(0);
      watch.watch(quiet);
      watch.watch(talking);
      talking.heard = 30 * SECOND;
      assertEquals(0, watch.sweep(60 * SECOND - 1), "not yet 60 s");
      assertEquals(1, watch.sweep(60 * SECOND));
      assertEquals(1, quiet.closes.get());
      assertEquals(0, talking.closes.get());
      assertEquals(0, watch.sweep(89 * SECOND), "it spoke at 30 s");
      assertEquals(1, watch.sweep(90 * SECOND));
      assertEquals(0, watch.sweep(500 * SECOND), "nothing left to close");
      assertEquals(1, quiet.closes.get(), "closed once");
      assertEquals(1, talking.closes.get());
      assertEquals(0, watch.watched());
    }
  }

  @Test
  void aForgottenSocketIsNeverClosed() {
    try (IdleWatch watch = new IdleWatch(Duration.ofSeconds(60), scheduler)) {
      Socket s = new Socket(0);
      watch.watch(s);
      watch.forget(s);
      assertEquals(0, watch.sweep(1_000 * SECOND));
      assertEquals(0, s.closes.get());
    }
  }

  @Test
  void nanoTimeMayBeNegativeOrWrap() {
    try (IdleWatch watch = new IdleWatch(Duration.ofSeconds(60), scheduler)) {
      long start = Long.MAX_VALUE - 10 * SECOND;
      Socket s = new Socket(start);
      watch.watch(s);
      assertEquals(0, watch.sweep(start + 59 * SECOND), "wrapped past Long.MAX_VALUE, 59 s");
      assertEquals(1, watch.sweep(start + 60 * SECOND));
    }
  }

  @Test
  void periodIsASixthOfTheTimeoutWithinBounds() {
    assertEquals(Duration.ofSeconds(10), IdleWatch.periodFor(Duration.ofSeconds(60)));
    assertEquals(Duration.ofMillis(500), IdleWatch.periodFor(Duration.ofSeconds(3)));
    assertEquals(Duration.ofMillis(250), IdleWatch.periodFor(Duration.ofMillis(100)));
    assertEquals(Duration.ofSeconds(10), IdleWatch.periodFor(Duration.ofHours(1)));
  }

  @Test
  void theSchedulerSweepsByItselfAndStopsOnClose() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    List<String> order = new ArrayList<>();
    IdleWatch watch = new IdleWatch(Duration.ofMillis(300), scheduler);
    long t0 = System.nanoTime();
    watch.watch(
        new IdleWatch.Watched() {
          @Override
          public long lastHeardNanos() {
            return t0;
          }

          @Override
          public void idle() {
            order.add("idle");
            closed.countDown();
          }
        });
    assertTrue(closed.await(5, TimeUnit.SECONDS), "swept within the timeout and one period");
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(tookMs >= 300, "not before the timeout: " + tookMs + " ms");
    watch.close();
    assertEquals(List.of("idle"), order);
    assertEquals(0, scheduler.getQueue().size(), "the sweep is cancelled");
  }
}
