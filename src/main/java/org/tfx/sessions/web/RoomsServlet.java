package org.tfx.sessions.web;

import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.tfx.sessions.room.RoomService;
import org.tfx.sessions.room.StoredRoom;

/**
 * {@code POST /api/rooms} creates a room; {@code GET /api/rooms/{id}} describes one to holders of
 * its secret.
 */
public final class RoomsServlet extends HttpServlet {
  public static final String SECRET_HEADER = "X-Room-Secret";

  private final transient RoomService rooms;
  private final transient JsonHttp json;
  private final String publicUrl;
  private final transient ToIntFunction<String> liveSize;

  /** {@code liveSize} tells how many seats (connected or lost) a room has right now. */
  public RoomsServlet(
      RoomService rooms, JsonHttp json, String publicUrl, ToIntFunction<String> liveSize) {
    this.rooms = rooms;
    this.json = json;
    this.publicUrl = publicUrl;
    this.liveSize = liveSize;
  }

  /** Answer to {@code POST /api/rooms}. */
  public record Created(
      String roomId, String name, String secret, String ownerToken, String joinUrl) {}

  /** Answer to {@code GET /api/rooms/{id}}. */
  public record RoomInfo(
      String id, String name, boolean locked, int capacity, int size, boolean hasPassword) {}

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
      json.error(resp, 404, "not-found", "no such resource");
      return;
    }
    try {
      JsonObject body = json.readObject(req);
      RoomService.CreatedRoom room =
          rooms.create(
              JsonHttp.optionalString(body, "name"),
              JsonHttp.optionalInt(body, "capacity"),
              JsonHttp.optionalString(body, "password"));
      String joinUrl = PublicUrl.of(req, publicUrl) + "/r/" + room.roomId() + "#" + room.secret();
      resp.setHeader("Location", "/api/rooms/" + room.roomId());
      json.write(
          resp,
          201,
          new Created(room.roomId(), room.name(), room.secret(), room.ownerToken(), joinUrl));
    } catch (JsonHttp.BadRequest e) {
      json.refuse(resp, e);
    } catch (IllegalArgumentException e) {
      json.error(resp, 400, "invalid-request", e.getMessage());
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) != -1) {
      json.error(resp, 404, "not-found", "use /api/rooms/{id}");
      return;
    }
    String id = path.substring(1);
    String secret = req.getHeader(SECRET_HEADER);
    if (secret == null || secret.isBlank()) {
      // As every room-scoped call: a missing secret is a malformed request, a wrong one is 403.
      json.error(resp, 400, "invalid-request", "send the room secret in " + SECRET_HEADER);
      return;
    }
    switch (rooms.check(id, secret)) {
      case NOT_FOUND -> json.error(resp, 404, "room-not-found", "no such room");
      case WRONG_SECRET ->
          json.error(resp, 403, "wrong-secret", "send the room secret in " + SECRET_HEADER);
      case OK -> {
        Optional<StoredRoom> room = rooms.find(id);
        if (room.isEmpty()) {
          json.error(resp, 404, "room-not-found", "no such room");
          return;
        }
        StoredRoom r = room.get();
        json.write(
            resp,
            200,
            new RoomInfo(
                r.id().value(),
                r.name(),
                r.locked(),
                r.capacity(),
                liveSize.applyAsInt(r.id().value()),
                r.passwordHash() != null));
      }
    }
  }
}
