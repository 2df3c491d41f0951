package org.tfx.sessions.signaling;

import jakarta.websocket.SendResult;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The single writer of one socket. Any thread may {@link #offer} frames; they are sent one at a
 * time in order with the container's async send (JSR-356 forbids overlapping async sends). The
 * queue is bounded in frames and bytes: a consumer that cannot keep up overflows it and is cut off,
 * so that a slow peer never holds up the sender or the rest of its room.
 *
 * <p>A frame that cannot be written (the container refuses it, or reports the send failed) ends the
 * socket through {@code onFailure}: a writer that stopped silently would leave a socket that still
 * looks open but never hears from the server again.
 */
final class Outbox {
  /** How frames leave; in production the session's async remote endpoint. */
  interface Transport {
    void sendText(String frame, jakarta.websocket.SendHandler done);
  }

  /**
   * A blocking write on the calling thread, bounded by the container's send timeout; false when the
   * frame could not be written in time. Used for a frame with nothing queued behind it.
   */
  interface Direct {
    boolean sendNow(String frame);
  }

  private final Transport transport;
  private final Direct direct;
  private final int maxFrames;
  private final long maxBytes;
  private final Runnable onOverflow;
  private final Consumer<Throwable> onFailure;
  private final BiConsumer<Integer, String> closer;

  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger frames = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final AtomicBoolean dead = new AtomicBoolean();

  /**
   * Requests to pump since the drainer last looked: the thread that moves it from 0 drains, the
   * others only count, so a completion that runs inline never recurses and no thread state is kept
   * per socket (a {@code ThreadLocal} per outbox leaves an entry in every thread that ever pumped).
   */
  private final AtomicInteger wanted = new AtomicInteger();

  private volatile String inFlight;
  private volatile CloseRequest closeRequest;

  private record CloseRequest(int code, String reason) {}

  Outbox(
      Transport transport,
      Direct direct,
      int maxFrames,
      long maxBytes,
      Runnable onOverflow,
      Consumer<Throwable> onFailure,
      BiConsumer<Integer, String> closer) {
    this.transport = transport;
    this.direct = direct;
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
    this.onOverflow = onOverflow;
    this.onFailure = onFailure;
    this.closer = closer;
  }

  /** Queues a frame; false when the socket is gone or has just overflowed. */
  boolean offer(String frame) {
    if (dead.get() || closeRequest != null) {
      return false;
    }
    int n = frames.incrementAndGet();
    long b = bytes.addAndGet(frame.length());
    if (n > maxFrames || b > maxBytes) {
      frames.decrementAndGet();
      bytes.addAndGet(-frame.length());
      tooSlow();
      return false;
    }
    queue.add(frame);
    pump();
    return true;
  }

  /** Sends what is queued, then closes the socket with {@code code}. */
  void closeAfterFlush(int code, String reason) {
    if (closeRequest == null && !dead.get()) {
      closeRequest = new CloseRequest(code, reason);
      pump();
    }
  }

  /** Frames queued or in flight. */
  int pending() {
    return frames.get();
  }

  boolean isDead() {
    return dead.get();
  }

  /** Stops all sending; called when the socket closed. */
  void kill() {
    dead.set(true);
    queue.clear();
  }

  private void pump() {
    if (wanted.getAndIncrement() != 0) {
      return; // the draining thread (maybe this one, in an inline completion) looks again
    }
    int seen = 1;
    do {
      drain();
      seen = wanted.addAndGet(-seen);
    } while (seen != 0);
  }

  /** Starts the next send unless one is in flight; closes when asked and nothing is left. */
  private void drain() {
    while (!dead.get() && sending.compareAndSet(false, true)) {
      String next = queue.poll();
      if (next == null) {
        sending.set(false);
        CloseRequest close = closeRequest;
        if (close != null && queue.isEmpty() && dead.compareAndSet(false, true)) {
          closer.accept(close.code(), close.reason());
          return;
        }
        if (queue.isEmpty()) {
          return;
        }
        continue;
      }
      inFlight = next;
      if (direct != null && queue.isEmpty()) {
        // Nothing behind it: write it here, with no hand-off for the completion. Frames that
        // queue meanwhile go the async way, so no thread writes another socket's backlog.
        boolean written = direct.sendNow(next);
        frames.decrementAndGet();
        bytes.addAndGet(-next.length());
        sending.set(false);
        if (!written) {
          tooSlow();
          return;
        }
        continue;
      }
      try {
        transport.sendText(next, this::completed);
      } catch (RuntimeException e) {
        // IllegalStateException once the container considers the socket closed; anything else
        // is a frame it cannot write.
        sending.set(false);
        fail(e);
        return;
      }
    }
  }

  private void completed(SendResult result) {
    String sent = inFlight;
    frames.decrementAndGet();
    bytes.addAndGet(-(sent == null ? 0 : sent.length()));
    if (!result.isOK()) {
      sending.set(false);
      fail(result.getException());
      return;
    }
    sending.set(false);
    pump();
  }

  /** A consumer that cannot keep up: cut off once. */
  private void tooSlow() {
    if (dead.compareAndSet(false, true)) {
      queue.clear();
      onOverflow.run();
    }
  }

  private void fail(Throwable cause) {
    if (dead.compareAndSet(false, true)) {
      queue.clear();
      onFailure.accept(cause);
    }
  }
}
