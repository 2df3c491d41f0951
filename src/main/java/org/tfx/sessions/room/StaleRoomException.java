package org.tfx.sessions.room;

/**
 * The record has a newer version of the room than the one a decision was made on (another node
 * changed it meanwhile): nothing was kept; load the room again and decide anew.
 */
public final class StaleRoomException extends RuntimeException {
  public StaleRoomException(RoomId room, long version) {
    super("room " + room + " is no longer at version " + version, null, false, false);
  }
}
