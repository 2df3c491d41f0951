package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code kick}: an owner removes a participant for good. */
final class KickHandler implements Handler<ClientMessage.Kick> {
  private final RoomCalls rooms;

  KickHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Kick m) {
    rooms.run(conn, new RoomCommand.Kick(conn.actor(), new PeerId(m.peerId())));
  }
}
