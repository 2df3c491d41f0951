package org.tfx.sessions.manual;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How doc names map to URLs and how links between docs resolve. {@code user/getting-started.md} is
 * served at {@code /manual/user/getting-started}, a folder's {@code index.md} at the folder ({@code
 * /manual/user/}), images under their own name.
 */
final class DocPaths {
  static final String ROOT = "/manual/";

  private DocPaths() {}

  /** The URL of a doc file. */
  static String url(String name) {
    if (DocSet.isPage(name)) {
      String stem = name.substring(0, name.length() - ".md".length());
      if (stem.equals("index")) {
        return ROOT;
      }
      if (stem.endsWith("/index")) {
        return ROOT + stem.substring(0, stem.length() - "index".length());
      }
      return ROOT + stem;
    }
    return ROOT + name;
  }

  /** The manual a doc belongs to: its first folder ({@code user}, {@code developer}) or "". */
  static String manual(String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /**
   * Resolves a relative link target ({@code protocol.md}, {@code ../user/privacy.md}) against the
   * folder of the doc {@code from}; empty if it climbs above {@code docs/}.
   */
  static Optional<String> resolve(String from, String target) {
    Deque<String> parts = new ArrayDeque<>();
    int slash = from.lastIndexOf('/');
    if (slash >= 0) {
      for (String p : from.substring(0, slash).split("/")) {
        parts.addLast(p);
      }
    }
    for (String p : target.split("/", -1)) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    return Optional.of(String.join("/", parts));
  }
}
