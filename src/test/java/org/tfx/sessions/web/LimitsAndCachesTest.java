package org.tfx.sessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LimitsAndCachesTest {
  private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative

  @Test
  void aRoomGetsItsBurstThenOneCallPerInterval() {
    RoomRateLimiter l = new RoomRateLimiter(60, 10, now::get);
    for (int i = 0; i < 60; i++) {
      assertEquals(0, l.acquire("a"));
    }
    assertEquals(1, l.acquire("a"));
    now.addAndGet(1_000_000_000L);
    assertEquals(0, l.acquire("a"));
    assertEquals(1, l.acquire("a"));
    assertEquals(0, l.acquire("b"), "rooms do not share a bucket");
  }

  @Test
  void theLimiterRemembersABoundedNumberOfRooms() {
    RoomRateLimiter l = new RoomRateLimiter(1, 2, now::get);
    assertEquals(0, l.acquire("a"));
    assertTrue(l.acquire("a") > 0);
    l.acquire("b");
    l.acquire("c"); // forgets a
    assertEquals(0, l.acquire("a"));
  }

  @Test
  void theCacheDropsTheLeastRecentlyUsedAndExpiredEntries() {
    BoundedCache<String, Integer> c = new BoundedCache<>(2, Duration.ofSeconds(10), now::get);
    c.put("a", 1);
    c.put("b", 2);
    c.get("a");
    c.put("c", 3);
    assertEquals(Optional.empty(), c.get("b"));
    assertEquals(Optional.of(1), c.get("a"));
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertEquals(Optional.empty(), c.get("a"));
    BoundedCache<String, Integer> off = new BoundedCache<>(0, null, now::get);
    off.put("x", 1);
    assertEquals(0, off.size());
  }
}
