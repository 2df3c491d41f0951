package org.tfx.sessions.room;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends lost seats whose grace period is over: a seat that is lost gets a timer that asks its room
 * to {@link RoomCommand.Expire expire} it; a resume or a leave cancels the timer. The room itself
 * checks the time, so a late or stray timer changes nothing.
 */
public final class GraceTimers implements RoomEvents.Listener {
  private static final System.Logger LOG = System.getLogger(GraceTimers.class.getName());
  private static final long RETRY_MILLIS = 1000;

  private record Key(RoomId room, PeerId peer) {}

  private final LiveRooms rooms;
  private final ScheduledExecutorService scheduler;
  private final Duration grace;
  private final Clock clock;
  private final Map<Key, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

  public GraceTimers(
      LiveRooms rooms, ScheduledExecutorService scheduler, Duration grace, Clock clock) {
    this.rooms = rooms;
    this.scheduler = scheduler;
    this.grace = grace;
    this.clock = clock;
  }

  /** Timers run where the seat was lost: only decisions made on this node start one. */
  @Override
  public void onEvents(LiveRoom room, List<RoomEvent> events, boolean decidedHere) {
    if (!decidedHere) {
      return;
    }
    for (RoomEvent e : events) {
      if (e instanceof RoomEvent.SeatLost lost) {
        schedule(new Key(room.id(), lost.peer()), lost);
      } else if (e instanceof RoomEvent.SeatResumed resumed) {
        cancel(new Key(room.id(), resumed.peer()));
      } else if (e instanceof RoomEvent.SeatVacated vacated) {
        cancel(new Key(room.id(), vacated.peer()));
      }
    }
  }

  private void schedule(Key key, RoomEvent.SeatLost lost) {
    // +1 ms: toMillis() rounds down, and an expiry asked a moment early would change nothing.
    long delay =
        Math.max(0, Duration.between(clock.instant(), lost.at().plus(grace)).toMillis() + 1);
    arm(key, delay);
  }

  private void arm(Key key, long delayMillis) {
    ScheduledFuture<?> timer =
        scheduler.schedule(() -> expire(key), delayMillis, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> before = timers.put(key, timer);
    if (before != null) {
      before.cancel(false);
    }
  }

  private void expire(Key key) {
    timers.remove(key);
    try {
      rooms.execute(key.room(), new RoomCommand.Expire(key.peer(), clock.instant()));
    } catch (RuntimeException e) {
      // The record could not keep it (database down): try again, the seat must not stay forever.
      LOG.log(System.Logger.Level.WARNING, "expiring a lost seat failed; retrying in 1 s", e);
      arm(key, RETRY_MILLIS);
    }
  }

  private void cancel(Key key) {
    ScheduledFuture<?> timer = timers.remove(key);
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
