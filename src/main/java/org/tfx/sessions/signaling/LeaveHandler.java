package org.tfx.sessions.signaling;

import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.signaling.protocol.ClientMessage;

/** {@code leave}: give the seat up for good and close the socket. */
final class LeaveHandler implements Handler<ClientMessage.Leave> {
  private final RoomCalls rooms;

  LeaveHandler(RoomCalls rooms) {
    this.rooms = rooms;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Leave m) {
    rooms.run(conn, new RoomCommand.Leave(conn.actor()));
    conn.detach();
    conn.close(CloseCodes.NORMAL, "left");
  }
}
