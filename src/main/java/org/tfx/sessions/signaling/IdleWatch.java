package org.tfx.sessions.signaling;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes signalling sockets that have sent nothing for the idle timeout, with one periodic sweep
 * over all of them rather than the container's timer per socket.
 *
 * <p>Why not {@code Session.setMaxIdleTimeout}: Tyrus (Payara) re-arms that timer by scheduling a
 * new task on the container's managed executor for every frame in and out, and a cancelled task
 * stays queued until its delay would have ended. With the 60 s default, a minute of 100,000 frames
 * left 245,000 dead tasks (and their invocation contexts) on a 512 MiB heap, which then ran out.
 * Here a frame costs one volatile write; a sweep every {@link #periodFor period} visits each socket
 * once. A socket is closed between {@code timeout} and {@code timeout + period} after its last
 * frame.
 */
public final class IdleWatch implements AutoCloseable {
  /** A socket as the watch sees it. */
  public interface Watched {
    /** {@link System#nanoTime()} of the last frame received. */
    long lastHeardNanos();

    /** Nothing arrived for the whole timeout: close the socket. Called once, off the I/O path. */
    void idle();
  }

  private final Set<Watched> sockets = ConcurrentHashMap.newKeySet();
  private final long timeoutNanos;
  private final ScheduledFuture<?> sweeper;

  public IdleWatch(Duration timeout, ScheduledExecutorService scheduler) {
    this.timeoutNanos = timeout.toNanos();
    long period = periodFor(timeout).toMillis();
    this.sweeper =
        scheduler.scheduleWithFixedDelay(
            () -> sweep(System.nanoTime()), period, period, TimeUnit.MILLISECONDS);
  }

  /** A sixth of the timeout, between 250 ms and 10 s: 10 s for the default 60 s. */
  static Duration periodFor(Duration timeout) {
    long millis = Math.max(250, Math.min(10_000, timeout.toMillis() / 6));
    return Duration.ofMillis(millis);
  }

  public void watch(Watched socket) {
    sockets.add(socket);
  }

  public void forget(Watched socket) {
    sockets.remove(socket);
  }

  /** Closes every socket silent since {@code now - timeout}; the count of those closed. */
  int sweep(long now) {
    int closed = 0;
    for (Watched socket : sockets) {
      if (now - socket.lastHeardNanos() >= timeoutNanos && sockets.remove(socket)) {
        socket.idle();
        closed++;
      }
    }
    return closed;
  }

  int watched() {
    return sockets.size();
  }

  @Override
  public void close() {
    sweeper.cancel(false);
    sockets.clear();
  }
}
