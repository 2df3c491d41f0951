package org.tfx.sessions.signaling;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open signalling sockets per client address and enforces the cap. */
public final class AddressLimiter {
  private final int max;
  private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

  public AddressLimiter(int max) {
    this.max = max;
  }

  /** Whether another socket from {@code address} would still be within the cap (no reservation). */
  public boolean hasRoom(String address) {
    AtomicInteger n = open.get(address);
    return n == null || n.get() < max;
  }

  /** Reserves a slot; false when {@code address} is at the cap. */
  public boolean acquire(String address) {
    boolean[] ok = {false};
    open.compute(
        address,
        (k, n) -> {
          AtomicInteger count = n == null ? new AtomicInteger() : n;
          if (count.get() < max) {
            count.incrementAndGet();
            ok[0] = true;
          }
          return count.get() == 0 ? null : count;
        });
    return ok[0];
  }

  public void release(String address) {
    open.computeIfPresent(address, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }
}
