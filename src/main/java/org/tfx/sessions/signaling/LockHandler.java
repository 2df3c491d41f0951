package org.tfx.sessions.signaling;

import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code lock}: an owner locks or unlocks the room. */
final class LockHandler implements Handler<ClientMessage.Lock> {
  private final RoomCalls rooms;

  LockHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Lock m) {
    rooms.run(conn, new RoomCommand.Lock(conn.actor(), m.locked()));
  }
}
