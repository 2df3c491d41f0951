package org.tfx.sessions.client;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * An HTML page of the client build, answered for every room URL ({@code /r/{id}}, {@code
 * /embed/{id}}): the page reads the room id from the path and the secret from the fragment, which
 * browsers never send, so the secret stays out of server logs.
 */
final class ClientPage {
  /** Room ids in paths; anything else is not a room URL. */
  static final Pattern ROOM_PATH = Pattern.compile("/[A-Za-z0-9_-]{4,64}/?");

  private ClientPage() {}

  /**
   * Sends {@code page} (a WAR path); when the WAR was built without it, {@code missingStatus}.
   * Under a context path, the page's absolute {@code "/app/…"} and {@code "/embed/…"} references
   * move one level down.
   */
  static void send(
      ServletContext context,
      HttpServletRequest req,
      HttpServletResponse resp,
      String page,
      int missingStatus)
      throws IOException {
    byte[] html;
    try (InputStream in = context.getResourceAsStream(page)) {
      if (in == null) {
        resp.sendError(missingStatus, "client page " + page + " not built");
        return;
      }
      html = in.readAllBytes();
    }
    String contextPath = req.getContextPath();
    if (!contextPath.isEmpty()) {
      html =
          new String(html, StandardCharsets.UTF_8)
              .replace("\"/app/", "\"" + contextPath + "/app/")
              .replace("\"/embed/", "\"" + contextPath + "/embed/")
              .replace("\"/lib/", "\"" + contextPath + "/lib/")
              .getBytes(StandardCharsets.UTF_8);
    }
    resp.setContentType("text/html;charset=UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setContentLength(html.length);
    resp.getOutputStream().write(html);
  }
}
