package org.tfx.sessions.share;

import java.util.Locale;

/**
 * How to show a shared link. {@code url} is the address after redirects; {@code kind} is {@code
 * image}, {@code video}, {@code audio}, {@code page} or {@code other}; {@code contentType} is the
 * media type without parameters (empty when the site sent none); the page facts are null when
 * unknown; {@code frameable} says whether the site lets this server's pages frame it.
 */
public record LinkPreview(
    String url,
    String kind,
    String contentType,
    String title,
    String description,
    String image,
    String siteName,
    boolean frameable) {

  /** The kind of content a media type stands for. */
  public static String kindOf(String mediaType) {
    String t = mediaType.toLowerCase(Locale.ROOT);
    if (t.startsWith("image/")) {
      return "image";
    }
    if (t.startsWith("video/")) {
      return "video";
    }
    if (t.startsWith("audio/")) {
      return "audio";
    }
    if (isHtml(t)) {
      return "page";
    }
    return "other";
  }

  static boolean isHtml(String mediaType) {
    return mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml");
  }
}
