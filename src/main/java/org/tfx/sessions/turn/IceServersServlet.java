package org.tfx.sessions.turn;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/ice-servers?roomId=…} with header {@code X-Room-Secret}: the ICE servers for an
 * {@code RTCPeerConnection}, with TURN credentials valid for {@code tfx.turn.ttl}. The secret
 * travels in a header so it never lands in access logs. Its collaborators come from servlet context
 * attributes set by the composition root.
 */
@WebServlet(urlPatterns = "/api/ice-servers", asyncSupported = true)
public final class IceServersServlet extends HttpServlet {
  public static final String SECRET_HEADER = "X-Room-Secret";

  private transient IceServersEndpoint endpoint;
  private transient Jsonb jsonb;

  @Override
  public void init() throws ServletException {
    ServletContext context = getServletContext();
    endpoint =
        new IceServersEndpoint(
            attribute(context, RoomSecretCheck.ATTRIBUTE, RoomSecretCheck.class),
            attribute(context, IceServerProvider.ATTRIBUTE, IceServerProvider.class));
    jsonb = JsonbBuilder.create();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    IceServersEndpoint.Reply reply =
        endpoint.get(request.getParameter("roomId"), request.getHeader(SECRET_HEADER));
    response.setStatus(reply.status());
    // Credentials are per request and short-lived: no cache or proxy may keep or share them.
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(jsonb.toJson(reply.body()));
  }

  @Override
  public void destroy() {
    if (jsonb != null) {
      try {
        jsonb.close();
      } catch (Exception e) {
        log("closing JSON-B failed", e);
      }
    }
  }

  private static <T> T attribute(ServletContext context, String name, Class<T> type)
      throws ServletException {
    Object value = context.getAttribute(name);
    if (!type.isInstance(value)) {
      throw new ServletException(
          "servlet context attribute "
              + name
              + " must hold a "
              + type.getName()
              + " (set by the composition root), found "
              + value);
    }
    return type.cast(value);
  }
}
