package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code deny}: an owner turns a knocker away. */
final class DenyHandler implements Handler<ClientMessage.Deny> {
  private final RoomCalls rooms;

  DenyHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Deny m) {
    rooms.run(conn, new RoomCommand.Deny(conn.actor(), new PeerId(m.peerId())));
  }
}
