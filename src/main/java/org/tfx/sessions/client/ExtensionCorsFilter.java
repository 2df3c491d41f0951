package org.tfx.sessions.client;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for the REST API, for the pinned extension's origin only. The extension holds no host
 * permission by default (least privilege), so its pages need the server's consent to call {@code
 * POST /api/rooms} and friends. Web pages of other origins still get no CORS headers.
 */
public final class ExtensionCorsFilter extends HttpFilter {
  public static final String PATTERN = "/api/*";

  private final String extensionOrigin;

  /** {@code extensionId}: the pinned extension's id; empty lets no extension in. */
  public ExtensionCorsFilter(String extensionId) {
    this.extensionOrigin = extensionId.isEmpty() ? null : "chrome-extension://" + extensionId;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    String origin = req.getHeader("Origin");
    boolean allowed = origin != null && origin.equals(extensionOrigin);
    if (allowed) {
      resp.setHeader("Access-Control-Allow-Origin", origin);
      resp.addHeader("Vary", "Origin");
      if ("OPTIONS".equals(req.getMethod())
          && req.getHeader("Access-Control-Request-Method") != null) {
        resp.setHeader("Access-Control-Allow-Methods", "GET, POST");
        resp.setHeader("Access-Control-Allow-Headers", "Content-Type, X-Room-Secret");
        resp.setHeader("Access-Control-Max-Age", "600");
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        return;
      }
    }
    chain.doFilter(req, resp);
  }
}
