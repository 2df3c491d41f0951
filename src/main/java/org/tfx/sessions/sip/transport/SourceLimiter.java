package org.tfx.sessions.sip.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The flood limit: a token bucket per source address, shared by UDP, TCP and WebSocket. Buckets of
 * quiet addresses are forgotten, so spoofed UDP sources cannot grow it without bound.
 */
public final class SourceLimiter {
  private static final int MAX_TRACKED = 100_000;

  private final double perNano;
  private final double burst;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

  public SourceLimiter(double perSecond, int burst, LongSupplier nanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanos = nanos;
  }

  /** Whether one more message from {@code source} may be handled now. */
  public boolean admit(InetAddress source) {
    long now = nanos.getAsLong();
    if (buckets.size() > MAX_TRACKED) {
      forgetFull(now);
    }
    return buckets.computeIfAbsent(source, a -> new Bucket(burst, now)).take(now, perNano, burst);
  }

  /** Drops buckets that have refilled completely: their addresses have been quiet. */
  void forgetFull(long now) {
    buckets.values().removeIf(b -> b.isFull(now, perNano, burst));
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized boolean take(long now, double perNano, double burst) {
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    synchronized boolean isFull(long now, double perNano, double burst) {
      return tokens + (now - last) * perNano >= burst;
    }
  }
}
