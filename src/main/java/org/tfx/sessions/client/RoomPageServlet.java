package org.tfx.sessions.client;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /r/{roomId}}: the web client's page. The page reads the room id from the path and the
 * secret from the fragment, which browsers never send, so the secret stays out of server logs.
 */
public final class RoomPageServlet extends HttpServlet {
  public static final String PATTERN = "/r/*";
  static final String PAGE = "/app/index.html";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    if (path == null || !ClientPage.ROOM_PATH.matcher(path).matches()) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    // The WAR was built without the client (extension/dist/web missing): 503.
    ClientPage.send(
        getServletContext(), req, resp, PAGE, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
  }
}
