package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tfx.sessions.room.RoomService;

/**
 * Authorises a REST call for one room, the way {@code GET /api/ice-servers} does: the room id in
 * the query parameter {@code roomId} (ids are public), the room secret in the header {@code
 * X-Room-Secret} (so it never lands in access logs). Room ids are the rate-limit key of the
 * endpoints that cost the server work.
 */
public final class RoomAccess {
  public static final String SECRET_HEADER = "X-Room-Secret";
  private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int MAX_SECRET_LENGTH = 512;

  private final RoomService rooms;
  private final JsonHttp json;

  public RoomAccess(RoomService rooms, JsonHttp json) {
    this.rooms = rooms;
    this.json = json;
  }

  /**
   * The room id when the caller holds the room's secret; otherwise answers {@code 400
   * invalid-request}, {@code 404 room-not-found} or {@code 403 wrong-secret} and returns empty.
   */
  public Optional<String> authorize(HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    String roomId = req.getParameter("roomId");
    String secret = req.getHeader(SECRET_HEADER);
    if (roomId == null || !ROOM_ID.matcher(roomId).matches()) {
      json.error(resp, 400, "invalid-request", "query parameter roomId is missing or malformed");
      return Optional.empty();
    }
    if (secret == null || secret.isBlank() || secret.length() > MAX_SECRET_LENGTH) {
      json.error(
          resp, 400, "invalid-request", "header " + SECRET_HEADER + " is missing or malformed");
      return Optional.empty();
    }
    switch (rooms.check(roomId, secret)) {
      case NOT_FOUND -> {
        json.error(resp, 404, "room-not-found", "no room " + roomId);
        return Optional.empty();
      }
      case WRONG_SECRET -> {
        json.error(resp, 403, "wrong-secret", "the room secret is wrong");
        return Optional.empty();
      }
      default -> {
        return Optional.of(roomId);
      }
    }
  }
}
