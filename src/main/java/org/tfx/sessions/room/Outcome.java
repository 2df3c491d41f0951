package org.tfx.sessions.room;

/**
 * What a command's sender learns directly. Everything else that follows from the command (a
 * welcome, a knock, frames to the others) follows from its {@link RoomEvent}s.
 */
public sealed interface Outcome {
  /** The command took effect, or there was nothing to do. */
  Outcome ACCEPTED = new Accepted();

  /** The room is locked: the joiner may knock. */
  Outcome LOBBY = new Lobby();

  /**
   * The room had left memory before the command got its lock: load it again and retry. Never
   * reaches a client.
   */
  Outcome RETIRED = new Retired();

  static Outcome refused(Refusal reason, String message) {
    return new Refused(reason, message);
  }

  record Accepted() implements Outcome {}

  record Lobby() implements Outcome {}

  record Retired() implements Outcome {}

  record Refused(Refusal reason, String message) implements Outcome {}
}
