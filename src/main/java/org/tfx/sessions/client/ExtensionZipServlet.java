package org.tfx.sessions.client;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.tfx.sessions.web.PublicUrl;

/**
 * {@code GET /downloads/tfx-sessions-extension.zip}: the unpacked extension from {@code
 * WEB-INF/extension/} as a zip, plus {@code server.json} {@code {"serverUrl": "<this server>"}} so
 * that the extension uses the server it was downloaded from. Built per request because the server's
 * address depends on how it was reached; the extension is small (tens of KiB).
 */
public final class ExtensionZipServlet extends HttpServlet {
  public static final String PATH = "/downloads/tfx-sessions-extension.zip";
  static final String ROOT = "/WEB-INF/extension/";
  static final String SERVER_JSON = "server.json";

  private final String publicUrl;

  /** {@code publicUrl}: the configured base URL of invite links, empty for the request's own. */
  public ExtensionZipServlet(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ServletContext context = getServletContext();
    Set<String> files = new TreeSet<>();
    collect(context, ROOT, files);
    if (!files.contains(ROOT + "manifest.json")) {
      resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "extension not built");
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 * 1024);
    try (ZipOutputStream zip = new ZipOutputStream(buffer, StandardCharsets.UTF_8)) {
      for (String file : files) {
        String name = file.substring(ROOT.length());
        if (name.equals(SERVER_JSON)) {
          continue; // ours replaces any that was built in
        }
        try (InputStream in = context.getResourceAsStream(file)) {
          if (in == null) {
            continue;
          }
          zip.putNextEntry(new ZipEntry(name));
          in.transferTo(zip);
          zip.closeEntry();
        }
      }
      zip.putNextEntry(new ZipEntry(SERVER_JSON));
      zip.write(serverJson(PublicUrl.of(req, publicUrl)).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    resp.setContentType("application/zip");
    resp.setHeader("Content-Disposition", "attachment; filename=\"tfx-sessions-extension.zip\"");
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(buffer.size());
    buffer.writeTo(resp.getOutputStream());
  }

  static String serverJson(String serverUrl) {
    StringBuilder json = new StringBuilder("{\"serverUrl\":\"");
    for (char c : serverUrl.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append("\"}\n").toString();
  }

  private static void collect(ServletContext context, String dir, Set<String> out) {
    Set<String> entries = context.getResourcePaths(dir);
    if (entries == null) {
      return;
    }
    for (String entry : entries) {
      if (entry.endsWith("/")) {
        collect(context, entry, out);
      } else {
        out.add(entry);
      }
    }
  }
}
