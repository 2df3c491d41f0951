package org.tfx.sessions.signaling;

import org.tfx.sessions.room.LiveRoom;
import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.Route;
import org.tfx.sessions.room.SeatState;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.ServerMessage;

/**
 * {@code relay}: a widget message for one peer or, without {@code to}, for every other connected
 * peer. Encoded once, whatever the number of receivers. No lock, no database.
 */
final class RelayHandler implements Handler<ClientMessage.Relay> {
  private final RoomCalls rooms;
  private final Deliveries deliveries;
  private final MessageCodec codec;

  RelayHandler(RoomCalls rooms, Deliveries deliveries, MessageCodec codec) {
    this.rooms = rooms;
    this.deliveries = deliveries;
    this.codec = codec;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Relay m) {
    RoomCommand.Actor from = conn.actor();
    LiveRoom room = rooms.live(conn).orElse(null);
    if (m.to() != null) {
      Route route = room == null ? Route.NOT_JOINED : room.route(from, new PeerId(m.to()));
      if (route instanceof Route.Refused refused) {
        throw Refusals.error(refused);
      }
      if (!deliveries.send(((Route.To) route).link(), frame(from, m))) {
        throw Refusals.error(Route.PEER_UNREACHABLE);
      }
      return;
    }
    if (room == null || !room.seats(from)) {
      throw Refusals.error(Route.NOT_JOINED);
    }
    String frame = frame(from, m);
    for (SeatState other : room.connectedExcept(from.peer())) {
      deliveries.send(other.link(), frame);
    }
  }

  private String frame(RoomCommand.Actor from, ClientMessage.Relay m) {
    return codec.encode(new ServerMessage.RelayFrom(from.peer().value(), m.channel(), m.payload()));
  }
}
