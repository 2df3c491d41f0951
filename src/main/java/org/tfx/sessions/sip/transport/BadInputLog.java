package org.tfx.sessions.sip.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs bad input once per source address and quiet period, so a fuzzer or a broken phone fills no
 * disk: the first message is logged with its reason, later ones are counted and the count is
 * reported when the source next misbehaves after the period.
 */
public final class BadInputLog {
  private static final Logger LOG = Logger.getLogger("org.tfx.sessions.sip");
  private static final long PERIOD_NANOS = 60_000_000_000L;
  private static final int MAX_TRACKED = 10_000;

  private final LongSupplier nanos;
  private final ConcurrentHashMap<InetAddress, Entry> sources = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();

  private record Entry(long since, AtomicLong suppressed) {}

  public BadInputLog(LongSupplier nanos) {
    this.nanos = nanos;
  }

  public void bad(InetAddress source, Transport transport, String reason, String firstLine) {
    total.incrementAndGet();
    long now = nanos.getAsLong();
    if (sources.size() > MAX_TRACKED) {
      sources.clear();
    }
    Entry e = sources.get(source);
    if (e != null && now - e.since() < PERIOD_NANOS) {
      e.suppressed().incrementAndGet();
      return;
    }
    Entry fresh = new Entry(now, new AtomicLong());
    sources.put(source, fresh);
    long earlier = e == null ? 0 : e.suppressed().get();
    LOG.log(
        Level.WARNING,
        "SIP: bad message from {0} over {1}: {2} [{3}]{4}",
        new Object[] {
          source.getHostAddress(),
          transport,
          reason,
          firstLine,
          earlier > 0 ? " (" + earlier + " more from there in the last period)" : ""
        });
  }

  /** Bad messages seen since start. */
  public long total() {
    return total.get();
  }
}
