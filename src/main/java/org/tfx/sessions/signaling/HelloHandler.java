package org.tfx.sessions.signaling;

import org.tfx.sessions.room.Outcome;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.ProtocolException;

/** {@code hello}: join a room, or resume a seat; a locked room sends the socket to the lobby. */
final class HelloHandler implements Handler<ClientMessage.Hello> {
  private final RoomCalls rooms;
  private final NewSeats seats;
  private final Passwords passwords;

  HelloHandler(RoomCalls rooms, NewSeats seats, Passwords passwords) {
    this.rooms = rooms;
    this.seats = seats;
    this.passwords = passwords;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Hello m) {
    Connection.Phase phase = conn.phase();
    if (phase == Connection.Phase.JOINED || phase == Connection.Phase.KNOCKING) {
      throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this socket has already joined");
    }
    if (m.version() != 1) {
      throw new ProtocolException(
          ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + m.version() + " is not supported; use 1");
    }
    RoomId room = new RoomId(m.roomId());
    String token = seats.resumeToken();
    conn.asking(room, token);
    Outcome outcome =
        rooms.run(
            room,
            new RoomCommand.Join(
                conn.link(),
                seats.peerId(),
                Secrets.hash(token),
                m.name(),
                m.secret(),
                m.ownerToken(),
                m.resumeToken(),
                passwords.check(m.password())));
    if (outcome instanceof Outcome.Lobby) {
      conn.enteredLobby(m.name());
      throw new ProtocolException(
          ErrorCode.ROOM_LOCKED, "the room is locked; knock to ask the owner");
    }
  }
}
