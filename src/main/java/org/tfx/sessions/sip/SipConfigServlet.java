package org.tfx.sessions.sip;

import jakarta.json.bind.Jsonb;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/sip}: what a browser phone needs to sign in — the SIP domain (empty: use this
 * site's host name) and the WebSocket path. Nothing secret.
 */
public final class SipConfigServlet extends HttpServlet {
  /** The answer. */
  public record SipConfig(String domain, String webSocket) {}

  private final transient SipConfig config;
  private final transient Jsonb jsonb;

  public SipConfigServlet(SipServer sip, Jsonb jsonb) {
    this.config =
        new SipConfig(
            sip.settings().domain(), org.tfx.sessions.sip.transport.SipWebSocketEndpoint.PATH);
    this.jsonb = jsonb;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.getOutputStream().write(jsonb.toJson(config).getBytes(StandardCharsets.UTF_8));
  }
}
