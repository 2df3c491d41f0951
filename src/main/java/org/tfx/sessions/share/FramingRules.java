package org.tfx.sessions.share;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tfx.sessions.outbound.HttpFetcher;

/**
 * Whether a fetched page lets a page of {@code ourOrigin} frame it, as a browser decides: CSP
 * {@code frame-ancestors} when present (every policy must allow it, and {@code X-Frame-Options} is
 * then ignored), else {@code X-Frame-Options} ({@code DENY}, {@code SAMEORIGIN} or conflicting
 * values forbid; {@code ALLOW-FROM} and unknown values are ignored, as Chromium does).
 */
public final class FramingRules {
  private FramingRules() {}

  public static boolean frameable(HttpFetcher.Response r, URI page, String ourOrigin) {
    URI ours = URI.create(ourOrigin);
    boolean sawAncestors = false;
    for (String header : r.headerValues("content-security-policy")) {
      for (String policy : header.split(",")) {
        for (String directive : policy.split(";")) {
          String[] tokens = directive.trim().split("\\s+");
          if (tokens[0].equalsIgnoreCase("frame-ancestors")) {
            sawAncestors = true;
            if (!allows(List.of(tokens).subList(1, tokens.length), page, ours)) {
              return false;
            }
            break; // only the first frame-ancestors of a policy counts
          }
        }
      }
    }
    if (sawAncestors) {
      return true;
    }
    Set<String> xfo = new LinkedHashSet<>();
    for (String header : r.headerValues("x-frame-options")) {
      for (String v : header.split(",")) {
        if (!v.isBlank()) {
          xfo.add(v.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    if (xfo.isEmpty() || xfo.equals(Set.of("allowall"))) {
      return true;
    }
    if (xfo.size() > 1 || xfo.contains("deny")) {
      return false;
    }
    if (xfo.contains("sameorigin")) {
      return sameOrigin(page, ours);
    }
    return true;
  }

  /** A frame-ancestors source list against our origin; {@code 'none'} or nothing matches none. */
  static boolean allows(List<String> sources, URI page, URI ours) {
    for (String raw : sources) {
      String s = raw.toLowerCase(Locale.ROOT);
      if (s.equals("'self'")) {
        if (sameOrigin(page, ours)) {
          return true;
        }
      } else if (s.equals("*")) {
        if (isNetworkScheme(ours.getScheme())) {
          return true;
        }
      } else if (s.matches("[a-z][a-z0-9+.-]*:")) {
        if (schemeMatches(s.substring(0, s.length() - 1), ours.getScheme())) {
          return true;
        }
      } else if (!s.startsWith("'") && hostSourceMatches(s, page, ours)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hostSourceMatches(String source, URI page, URI ours) {
    String rest = source;
    String scheme = null;
    int sep = rest.indexOf("://");
    if (sep > 0) {
      scheme = rest.substring(0, sep);
      rest = rest.substring(sep + 3);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash); // paths do not narrow ancestors we can judge
    }
    String host = rest;
    String port = null;
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && !rest.endsWith("]")) {
      host = rest.substring(0, colon);
      port = rest.substring(colon + 1);
    }
    String ourScheme = ours.getScheme().toLowerCase(Locale.ROOT);
    if (scheme != null
        ? !schemeMatches(scheme, ourScheme)
        : !schemeMatches(page.getScheme(), ourScheme)) {
      return false;
    }
    String ourHost = ours.getHost() == null ? "" : ours.getHost().toLowerCase(Locale.ROOT);
    boolean hostOk =
        host.startsWith("*.") ? ourHost.endsWith(host.substring(1)) : ourHost.equals(host);
    if (!hostOk) {
      return false;
    }
    int ourPort = ours.getPort() == -1 ? defaultPort(ourScheme) : ours.getPort();
    if (port == null) {
      String sourceScheme = scheme != null ? scheme : page.getScheme().toLowerCase(Locale.ROOT);
      return ourPort == defaultPort(sourceScheme)
          || (sourceScheme.equals("http") && ourPort == 443 && ourScheme.equals("https"));
    }
    return port.equals("*") || port.equals(String.valueOf(ourPort));
  }

  /** {@code http:} also matches https (the CSP upgrade rule). */
  private static boolean schemeMatches(String source, String ours) {
    String s = source.toLowerCase(Locale.ROOT);
    String o = ours.toLowerCase(Locale.ROOT);
    return s.equals(o) || (s.equals("http") && o.equals("https"));
  }

  private static boolean isNetworkScheme(String scheme) {
    String s = scheme.toLowerCase(Locale.ROOT);
    return s.equals("http") || s.equals("https");
  }

  private static int defaultPort(String scheme) {
    return scheme.equalsIgnoreCase("https") ? 443 : 80;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() == -1 ? defaultPort(u.getScheme()) : u.getPort();
  }
}
