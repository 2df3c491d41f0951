package org.tfx.sessions.persistence;

import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One writer thread that commits queued writes in batches: under a join storm, hundreds of seats
 * cost one commit instead of hundreds, while each caller that must know its write is durable can
 * still wait for it. Writes are applied in the order they were queued.
 */
public final class GroupCommit implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
  private static final int MAX_BATCH = 512;

  private record Job(Consumer<EntityManager> work, CompletableFuture<Void> done) {}

  private static final Job STOP = new Job(em -> {}, new CompletableFuture<>());

  private final Database db;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  public GroupCommit(Database db) {
    this.db = db;
    this.writer = new Thread(this::run, "tfx-db-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a write; the future completes once it is committed (or fails with its error). */
  public CompletableFuture<Void> submit(Consumer<EntityManager> work) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Job(work, done));
    return done;
  }

  /** Queues a write and waits until it is committed. */
  public void commit(Consumer<EntityManager> work) {
    try {
      submit(work).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void run() {
    List<Job> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      apply(batch);
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void apply(List<Job> batch) {
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

  /** Applies what is queued, then stops the writer. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
