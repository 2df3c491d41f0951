package org.tfx.sessions.signaling;

import org.tfx.sessions.room.Outcome;
import org.tfx.sessions.room.Refusal;
import org.tfx.sessions.room.Route;
import org.tfx.sessions.signaling.protocol.ErrorCode;
import org.tfx.sessions.signaling.protocol.ProtocolException;

/** A room's refusals as wire errors. */
final class Refusals {
  private Refusals() {}

  static ErrorCode code(Refusal refusal) {
    return switch (refusal) {
      case ROOM_NOT_FOUND -> ErrorCode.ROOM_NOT_FOUND;
      case WRONG_SECRET -> ErrorCode.WRONG_SECRET;
      case PASSWORD_REQUIRED -> ErrorCode.PASSWORD_REQUIRED;
      case WRONG_PASSWORD -> ErrorCode.WRONG_PASSWORD;
      case ROOM_FULL -> ErrorCode.ROOM_FULL;
      case NOT_JOINED -> ErrorCode.HELLO_REQUIRED;
      case NOT_OWNER -> ErrorCode.NOT_OWNER;
      case PEER_NOT_FOUND -> ErrorCode.PEER_NOT_FOUND;
      case PEER_UNAVAILABLE -> ErrorCode.PEER_UNAVAILABLE;
      case NOT_KNOCKING -> ErrorCode.NOT_KNOCKING;
      case INVALID -> ErrorCode.INVALID_MESSAGE;
    };
  }

  static ProtocolException error(Outcome.Refused refused) {
    return new ProtocolException(code(refused.reason()), refused.message());
  }

  static ProtocolException error(Route.Refused refused) {
    return new ProtocolException(code(refused.reason()), refused.message());
  }
}
