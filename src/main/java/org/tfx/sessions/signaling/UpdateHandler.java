package org.tfx.sessions.signaling;

import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code update}: a participant changes its name, microphone or camera state. */
final class UpdateHandler implements Handler<ClientMessage.Update> {
  private final RoomCalls rooms;

  UpdateHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Update m) {
    rooms.run(conn, new RoomCommand.Update(conn.actor(), m.name(), m.muted(), m.video()));
  }
}
