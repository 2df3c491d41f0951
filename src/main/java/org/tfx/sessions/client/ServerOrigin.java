package org.tfx.sessions.client;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.tfx.sessions.app.Application;
import org.tfx.sessions.app.Bootstrap;

/** The server's public base URL, the same way the REST API computes invite links. */
final class ServerOrigin {
  private ServerOrigin() {}

  static String of(HttpServletRequest req) {
    String configured = configuredPublicUrl(req.getServletContext());
    if (!configured.isEmpty()) {
      return configured.endsWith("/")
          ? configured.substring(0, configured.length() - 1)
          : configured;
    }
    String scheme = req.getScheme();
    int port = req.getServerPort();
    boolean defaultPort =
        (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
    return scheme
        + "://"
        + req.getServerName()
        + (defaultPort ? "" : ":" + port)
        + req.getContextPath();
  }

  private static String configuredPublicUrl(ServletContext context) {
    Object app = context.getAttribute(Bootstrap.APPLICATION);
    if (app instanceof Application a) {
      String url = a.settings().rooms().publicUrl();
      return url == null ? "" : url;
    }
    return "";
  }

  /** The pinned extension's id from the settings, or empty when the app did not start. */
  static String extensionId(ServletContext context) {
    Object app = context.getAttribute(Bootstrap.APPLICATION);
    if (app instanceof Application a) {
      String id = a.settings().origins().extensionId();
      return id == null ? "" : id;
    }
    return "";
  }
}
