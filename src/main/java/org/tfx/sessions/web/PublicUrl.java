package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServletRequest;

/** The server's base URL as users reach it: {@code tfx.publicUrl} when set, else the request's. */
public final class PublicUrl {
  private PublicUrl() {}

  /** Without a trailing slash, e.g. {@code https://meet.example.com}. */
  public static String of(HttpServletRequest req, String configured) {
    if (configured != null && !configured.isEmpty()) {
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
}
