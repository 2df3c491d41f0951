package org.tfx.sessions.widget;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code Access-Control-Allow-Origin: *} on the client's widget bridge ({@code
 * /lib/widget-frame.js} and anything under {@code /lib/widget-frame/}): the sandbox frame that
 * loads it has an opaque origin ({@code Origin: null}), and module scripts load in CORS mode. The
 * bridge is public code without credentials, so any origin may read it.
 */
public final class BridgeCorsFilter extends HttpFilter {
  /** The URL patterns this filter is mapped to. */
  public static final String[] PATTERNS = {WidgetFrameServlet.BRIDGE, "/lib/widget-frame/*"};

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    resp.setHeader("Access-Control-Allow-Origin", "*");
    chain.doFilter(req, resp);
  }
}
