package org.tfx.sessions.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenTheRate() {
    RateLimiter r = new RateLimiter(20, 100, 0);
    for (int i = 0; i < 100; i++) {
      assertEquals(RateLimiter.Verdict.ACCEPT, r.admit(0));
    }
    assertEquals(RateLimiter.Verdict.REJECT, r.admit(0));
    // 50 ms later one token is back.
    assertEquals(RateLimiter.Verdict.ACCEPT, r.admit(SECOND / 20));
    assertEquals(RateLimiter.Verdict.REJECT, r.admit(SECOND / 20));
  }

  @Test
  void sustainedRateIsAccepted() {
    RateLimiter r = new RateLimiter(20, 100, 0);
    for (int i = 0; i < 1000; i++) {
      assertEquals(RateLimiter.Verdict.ACCEPT, r.admit(i * (SECOND / 20)));
    }
  }

  @Test
  void aFullBurstOfRejectionsWithoutCalmingDownIsAbuse() {
    RateLimiter r = new RateLimiter(20, 100, 0);
    long t = 0;
    for (int i = 0; i < 100; i++) {
      r.admit(t);
    }
    int rejections = 0;
    RateLimiter.Verdict v;
    // Keep sending at 200/s: a token now and then does not excuse it.
    do {
      t += SECOND / 200;
      v = r.admit(t);
      if (v == RateLimiter.Verdict.REJECT) {
        rejections++;
      }
    } while (v != RateLimiter.Verdict.ABUSE && t < 100 * SECOND);
    assertEquals(RateLimiter.Verdict.ABUSE, v);
    assertEquals(100, rejections);
  }

  @Test
  void calmingDownForgivesEarlierRejections() {
    RateLimiter r = new RateLimiter(20, 100, 0);
    for (int i = 0; i < 190; i++) {
      r.admit(0);
    }
    // 5 s of silence refills the bucket: the count starts again.
    long t = 5 * SECOND;
    for (int i = 0; i < 100; i++) {
      assertEquals(RateLimiter.Verdict.ACCEPT, r.admit(t));
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(RateLimiter.Verdict.REJECT, r.admit(t));
    }
  }
}
