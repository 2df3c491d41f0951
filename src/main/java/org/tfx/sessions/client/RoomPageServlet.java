package org.tfx.sessions.client;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code GET /r/{roomId}}: the web client's page. The page reads the room id from the path and the
 * secret from the fragment, which browsers never send, so the secret stays out of server logs.
 */
@WebServlet(name = "room-page", urlPatterns = "/r/*")
public final class RoomPageServlet extends HttpServlet {
  static final String PAGE = "/app/index.html";
  private static final Pattern ROOM_PATH = Pattern.compile("/[A-Za-z0-9_-]{4,64}/?");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    if (path == null || !ROOM_PATH.matcher(path).matches()) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    byte[] page;
    try (InputStream in = getServletContext().getResourceAsStream(PAGE)) {
      if (in == null) {
        // The WAR was built without the client (extension/dist/web missing).
        resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "web client not built");
        return;
      }
      page = in.readAllBytes();
    }
    String contextPath = req.getContextPath();
    if (!contextPath.isEmpty()) {
      // The page refers to /app/…; under a context path those live one level down.
      page =
          new String(page, StandardCharsets.UTF_8)
              .replace("\"/app/", "\"" + contextPath + "/app/")
              .getBytes(StandardCharsets.UTF_8);
    }
    resp.setContentType("text/html;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setContentLength(page.length);
    resp.getOutputStream().write(page);
  }
}
