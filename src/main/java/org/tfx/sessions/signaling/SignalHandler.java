package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.RoomCommand;
import org.tfx.sessions.room.Route;
import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.signaling.protocol.ServerMessage;

/** {@code signal}: an offer, answer or ICE candidate for one peer. No lock, no database. */
final class SignalHandler implements Handler<ClientMessage.Signal> {

  private final RoomCalls rooms;
  private final Deliveries deliveries;
  private final MessageCodec codec;

  SignalHandler(RoomCalls rooms, Deliveries deliveries, MessageCodec codec) {
    this.rooms = rooms;
    this.deliveries = deliveries;
    this.codec = codec;
  }

  @Override
  public void handle(Connection conn, ClientMessage.Signal m) {
    RoomCommand.Actor from = conn.actor();
    Route route =
        rooms.live(conn).map(r -> r.route(from, new PeerId(m.to()))).orElse(Route.NOT_JOINED);
    if (route instanceof Route.Refused refused) {
      throw Refusals.error(refused);
    }
    String frame = codec.encode(new ServerMessage.SignalFrom(from.peer().value(), m.payload()));
    if (!deliveries.send(((Route.To) route).link(), frame)) {
      throw Refusals.error(Route.PEER_UNREACHABLE);
    }
  }
}
