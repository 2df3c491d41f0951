package org.tfx.sessions.client;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.tfx.sessions.app.Application;
import org.tfx.sessions.app.Bootstrap;
import org.tfx.sessions.web.PublicUrl;

/** The server's public base URL, the same way the REST API computes invite links. */
final class ServerOrigin {
  private ServerOrigin() {}

  static String of(HttpServletRequest req) {
    return PublicUrl.of(req, configuredPublicUrl(req.getServletContext()));
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
