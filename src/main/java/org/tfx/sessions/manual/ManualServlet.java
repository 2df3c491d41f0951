package org.tfx.sessions.manual;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /manual/*}: looks the path up in the {@link Manual}'s fixed table and sends what is
 * there, or 404. The request path is only ever a lookup key, never part of a file path.
 */
public final class ManualServlet extends HttpServlet {
  /**
   * Images are served from this origin: keep any script an SVG might hold from running if someone
   * opens it directly.
   */
  private static final String IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

  private final transient Manual manual;

  public ManualServlet(Manual manual) {
    this.manual = manual;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    Optional<String> moved = manual.redirect(path);
    if (moved.isPresent()) {
      resp.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      resp.setHeader("Location", moved.get());
      return;
    }
    Optional<Manual.Resource> found = manual.find(path);
    if (found.isEmpty()) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    Manual.Resource r = found.get();
    byte[] body = r.body();
    resp.setContentType(r.contentType());
    resp.setHeader("Cache-Control", "no-cache");
    if (r.contentType().startsWith("image/svg")) {
      resp.setHeader("Content-Security-Policy", IMAGE_CSP);
    }
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
