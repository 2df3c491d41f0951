package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code admit}: an owner lets a knocker in. */
final class AdmitHandler implements Handler<ClientMessage.Admit> {
  private final RoomCalls rooms;

  AdmitHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Admit m) {
    rooms.run(conn, new RoomCommand.Admit(conn.actor(), new PeerId(m.peerId())));
  }
}
