package org.tfx.sessions.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong passwords counted per source address and user, and per address over all users (four times
 * the allowance, against guessing across many names). Past the allowance the address is refused for
 * the lockout period; a right password clears the count of its user.
 */
public final class Lockout {
  private static final int MAX_TRACKED = 100_000;
  private static final int ADDRESS_FACTOR = 4;

  private final int attempts;
  private final Duration duration;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  private record Failures(int count, Instant last) {}

  public Lockout(int attempts, Duration duration, Clock clock) {
    this.attempts = attempts;
    this.duration = duration;
    this.clock = clock;
  }

  public boolean isLocked(String address, String user) {
    return over(address + "|" + user, attempts) || over(address, attempts * ADDRESS_FACTOR);
  }

  /** Counts a wrong password; true when this one locked the address out. */
  public boolean fail(String address, String user) {
    if (failures.size() > MAX_TRACKED) {
      purge();
    }
    Instant now = clock.instant();
    count(address, now);
    return count(address + "|" + user, now) >= attempts || isLocked(address, user);
  }

  public void succeed(String address, String user) {
    failures.remove(address + "|" + user);
  }

  private int count(String key, Instant now) {
    return failures
        .compute(
            key,
            (k, f) ->
                f == null || expired(f, now)
                    ? new Failures(1, now)
                    : new Failures(f.count() + 1, now))
        .count();
  }

  private boolean over(String key, int allowed) {
    Failures f = failures.get(key);
    return f != null && f.count() >= allowed && !expired(f, clock.instant());
  }

  private boolean expired(Failures f, Instant now) {
    return f.last().plus(duration).isBefore(now);
  }

  private void purge() {
    Instant now = clock.instant();
    failures.values().removeIf(f -> expired(f, now));
  }
}
