package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TyrusIdleTimerTest {
  /** Shaped like Tyrus 2.1's session: the idle timer's executor in a private field. */
  static final class SessionLikeTyrus {
    private ScheduledExecutorService service = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger ran = new AtomicInteger();

    /** What Tyrus does for every frame in and out. */
    void frame() {
      service.schedule(ran::incrementAndGet, 0, TimeUnit.MILLISECONDS);
    }
  }

  static final class SessionWithoutTimer {
    private String service = "not an executor";
  }

  @Test
  void theTimersExecutorIsSwappedForOneThatTakesNoTask() throws Exception {
    SessionLikeTyrus session = new SessionLikeTyrus();
    ScheduledExecutorService original = session.service;
    Field field = TyrusIdleTimer.timerExecutor(SessionLikeTyrus.class).orElseThrow();
    field.set(session, new TyrusIdleTimer.NoTimers());
    for (int i = 0; i < 1_000; i++) {
      session.frame();
    }
    original.shutdown();
    assertTrue(original.awaitTermination(5, TimeUnit.SECONDS));
    assertEquals(0, session.ran.get());
  }

  @Test
  void aClassWithoutAnExecutorFieldIsLeftAlone() {
    assertTrue(TyrusIdleTimer.timerExecutor(SessionWithoutTimer.class).isEmpty());
    assertTrue(TyrusIdleTimer.timerExecutor(Object.class).isEmpty());
  }

  @Test
  void everyScheduledTaskIsAnsweredCancelledAndNoneRuns() {
    TyrusIdleTimer.NoTimers none = new TyrusIdleTimer.NoTimers();
    AtomicInteger ran = new AtomicInteger();
    ScheduledFuture<?> f = none.schedule(ran::incrementAndGet, 0, TimeUnit.MILLISECONDS);
    assertTrue(f.isDone());
    assertTrue(f.isCancelled());
    assertFalse(f.cancel(true));
    assertThrows(CancellationException.class, f::get);
    assertEquals(0, f.getDelay(TimeUnit.MILLISECONDS));
    none.schedule(() -> ran.incrementAndGet(), 5, TimeUnit.SECONDS);
    none.scheduleAtFixedRate(ran::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
    none.scheduleWithFixedDelay(ran::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
    assertThrows(RejectedExecutionException.class, () -> none.execute(ran::incrementAndGet));
    assertEquals(0, ran.get());
  }
}
