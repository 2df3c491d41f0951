package org.tfx.sessions.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.testing.Concurrently;

class GroupCommitTest {
  /** Transactions that only count themselves and note which thread ran them. */
  static final class Recorder implements GroupCommit.Transactions {
    final AtomicInteger transactions = new AtomicInteger();
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    final long millisEach;

    Recorder(long millisEach) {
      this.millisEach = millisEach;
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
      transactions.incrementAndGet();
      threads.add(Thread.currentThread());
      if (millisEach > 0) {
        try {
          Thread.sleep(millisEach);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return work.apply(null);
    }
  }

  /** A write that says it has started, then holds its transaction until {@code release}. */
  static Consumer<EntityManager> holding(CountDownLatch started, CountDownLatch release) {
    return em -> {
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Waits (up to 5 s) until every thread is parked with a timeout: waiting for its write. */
  static void awaitParked(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (threads.stream().anyMatch(t -> t.getState() != Thread.State.TIMED_WAITING)
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  @Test
  void aLoneWaiterCommitsOnItsOwnThread() {
    Recorder db = new Recorder(0);
    try (GroupCommit writes = new GroupCommit(db)) {
      List<String> applied = new ArrayList<>();
      writes.commit(em -> applied.add("seat"));
      assertEquals(List.of("seat"), applied);
      assertEquals(1, db.transactions.get());
      assertSame(Thread.currentThread(), db.threads.get(0), "no hand-off to another thread");
    }
  }

  @Test
  void concurrentWaitersShareCommitsAndKeepQueueOrder() throws Exception {
    Recorder db = new Recorder(5);
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    int threads = 8;
    int each = 40;
    try (GroupCommit writes = new GroupCommit(db)) {
      assertTrue(
          Concurrently.run(
              threads,
              Duration.ofSeconds(60),
              id -> {
                for (int i = 0; i < each; i++) {
                  String name = id + ":" + i;
                  if (i % 3 == 0) {
                    writes.submit(em -> applied.add(name));
                  } else {
                    writes.commit(em -> applied.add(name));
                  }
                }
              }));
    }
    assertEquals(threads * each, applied.size(), "every write once, background ones included");
    assertEquals(threads * each, new java.util.HashSet<>(applied).size());
    for (int t = 0; t < threads; t++) {
      String prefix = t + ":";
      List<Integer> own =
          applied.stream()
              .filter(s -> s.startsWith(prefix))
              .map(s -> Integer.parseInt(s.substring(prefix.length())))
              .toList();
      List<Integer> sorted = new ArrayList<>(own);
      Collections.sort(sorted);
      assertEquals(sorted, own, "each thread's writes in the order it queued them");
    }
    assertTrue(
        db.transactions.get() < threads * each / 2,
        "writes waiting together share commits: " + db.transactions.get() + " transactions");
  }

  @Test
  void aFailingWriteFailsAloneAndTheOthersCommit() throws Exception {
    Recorder db = new Recorder(0);
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    try (GroupCommit writes = new GroupCommit(db)) {
      var later = writes.submit(em -> applied.add("before"));
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  writes.commit(
                      em -> {
                        throw new IllegalStateException("constraint");
                      }));
      assertEquals("constraint", e.getMessage());
      writes.commit(em -> applied.add("after"));
      later.get(5, TimeUnit.SECONDS);
    }
    assertTrue(applied.contains("before") && applied.contains("after"), applied.toString());
  }

  @Test
  void waitersQueuedBehindACommitAreCommittedByThatThreadNotInALineForTheLock() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder db = new Recorder(0);
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    int waiters = 16;
    try (GroupCommit writes = new GroupCommit(db)) {
      Consumer<EntityManager> held = holding(inFirst, release);
      Thread first =
          new Thread(
              () ->
                  writes.commit(
                      em -> {
                        held.accept(em);
                        applied.add("first");
                      }));
      first.start();
      assertTrue(inFirst.await(5, TimeUnit.SECONDS));
      List<Thread> others = new ArrayList<>();
      for (int i = 0; i < waiters; i++) {
        String name = "w" + i;
        Thread t = new Thread(() -> writes.commit(em -> applied.add(name)));
        others.add(t);
        t.start();
      }
      awaitParked(others);
      release.countDown();
      first.join(5_000);
      for (Thread t : others) {
        t.join(5_000);
        assertTrue(!t.isAlive(), "every waiter returned");
      }
    }
    assertEquals(waiters + 1, applied.size(), applied.toString());
    assertEquals(2, db.transactions.get(), "the first write, then all waiters in one batch");
    assertEquals(
        1,
        new java.util.HashSet<>(db.threads).size(),
        "the committing thread committed the waiters' writes too (no waiter took the lock)");
  }

  @Test
  void aCallerQueuedWhileTheBackgroundThreadCommitsIsCommittedByItAtOnce() throws Exception {
    CountDownLatch inBackground = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Recorder db = new Recorder(0);
    try (GroupCommit writes = new GroupCommit(db)) {
      var later = writes.submit(holding(inBackground, release));
      assertTrue(inBackground.await(5, TimeUnit.SECONDS));
      List<Thread> committedBy = Collections.synchronizedList(new ArrayList<>());
      Thread caller =
          new Thread(() -> writes.commit(em -> committedBy.add(Thread.currentThread())));
      caller.start();
      awaitParked(List.of(caller));
      release.countDown();
      later.get(5, TimeUnit.SECONDS);
      caller.join(5_000);
      assertEquals(1, committedBy.size());
      assertEquals(
          "tfx-db-writer",
          committedBy.get(0).getName(),
          "the background thread looked at the queue after its commit; the caller did not wait"
              + " for its own re-check");
    }
  }

  @Test
  void aWriteThatThrowsAnErrorLeavesNobodyWaiting() throws Exception {
    Recorder db = new Recorder(1);
    AtomicInteger answered = new AtomicInteger();
    try (GroupCommit writes = new GroupCommit(db)) {
      assertTrue(
          Concurrently.run(
              8,
              Duration.ofSeconds(30),
              id -> {
                for (int i = 0; i < 20; i++) {
                  boolean fatal = id == 3 && i == 5;
                  try {
                    writes.commit(
                        em -> {
                          if (fatal) {
                            throw new Error("fatal write");
                          }
                        });
                  } catch (Error | RuntimeException e) {
                    // the fatal write's batch fails; nobody hangs
                  }
                  answered.incrementAndGet();
                }
              }));
    }
    assertEquals(8 * 20, answered.get(), "every caller got an answer");
  }

  @Test
  void closeCommitsWhatIsQueued() {
    Recorder db = new Recorder(2);
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    GroupCommit writes = new GroupCommit(db);
    for (int i = 0; i < 50; i++) {
      int n = i;
      writes.submit(em -> applied.add("w" + n));
    }
    writes.close();
    assertEquals(50, applied.size());
  }
}
