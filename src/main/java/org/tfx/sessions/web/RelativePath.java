package org.tfx.sessions.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A path below a folder the server serves files from (a widget folder, the embed page's folder), as
 * a manifest names a file or a request asks for one: segments of letters, digits, {@code _ . -},
 * none starting with a dot, separated by single slashes. Every other spelling — {@code ..},
 * backslashes, {@code ;}, NUL, percent signs, absolute paths, empty segments, dot files — is no
 * path at all, so nothing built from one can leave the folder.
 */
public record RelativePath(List<String> segments) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_SEGMENTS = 16;

  public RelativePath {
    segments = List.copyOf(segments);
  }

  /** The path when {@code text} is a valid one, else empty. */
  public static Optional<RelativePath> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 1024) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    Collections.addAll(parts, text.split("/", -1));
    if (parts.size() > MAX_SEGMENTS) {
      return Optional.empty();
    }
    for (String part : parts) {
      if (!SEGMENT.matcher(part).matches() || part.contains("..")) {
        return Optional.empty();
      }
    }
    return Optional.of(new RelativePath(parts));
  }

  /** The file's name, e.g. {@code main.js}. */
  public String fileName() {
    return segments.get(segments.size() - 1);
  }

  /** The lower-case extension without the dot, or empty. */
  public String extension() {
    String name = fileName();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return String.join("/", segments);
  }
}
