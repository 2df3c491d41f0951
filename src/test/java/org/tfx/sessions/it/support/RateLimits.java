package org.tfx.sessions.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of the per-room token buckets (a burst of {@code perMinute}, refilled continuously). */
public final class RateLimits {
  private RateLimits() {}

  /**
   * {@code granted} calls went through before the first 429, {@code nanos} after the first call:
   * the whole burst, plus at most what refilled meanwhile (slow CI boxes take seconds).
   */
  public static void assertBurstThenLimited(int perMinute, int granted, long nanos) {
    long refilled = (long) Math.ceil(nanos / 60e9 * perMinute);
    assertTrue(
        granted >= perMinute && granted <= perMinute + refilled + 1,
        granted
            + " calls granted in "
            + nanos / 1_000_000
            + " ms; expected "
            + perMinute
            + " + ≤"
            + refilled);
  }
}
