package org.tfx.sessions.turn;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tfx.sessions.web.JsonHttp;

/**
 * {@code GET /api/ice-servers?roomId=…} with header {@code X-Room-Secret}: the ICE servers for an
 * {@code RTCPeerConnection}, with TURN credentials valid for {@code tfx.turn.ttl}. The secret
 * travels in a header so it never lands in access logs; credentials are per request and
 * short-lived, so the answer is never cached ({@code no-store}, as every JSON answer).
 */
public final class IceServersServlet extends HttpServlet {
  public static final String SECRET_HEADER = "X-Room-Secret";

  private final transient IceServersEndpoint endpoint;
  private final transient JsonHttp json;

  public IceServersServlet(RoomSecretCheck rooms, IceServerProvider iceServers, JsonHttp json) {
    this.endpoint = new IceServersEndpoint(rooms, iceServers);
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IceServersEndpoint.Reply reply =
        endpoint.get(request.getParameter("roomId"), request.getHeader(SECRET_HEADER));
    json.write(response, reply.status(), reply.body());
  }
}
