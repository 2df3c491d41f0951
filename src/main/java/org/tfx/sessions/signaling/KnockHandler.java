package org.tfx.sessions.signaling;

import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.ProtocolException;

/** {@code knock}: a socket told {@code room-locked} asks the owners to let it in. */
final class KnockHandler implements Handler<ClientMessage.Knock> {
  private final RoomCalls rooms;
  private final NewSeats seats;

  KnockHandler(RoomCalls rooms, NewSeats seats) {
    this.rooms = rooms;
    this.seats = seats;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Knock m) {
    if (conn.phase() != Connection.Phase.LOBBY || conn.room() == null) {
      throw new ProtocolException(ErrorCode.NOT_KNOCKING, "knock only after a room-locked error");
    }
    String token = seats.resumeToken();
    conn.asking(conn.room(), token);
    rooms.run(
        conn,
        new RoomCommand.Knock(conn.link(), seats.peerId(), Secrets.hash(token), conn.lobbyName()));
  }
}
