package org.tfx.sessions.persistence;

import java.sql.SQLException;

/**
 * The database could not do its part: it is down, unreachable, out of connections or out of disk.
 * Nothing of the failed transaction was committed. Callers answer {@code unavailable} (signalling)
 * or {@code 503 unavailable} (REST) and the client retries; nothing has to be repaired afterwards.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(Throwable cause) {
    super("the database is unavailable: " + cause.getMessage(), cause);
  }

  /**
   * Whether {@code e} says the database is unavailable rather than that our own statement was
   * wrong: a JDBC failure anywhere in its causes whose SQLState is not a data (22), constraint (23)
   * or syntax/access (42) error, which would be a bug to report as {@code internal}.
   */
  static boolean isUnavailability(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        return state == null
            || !(state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
      }
    }
    return false;
  }
}
