package org.tfx.sessions.signaling;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tyrus (Payara 6 ships Tyrus 2.1.5, up to 6.2025.10) re-arms a session's idle timer for every
 * frame in and out by scheduling a task on the container's managed scheduled executor, even when
 * the timeout is off (0). On Payara each such task first captures the thread's context, which scans
 * every jar of the WAR for {@code ThreadContextProvider} services, and then hops to another thread
 * to do nothing. The app keeps the idle timeout itself ({@link IdleWatch}), so this hands a Tyrus
 * session an executor that takes no task. Other containers, and a Tyrus whose session has no such
 * field, are left as they are.
 */
final class TyrusIdleTimer {
  private static final System.Logger LOG = System.getLogger(TyrusIdleTimer.class.getName());
  private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
  private static final ScheduledExecutorService NO_TIMERS = new NoTimers();

  /** The executor field of each session class, looked up once (empty: not Tyrus's, or no field). */
  private static final ClassValue<Optional<Field>> EXECUTOR_FIELD =
      new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
          return executorField(type);
        }
      };

  private TyrusIdleTimer() {}

  /**
   * Takes the idle timer's executor away from a Tyrus session: its later timer tasks are dropped,
   * not scheduled. Any other session is left as it is.
   */
  static void disable(Session session) {
    Optional<Field> field = EXECUTOR_FIELD.get(session.getClass());
    if (field.isEmpty()) {
      return;
    }
    try {
      field.get().set(session, NO_TIMERS);
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.log(Level.DEBUG, "Tyrus session keeps its timer: " + e);
    }
  }

  private static Optional<Field> executorField(Class<?> type) {
    return type.getName().equals(TYRUS_SESSION) ? timerExecutor(type) : Optional.empty();
  }

  /** The session class's own {@code ScheduledExecutorService service} field, made writable. */
  static Optional<Field> timerExecutor(Class<?> type) {
    try {
      Field f = type.getDeclaredField("service");
      if (f.getType() != ScheduledExecutorService.class) {
        return Optional.empty();
      }
      f.setAccessible(true);
      LOG.log(Level.INFO, "Tyrus's per-frame idle-timer tasks are off (tfx.ws.tyrusIdleTasks)");
      return Optional.of(f);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.INFO, "Tyrus keeps its per-frame idle-timer tasks: " + e);
      return Optional.empty();
    }
  }

  /** Takes every scheduled task and runs none: each is answered with a cancelled future. */
  static final class NoTimers extends AbstractExecutorService implements ScheduledExecutorService {
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return Dropped.INSTANCE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return (ScheduledFuture<V>) Dropped.INSTANCE;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      return Dropped.INSTANCE;
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return Dropped.INSTANCE;
    }

    @Override
    public void execute(Runnable command) {
      throw new RejectedExecutionException("Tyrus's idle timer is kept by the app");
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }

  /** A task that was never scheduled: cancelled from the start. */
  private static final class Dropped implements ScheduledFuture<Object> {
    static final Dropped INSTANCE = new Dropped();

    private Dropped() {}

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return true;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      throw new CancellationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new CancellationException();
    }
  }
}
