package org.tfx.sessions.sip.proxy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls in progress, by Call-ID, as the proxy sees them: ringing from the initial INVITE, answered
 * at the first 2xx, gone at a final failure, at the BYE, or when they outlive {@link #MAX_AGE}
 * without one (a phone that lost power never says BYE).
 */
public final class Calls {
  /** How a call stands. */
  public enum State {
    RINGING,
    ANSWERED
  }

  /** A call for the console. */
  public record Call(
      String callId,
      String from,
      String to,
      String fromTransport,
      String toTransport,
      State state,
      Instant startedAt,
      Instant answeredAt) {}

  static final Duration MAX_AGE = Duration.ofHours(12);
  private static final int MAX_CALLS = 10_000;

  private final Map<String, Call> calls = new LinkedHashMap<>();

  synchronized void ringing(String callId, String from, String to, String transport, Instant now) {
    if (!calls.containsKey(callId) && calls.size() < MAX_CALLS) {
      calls.put(callId, new Call(callId, from, to, transport, "", State.RINGING, now, null));
    }
  }

  synchronized void answered(String callId, String toTransport, Instant now) {
    Call c = calls.get(callId);
    if (c != null && c.state() == State.RINGING) {
      calls.put(
          callId,
          new Call(
              c.callId(),
              c.from(),
              c.to(),
              c.fromTransport(),
              toTransport,
              State.ANSWERED,
              c.startedAt(),
              now));
    }
  }

  /** A failed or cancelled call attempt: gone unless it was answered already. */
  synchronized void failed(String callId) {
    Call c = calls.get(callId);
    if (c != null && c.state() == State.RINGING) {
      calls.remove(callId);
    }
  }

  synchronized void ended(String callId) {
    calls.remove(callId);
  }

  public synchronized List<Call> list(Instant now) {
    calls.values().removeIf(c -> c.startedAt().plus(MAX_AGE).isBefore(now));
    List<Call> list = new ArrayList<>(calls.values());
    list.sort(Comparator.comparing(Call::startedAt));
    return list;
  }
}
