package org.tfx.sessions.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tfx.sessions.sip.registrar.Digest;

/**
 * Logged-in console sessions, in memory (a restart logs the operator out). The cookie carries a
 * random token; only its hash is kept here. Each session has its own CSRF token and ends after
 * {@code timeout} without a request.
 */
final class ConsoleSessions {
  private static final int MAX_SESSIONS = 100;

  /** One login. {@code flash} is a message shown once on the next page. */
  static final class Session {
    final String csrf;
    volatile Instant lastSeen;
    volatile String flash;

    Session(String csrf, Instant now) {
      this.csrf = csrf;
      this.lastSeen = now;
    }
  }

  private final Duration timeout;
  private final Clock clock;
  private final SecureRandom random;
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  ConsoleSessions(Duration timeout, Clock clock, SecureRandom random) {
    this.timeout = timeout;
    this.clock = clock;
    this.random = random;
  }

  /** Starts a session; returns the token for the cookie. */
  String open() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.clear(); // never more than a handful of operators: this is an attack or a bug
    }
    String token = token();
    sessions.put(Digest.md5(token), new Session(token(), now));
    return token;
  }

  /** The live session of a cookie token, touched. */
  Optional<Session> find(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    String key = Digest.md5(token);
    Session s = sessions.get(key);
    Instant now = clock.instant();
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(key);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  void close(String token) {
    if (token != null) {
      sessions.remove(Digest.md5(token));
    }
  }

  String token() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private boolean expired(Session s, Instant now) {
    return s.lastSeen.plus(timeout).isBefore(now);
  }
}
