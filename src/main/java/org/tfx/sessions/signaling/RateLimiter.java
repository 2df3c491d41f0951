package org.tfx.sessions.signaling;

/**
 * Token bucket for the frames of one socket. Only the socket's reading thread calls it (the
 * container delivers one frame at a time per socket), so it needs no locking.
 */
final class RateLimiter {
  /** What to do with one frame. */
  enum Verdict {
    ACCEPT,
    REJECT,
    /** Over a full burst of rejections without calming down: disconnect. */
    ABUSE
  }

  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  /** Rejections since the bucket was last full, i.e. since the client last calmed down. */
  private int rejected;

  RateLimiter(double perSecond, int burst, long nowNanos) {
    this.perNano = perSecond / 1_000_000_000d;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  Verdict admit(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= burst) {
      rejected = 0;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    rejected++;
    return rejected > burst ? Verdict.ABUSE : Verdict.REJECT;
  }
}
