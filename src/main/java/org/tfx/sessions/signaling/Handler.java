package org.tfx.sessions.signaling;

import org.tfx.sessions.signaling.protocol.ClientMessage;

/**
 * Handles one client message type: turns the frame into a call on the room (or a relay) and lets
 * refusals escape as {@link org.tfx.sessions.signaling.protocol.ProtocolException}, which the
 * connection answers.
 */
@FunctionalInterface
interface Handler<M extends ClientMessage> {
  void handle(Connection connection, M message);
}
