package org.tfx.sessions.persistence;

import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Commits queued writes in batches, in the order they were queued: under a join storm hundreds of
 * seats cost one commit instead of hundreds, and a caller that must know its write is durable can
 * still wait for it.
 *
 * <p>One thread at a time commits, and it drains the whole queue into each transaction. A caller
 * that waits ({@link #commit}) commits on its own thread when nobody else is committing, so a lone
 * join costs no thread hand-off. When somebody is, the caller does not queue for the lock: it parks
 * on its own write, and the committing thread commits it (it keeps committing until the queue is
 * empty, and looks once more after letting the lock go) and wakes exactly that caller. Waiting in
 * line for the lock instead made every waiter take the lock in turn only to find its write done,
 * one context switch after another: in a join storm on one core that convoy cost more than the
 * commits (2026-12-07: 600–915 µs CPU per connect against 393–558 without it; benchmark.md). Writes
 * nobody waits for ({@link #submit}) are committed by a background thread the same way.
 */
public final class GroupCommit implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
  private static final int MAX_BATCH = 512;
  private static final long RECHECK_MILLIS = 100;

  /** Runs work in one transaction; {@link Database#inTransaction} in production. */
  public interface Transactions {
    <T> T inTransaction(Function<EntityManager, T> work);
  }

  private record Job(Consumer<EntityManager> work, CompletableFuture<Void> done) {}

  private static final Job STOP = new Job(em -> {}, new CompletableFuture<>());

  private final Transactions db;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final BlockingQueue<Job> background = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread writer;

  public GroupCommit(Transactions db) {
    this.db = db;
    this.writer = new Thread(this::runBackground, "tfx-db-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Queues a write for the background thread; the future completes once it is committed (or fails
   * with its error).
   */
  public CompletableFuture<Void> submit(Consumer<EntityManager> work) {
    Job job = new Job(work, new CompletableFuture<>());
    queue.add(job);
    background.add(job);
    return job.done();
  }

  /** Queues a write and returns once it is committed, committing on this thread if need be. */
  public void commit(Consumer<EntityManager> work) {
    Job job = new Job(work, new CompletableFuture<>());
    queue.add(job);
    try {
      awaitCommitted(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(e);
    }
    try {
      job.done().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Returns once {@code job} is committed or has failed: commits on this thread while nobody else
   * is committing, else parks on the job until the committing thread completes it.
   */
  private void awaitCommitted(Job job) throws InterruptedException {
    while (!job.done().isDone()) {
      commitWhileQueued();
      try {
        // Woken by the completion; the timeout only guards against a committer that died.
        job.done().get(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillQueued) {
        // look again: commit it here if nobody else is committing
      } catch (ExecutionException failed) {
        return; // the caller reads the failure from the job
      }
    }
  }

  /**
   * Commits batches while writes are queued and no other thread is committing. Returns at once when
   * one is: that thread commits what was queued before it lets the lock go, and looks at the queue
   * once more after, so no write queued before this call is left behind.
   */
  private void commitWhileQueued() {
    while (!queue.isEmpty() && lock.tryLock()) {
      try {
        while (!queue.isEmpty()) {
          commitQueued();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** The background thread: waits for each submitted write like a caller would, until STOP. */
  private void runBackground() {
    while (true) {
      try {
        Job next = background.take();
        if (next == STOP) {
          commitEverythingQueued();
          return;
        }
        awaitCommitted(next);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Waits for the commit lock, then commits until the queue is empty. */
  private void commitEverythingQueued() {
    lock.lock();
    try {
      while (!queue.isEmpty()) {
        commitQueued();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock: commits what is queued, in order, as one batch. */
  private void commitQueued() {
    List<Job> batch = new ArrayList<>();
    queue.drainTo(batch, MAX_BATCH);
    if (batch.isEmpty()) {
      return;
    }
    try {
      db.inTransaction(
          em -> {
            for (Job j : batch) {
              j.work().accept(em);
            }
            return null;
          });
      batch.forEach(j -> j.done().complete(null));
    } catch (StoreUnavailableException down) {
      // Retrying each write would wait out the connection timeout once per write while every
      // caller queues behind the lock: fail the batch at once; callers answer "unavailable".
      LOG.log(Level.WARNING, "database writes failed: " + down.getMessage());
      batch.forEach(j -> j.done().completeExceptionally(down));
    } catch (Error fatal) {
      // Nobody may wait for these writes forever: they left the queue with this batch.
      batch.forEach(j -> j.done().completeExceptionally(fatal));
      throw fatal;
    } catch (RuntimeException batchFailed) {
      // One bad write must not sink the others: retry each on its own.
      for (Job j : batch) {
        try {
          db.inTransaction(
              em -> {
                j.work().accept(em);
                return null;
              });
          j.done().complete(null);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "database write failed", e);
          j.done().completeExceptionally(e);
        }
      }
    }
  }

  /** Commits what is queued, then stops the background thread. */
  @Override
  public void close() {
    background.add(STOP);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
