package org.tfx.sessions.web;

import java.util.Map;

/**
 * The Content-Type of each kind of file the server serves itself (widget files, the embed page's
 * assets), the same on every container (Payara's and Tomcat's own tables differ; with {@code
 * nosniff} a browser refuses a module or WebAssembly served under the wrong type). Anything else is
 * served as {@code application/octet-stream}.
 */
public final class MediaTypes {
  private static final String OCTETS = "application/octet-stream";
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("js", "text/javascript;charset=UTF-8"),
          Map.entry("mjs", "text/javascript;charset=UTF-8"),
          Map.entry("css", "text/css;charset=UTF-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("html", "text/html;charset=UTF-8"),
          Map.entry("txt", "text/plain;charset=UTF-8"),
          Map.entry("md", "text/markdown;charset=UTF-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("avif", "image/avif"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("otf", "font/otf"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"));

  private MediaTypes() {}

  /**
   * Whether a request's Content-Type is JSON: {@code application/json}, any case, with no parameter
   * but {@code charset=utf-8} (JSON is UTF-8, RFC 8259). Not {@code application/jsonx}, not {@code
   * text/plain}, not absent.
   */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(java.util.Locale.ROOT).replace("\"", "");
      if (!p.isEmpty() && !p.replace(" ", "").equals("charset=utf-8")) {
        return false;
      }
    }
    return true;
  }

  /** The Content-Type for a file with this (lower-case) extension. */
  public static String of(String extension) {
    return BY_EXTENSION.getOrDefault(extension, OCTETS);
  }
}
