package org.tfx.sessions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers that make every page harder to abuse: no MIME sniffing, a strict CSP (scripts only from
 * this origin, no inline script, no framing by others), no referrer leaking room links. Room pages
 * may show media shared from other sites; the embed page and the widget sandbox frame may be framed
 * by the sites their CSP names, so they carry no {@code X-Frame-Options} (which cannot name them
 * and would win in older browsers).
 */
public final class SecurityHeadersFilter extends HttpFilter {
  private final transient ContentSecurityPolicy csp;

  public SecurityHeadersFilter(ContentSecurityPolicy csp) {
    this.csp = csp;
  }

  /** What kind of page a path is, as far as its headers go. */
  enum Page {
    ROOM,
    EMBED,
    WIDGET_FRAME,
    OTHER
  }

  static Page pageOf(String path) {
    if (path.startsWith("/app/") || path.startsWith("/r/")) {
      return Page.ROOM;
    }
    if (path.startsWith("/embed/")) {
      return Page.EMBED;
    }
    if (path.startsWith("/widget-frame/")) {
      return Page.WIDGET_FRAME;
    }
    return Page.OTHER;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    Page page = pageOf(path);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader(
        "Content-Security-Policy",
        switch (page) {
          case ROOM -> csp.room();
          case EMBED -> csp.embed();
            // The frame servlet sets the widget's own policy; this one covers its error answers.
          case WIDGET_FRAME, OTHER -> ContentSecurityPolicy.strict();
        });
    resp.setHeader("Referrer-Policy", "no-referrer");
    if (page != Page.EMBED && page != Page.WIDGET_FRAME) {
      resp.setHeader("X-Frame-Options", "SAMEORIGIN");
    }
    resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    resp.setHeader(
        "Permissions-Policy",
        page == Page.WIDGET_FRAME
            ? "camera=(), microphone=(), display-capture=(), geolocation=()"
            : "camera=(self), microphone=(self), display-capture=(self), geolocation=()");
    chain.doFilter(req, resp);
  }
}
