package org.tfx.sessions.sip.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceLimiterTest {
  @Test
  void aSourceGetsItsBurstThenItsRateAndOthersAreNotHeldBack() throws Exception {
    AtomicLong now = new AtomicLong();
    SourceLimiter limiter = new SourceLimiter(10, 5, now::get);
    InetAddress flood = InetAddress.getByName("192.0.2.1");
    InetAddress quiet = InetAddress.getByName("192.0.2.2");
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.admit(flood), "within the burst");
    }
    assertFalse(limiter.admit(flood), "over the burst");
    assertTrue(limiter.admit(quiet), "another address has its own bucket");
    now.addAndGet(100_000_000L); // 0.1 s at 10/s: one more
    assertTrue(limiter.admit(flood));
    assertFalse(limiter.admit(flood));
  }
}
