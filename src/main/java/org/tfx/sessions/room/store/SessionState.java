package org.tfx.sessions.room.store;

/** Lifecycle of a participant's seat. */
public enum SessionState {
  /** A socket is attached. */
  CONNECTED,
  /** The socket dropped without {@code leave}; the seat is kept for the grace period. */
  LOST,
  /** Gone for good: left, kicked or timed out. */
  LEFT
}
