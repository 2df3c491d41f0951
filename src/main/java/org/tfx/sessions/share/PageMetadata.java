package org.tfx.sessions.share;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a page says about itself: {@code <title>}, OpenGraph ({@code og:…}) and Twitter card ({@code
 * twitter:…}) meta tags, and the plain {@code description}. Parsed with jsoup, as a browser would
 * parse the (possibly truncated) HTML. Values are plain text, whitespace collapsed, shortened; the
 * image is an absolute http(s) URL or null. The client shows them as text.
 */
public record PageMetadata(String title, String description, String image, String siteName) {
  static final PageMetadata NONE = new PageMetadata(null, null, null, null);

  public static PageMetadata parse(byte[] html, String charset, URI page) {
    Document doc;
    try {
      doc = Jsoup.parse(new ByteArrayInputStream(html), supported(charset), page.toString());
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
    Map<String, String> meta = new HashMap<>();
    for (Element m : doc.select("meta[content]")) {
      String key = m.hasAttr("property") ? m.attr("property") : m.attr("name");
      if (!key.isEmpty()) {
        meta.putIfAbsent(key.toLowerCase(Locale.ROOT).trim(), m.attr("content"));
      }
    }
    String title = first(meta, "og:title", "twitter:title");
    if (title == null) {
      title = doc.title();
    }
    return new PageMetadata(
        text(title, 300),
        text(first(meta, "og:description", "twitter:description", "description"), 1000),
        image(
            page,
            first(
                meta,
                "og:image",
                "og:image:url",
                "og:image:secure_url",
                "twitter:image",
                "twitter:image:src")),
        text(first(meta, "og:site_name", "application-name"), 200));
  }

  private static String supported(String charset) {
    try {
      return charset != null && Charset.isSupported(charset) ? charset : null;
    } catch (IllegalArgumentException e) {
      return null; // jsoup then reads <meta charset>, else UTF-8
    }
  }

  private static String first(Map<String, String> meta, String... keys) {
    for (String k : keys) {
      String v = meta.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** Whitespace collapsed, control characters dropped, at most {@code max} characters. */
  static String text(String s, int max) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = out.length() > 0;
        continue;
      }
      // Controls and format characters (bidi overrides that would reverse the text) go; the
      // zero-width joiner stays, emoji sequences need it.
      if (Character.isISOControl(cp)
          || (Character.getType(cp) == Character.FORMAT && cp != 0x200D)) {
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    if (out.length() == 0) {
      return null;
    }
    if (out.codePointCount(0, out.length()) > max) {
      return out.substring(0, out.offsetByCodePoints(0, max - 1)) + "…";
    }
    return out.toString();
  }

  private static String image(URI page, String value) {
    if (value == null || value.length() > 2048) {
      return null;
    }
    try {
      URI u = page.resolve(value.trim());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null
          ? u.toString()
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
