package org.tfx.sessions.share;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A link as a participant shared it, checked before anything is fetched: an absolute http(s) URL of
 * at most 2,048 characters, with a host, without user name or password. International host names
 * are turned into their ASCII form.
 */
public final class SharedUrl {
  public static final int MAX_LENGTH = 2048;

  private SharedUrl() {}

  public static Optional<URI> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.isEmpty() || t.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque()) {
      return Optional.empty();
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty() || authority.contains("@")) {
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      // java.net.URI leaves non-ASCII host names unparsed: convert and try again.
      try {
        int colon = authority.lastIndexOf(':');
        String host = colon > 0 ? authority.substring(0, colon) : authority;
        String port = colon > 0 ? authority.substring(colon) : "";
        String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        uri =
            new URI(
                scheme
                    + "://"
                    + ascii
                    + port
                    + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Optional.empty();
      }
      if (uri.getHost() == null) {
        return Optional.empty();
      }
    }
    return Optional.of(uri);
  }

  /** The URL without its fragment, which is never sent to a server. */
  static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String s = uri.toString();
    return URI.create(s.substring(0, s.indexOf('#')));
  }
}
