package org.tfx.sessions.signaling;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * The single writer of one socket. Any thread may {@link #offer} frames; they are sent one at a
 * time in order with the container's async send (JSR-356 forbids overlapping async sends). The
 * queue is bounded in frames and chars: a consumer that cannot keep up overflows it and is cut off,
 * so that a slow peer never holds up the sender or the rest of its room.
 *
 * <p>Whoever finds the outbox idle drains it ({@link #drain}: a work counter instead of a lock, so
 * offering never blocks and a completion that the container runs inline, inside the send, only
 * tells the running drain loop to go round once more instead of recursing).
 */
final class Outbox {
  /** How frames leave; in production the session's async remote endpoint. */
  interface Transport {
    void sendText(String frame, SendHandler done);
  }

  private static final VarHandle WIP;
  private static final VarHandle FRAMES;
  private static final VarHandle CHARS;
  private static final VarHandle DEAD;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      WIP = l.findVarHandle(Outbox.class, "wip", int.class);
      FRAMES = l.findVarHandle(Outbox.class, "frames", int.class);
      CHARS = l.findVarHandle(Outbox.class, "chars", long.class);
      DEAD = l.findVarHandle(Outbox.class, "dead", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Transport transport;
  private final int maxFrames;
  private final long maxChars;
  private final Runnable onOverflow;
  private final BiConsumer<Integer, String> closer;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final SendHandler onSent = this::completed;

  /** Requests to drain; only the caller that raised it from 0 runs the drain loop. */
  @SuppressWarnings("unused") // through WIP
  private volatile int wip;

  /** Frames queued or in flight, and their length in chars. */
  @SuppressWarnings("unused") // through FRAMES
  private volatile int frames;

  @SuppressWarnings("unused") // through CHARS
  private volatile long chars;

  private volatile boolean sending;
  private volatile boolean dead;
  private volatile String inFlight;
  private volatile CloseRequest closeRequest;

  private record CloseRequest(int code, String reason) {}

  Outbox(
      Transport transport,
      int maxFrames,
      long maxChars,
      Runnable onOverflow,
      BiConsumer<Integer, String> closer) {
    this.transport = transport;
    this.maxFrames = maxFrames;
    this.maxChars = maxChars;
    this.onOverflow = onOverflow;
    this.closer = closer;
  }

  /** Queues a frame; false when the socket is gone or has just overflowed. */
  boolean offer(String frame) {
    if (dead || closeRequest != null) {
      return false;
    }
    int length = frame.length();
    int n = (int) FRAMES.getAndAdd(this, 1) + 1;
    long c = (long) CHARS.getAndAdd(this, (long) length) + length;
    if (n > maxFrames || c > maxChars) {
      FRAMES.getAndAdd(this, -1);
      CHARS.getAndAdd(this, (long) -length);
      if (markDead()) {
        onOverflow.run();
      }
      return false;
    }
    queue.offer(frame);
    drain();
    return true;
  }

  /** Sends what is queued, then closes the socket with {@code code}. */
  void closeAfterFlush(int code, String reason) {
    if (closeRequest == null && !dead) {
      closeRequest = new CloseRequest(code, reason);
      drain();
    }
  }

  /** Frames queued or in flight. */
  int pending() {
    return frames;
  }

  boolean isDead() {
    return dead;
  }

  /** Stops all sending; called when the socket closed. */
  void kill() {
    markDead();
  }

  private boolean markDead() {
    if (dead || !DEAD.compareAndSet(this, false, true)) {
      return false;
    }
    queue.clear();
    return true;
  }

  private void drain() {
    if ((int) WIP.getAndAdd(this, 1) != 0) {
      return; // the running loop goes round once more
    }
    int missed = 1;
    do {
      while (!dead && !sending) {
        String next = queue.poll();
        if (next == null) {
          CloseRequest close = closeRequest;
          if (close != null && markDead()) {
            closer.accept(close.code(), close.reason());
          }
          break;
        }
        sending = true;
        inFlight = next;
        try {
          transport.sendText(next, onSent);
        } catch (RuntimeException e) {
          // IllegalStateException once the container considers the socket closed.
          sending = false;
          markDead();
        }
      }
      missed = (int) WIP.getAndAdd(this, -missed) - missed;
    } while (missed != 0);
  }

  private void completed(SendResult result) {
    String sent = inFlight;
    inFlight = null;
    FRAMES.getAndAdd(this, -1);
    CHARS.getAndAdd(this, (long) -(sent == null ? 0 : sent.length()));
    if (!result.isOK()) {
      markDead();
    }
    sending = false;
    drain();
  }
}
