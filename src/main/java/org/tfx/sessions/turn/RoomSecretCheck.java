package org.tfx.sessions.turn;

/**
 * Tells whether a room exists and the caller knows its secret. The room feature implements it; the
 * composition root puts the implementation in the servlet context under {@link #ATTRIBUTE}.
 */
@FunctionalInterface
public interface RoomSecretCheck {
  String ATTRIBUTE = "org.tfx.sessions.turn.RoomSecretCheck";

  /** The outcome of one check; only {@code OK} may lead to credentials. */
  enum Result {
    OK,
    NOT_FOUND,
    WRONG_SECRET
  }

  Result check(String roomId, String secret);
}
