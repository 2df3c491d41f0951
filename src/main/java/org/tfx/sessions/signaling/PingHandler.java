package org.tfx.sessions.signaling;

import org.tfx.sessions.signaling.protocol.ClientMessage;
import org.tfx.sessions.signaling.protocol.ServerMessage;

/** {@code ping}: keep-alive, answered at once, joined or not. */
final class PingHandler implements Handler<ClientMessage.Ping> {
  @Override
  public void handle(Connection conn, ClientMessage.Ping m) {
    conn.send(new ServerMessage.Pong(m.ts()));
  }
}
