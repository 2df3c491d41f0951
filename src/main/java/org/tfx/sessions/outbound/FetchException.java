package org.tfx.sessions.outbound;

import java.io.IOException;

/** An outgoing HTTP call that did not produce a response, and why. */
public final class FetchException extends IOException {
  /** Why: the URL itself, the address it leads to, or the exchange. */
  public enum Reason {
    /** Not an absolute http(s) URL the fetcher accepts. */
    INVALID_URL,
    /** The host resolves to an address (or uses a port) the policy refuses. */
    ADDRESS_NOT_ALLOWED,
    /** DNS, connection, TLS, timeout, size or protocol failure. */
    FAILED
  }

  private final Reason reason;

  public FetchException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public FetchException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
