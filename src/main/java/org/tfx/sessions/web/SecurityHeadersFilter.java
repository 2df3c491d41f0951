package org.tfx.sessions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers that make every page harder to abuse: no MIME sniffing, a strict CSP (scripts only from
 * this origin, no inline script, no framing by others), no referrer leaking room links.
 */
public final class SecurityHeadersFilter extends HttpFilter {
  static final String CSP =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
          + "font-src 'self'; frame-src 'self'; worker-src 'self' blob:; object-src 'none'; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("X-Frame-Options", "SAMEORIGIN");
    resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    resp.setHeader(
        "Permissions-Policy",
        "camera=(self), microphone=(self), display-capture=(self), geolocation=()");
    chain.doFilter(req, resp);
  }
}
