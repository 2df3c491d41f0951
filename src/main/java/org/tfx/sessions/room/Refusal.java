package org.tfx.sessions.room;

/** Why a room refuses a command. Signalling turns each into its wire error code. */
public enum Refusal {
  ROOM_NOT_FOUND,
  WRONG_SECRET,
  PASSWORD_REQUIRED,
  WRONG_PASSWORD,
  ROOM_FULL,
  /** The command needs a seat, and the sender's socket holds none. */
  NOT_JOINED,
  NOT_OWNER,
  PEER_NOT_FOUND,
  /** The addressed peer's seat is lost (inside its grace period). */
  PEER_UNAVAILABLE,
  NOT_KNOCKING,
  /** A value outside what the rules allow (a capacity, say). */
  INVALID
}
