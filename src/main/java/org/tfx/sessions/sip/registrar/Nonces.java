package org.tfx.sessions.sip.registrar;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Digest nonces: random, issued by us, good for a limited time, and each nonce count usable once
 * (RFC 2617 3.2.2: a client counts up with {@code nc}; any count at or below the last one seen is a
 * replay). Bounded, oldest first out.
 */
final class Nonces {
  /** What a presented nonce and count amount to. */
  enum Check {
    FRESH,
    /** Not ours, or expired: challenge again with {@code stale=true}. */
    STALE,
    /** This count was used already. */
    REPLAYED
  }

  private static final int MAX = 50_000;

  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final LinkedHashMap<String, Issued> issued = new LinkedHashMap<>();

  private static final class Issued {
    final Instant at;
    long lastCount;

    Issued(Instant at) {
      this.at = at;
    }
  }

  Nonces(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  synchronized String issue() {
    Instant now = clock.instant();
    purge(now);
    byte[] b = new byte[16];
    random.nextBytes(b);
    String nonce = HexFormat.of().formatHex(b);
    issued.put(nonce, new Issued(now));
    while (issued.size() > MAX) {
      Iterator<String> oldest = issued.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return nonce;
  }

  /** Checks {@code nonce} with count {@code nc} and, when fresh, uses the count up. */
  synchronized Check use(String nonce, long nc) {
    Issued i = nonce == null ? null : issued.get(nonce);
    Instant now = clock.instant();
    if (i == null || i.at.plus(ttl).isBefore(now)) {
      return Check.STALE;
    }
    if (nc <= i.lastCount) {
      return Check.REPLAYED;
    }
    i.lastCount = nc;
    return Check.FRESH;
  }

  private void purge(Instant now) {
    Iterator<Map.Entry<String, Issued>> it = issued.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().at.plus(ttl).isBefore(now)) {
        it.remove();
      } else {
        return; // insertion order is issue order
      }
    }
  }
}
