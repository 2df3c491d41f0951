package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Sends a {@link StaticFile} the way the default servlet would, but the same on every container:
 * our Content-Type table, {@code ETag} and {@code Last-Modified} with 304 answers, {@code
 * Cache-Control: no-cache} (revalidate, since a redeploy changes files under the same URL).
 */
public final class StaticFiles {
  private StaticFiles() {}

  public static void send(HttpServletRequest req, HttpServletResponse resp, StaticFile file)
      throws IOException {
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("ETag", file.etag());
    if (file.lastModified() > 0) {
      resp.setDateHeader("Last-Modified", file.lastModified());
    }
    if (notModified(req, file)) {
      resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    resp.setContentType(MediaTypes.of(file.extension()));
    resp.setContentLengthLong(file.length());
    if ("HEAD".equals(req.getMethod())) {
      return;
    }
    try (InputStream in = file.opener().open();
        OutputStream out = resp.getOutputStream()) {
      in.transferTo(out);
    }
  }

  /** RFC 9110 §13.2.2: If-None-Match (weak comparison) wins over If-Modified-Since. */
  static boolean notModified(HttpServletRequest req, StaticFile file) {
    String inm = req.getHeader("If-None-Match");
    if (inm != null) {
      String ours = opaque(file.etag());
      for (String tag : inm.split(",")) {
        String t = tag.trim();
        if (t.equals("*") || opaque(t).equals(ours)) {
          return true;
        }
      }
      return false;
    }
    if (file.lastModified() <= 0) {
      return false;
    }
    long since;
    try {
      since = req.getDateHeader("If-Modified-Since");
    } catch (IllegalArgumentException e) {
      return false;
    }
    return since >= 0 && file.lastModified() / 1000 <= since / 1000;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
