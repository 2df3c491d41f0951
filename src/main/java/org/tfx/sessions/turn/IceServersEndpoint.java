package org.tfx.sessions.turn;

import java.util.regex.Pattern;
import org.tfx.sessions.web.ApiError;

/**
 * What {@code GET /api/ice-servers} answers, apart from HTTP plumbing: checks the request, asks the
 * room feature whether the secret is right and only then issues credentials (for the room id, the
 * subject coturn logs).
 */
final class IceServersEndpoint {
  /** Room ids are short and public; anything else is rejected before any lookup. */
  private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Room secrets are ≥128-bit random strings; far longer input is garbage, not a secret. */
  private static final int MAX_SECRET_LENGTH = 512;

  /** An HTTP status and the record to send as JSON. */
  record Reply(int status, Object body) {}

  private final RoomSecretCheck rooms;
  private final IceServerProvider iceServers;

  IceServersEndpoint(RoomSecretCheck rooms, IceServerProvider iceServers) {
    this.rooms = rooms;
    this.iceServers = iceServers;
  }

  Reply get(String roomId, String secret) {
    if (roomId == null || !ROOM_ID.matcher(roomId).matches()) {
      return error(400, "invalid-request", "query parameter roomId is missing or malformed");
    }
    if (secret == null || secret.isBlank() || secret.length() > MAX_SECRET_LENGTH) {
      return error(400, "invalid-request", "header X-Room-Secret is missing or malformed");
    }
    return switch (rooms.check(roomId, secret)) {
      case NOT_FOUND -> error(404, "room-not-found", "no room " + roomId);
      case WRONG_SECRET -> error(403, "wrong-secret", "the room secret is wrong");
      case OK -> new Reply(200, list(roomId));
    };
  }

  private IceServerList list(String roomId) {
    boolean turn = iceServers.turnEnabled();
    return new IceServerList(
        iceServers.forSubject(roomId), turn, turn ? iceServers.ttl().toSeconds() : null);
  }

  private static Reply error(int status, String code, String message) {
    return new Reply(status, new ApiError(code, message));
  }
}
