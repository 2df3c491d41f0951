package org.tfx.sessions.turn;

/**
 * Tells whether a room exists and the caller knows its secret. The room feature implements it; the
 * composition root hands it to {@link IceServersServlet}.
 */
@FunctionalInterface
public interface RoomSecretCheck {
  /** The outcome of one check; only {@code OK} may lead to credentials. */
  enum Result {
    OK,
    NOT_FOUND,
    WRONG_SECRET
  }

  Result check(String roomId, String secret);
}
