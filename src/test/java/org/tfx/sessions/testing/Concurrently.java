package org.tfx.sessions.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Races for unit tests: one body on several threads, all released at the same moment. */
public final class Concurrently {
  private Concurrently() {}

  /**
   * Runs {@code body(i)} on {@code threads} threads (i = 0…threads−1) that start together, and
   * waits for them.
   *
   * @return whether all of them finished within {@code timeout}
   */
  public static boolean run(int threads, Duration timeout, IntConsumer body)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      int id = t;
      pool.execute(
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              return;
            }
            body.accept(id);
          });
    }
    go.countDown();
    pool.shutdown();
    return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
