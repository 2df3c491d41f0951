package org.tfx.sessions.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per room: {@code perMinute} calls a minute, in bursts of up to {@code perMinute}.
 * Buckets of the rooms used least recently are forgotten beyond {@code maxRooms} (a forgotten room
 * starts with a full bucket again), so memory stays bounded.
 */
public final class RoomRateLimiter {
  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  public RoomRateLimiter(int perMinute, int maxRooms, LongSupplier nanoTime) {
    this.perNano = perMinute / 60e9;
    this.burst = perMinute;
    this.nanoTime = nanoTime;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxRooms;
          }
        };
  }

  public RoomRateLimiter(int perMinute) {
    this(perMinute, 10_000, System::nanoTime);
  }

  /**
   * Takes one token of {@code roomId}'s bucket.
   *
   * @return 0 when granted, else the whole seconds until a token is available (≥ 1)
   */
  public synchronized long acquire(String roomId) {
    long now = nanoTime.getAsLong();
    Bucket b = buckets.computeIfAbsent(roomId, k -> new Bucket(burst, now));
    b.tokens = Math.min(burst, b.tokens + (now - b.last) * perNano);
    b.last = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
  }
}
