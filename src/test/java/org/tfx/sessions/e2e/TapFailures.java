package org.tfx.sessions.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failed tests of a {@code node --test} TAP log, each with its location and error message: what
 * {@link ClientE2EIT} puts into its assertion message, so that a CI summary that shows only the
 * failure line still says which wait failed and what it saw (the full log stays on the CI machine).
 */
final class TapFailures {
  /** Longest error text kept per failure. */
  static final int MAX_ERROR = 1_500;

  private static final Pattern NOT_OK = Pattern.compile("^(\\s*)not ok \\d+ - (.*)$");
  private static final Pattern FIELD = Pattern.compile("^(\\s*)(\\w+): ?(.*)$");

  /** Terminal colour codes (Playwright puts them in its call logs). */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

  /** One failed test. */
  record Failure(String name, String location, String error) {
    @Override
    public String toString() {
      return name + " (" + location + "): " + error;
    }
  }

  private TapFailures() {}

  /**
   * The failures in {@code tap}, in log order. Parents that failed only because a subtest did
   * ({@code failureType: 'subtestsFailed'}) are left out: the subtest is listed itself.
   */
  static List<Failure> in(String tap) {
    String[] lines = tap.split("\\R", -1);
    List<Failure> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Matcher m = NOT_OK.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(2).strip();
      String location = "";
      String type = "";
      StringBuilder error = new StringBuilder();
      int j = i + 1;
      for (; j < lines.length && !lines[j].strip().equals("..."); j++) {
        Matcher f = FIELD.matcher(lines[j]);
        if (!f.matches()) {
          continue;
        }
        String value = f.group(3);
        switch (f.group(2)) {
          case "location" -> location = unquote(value);
          case "failureType" -> type = unquote(value);
          case "error" -> {
            if (value.startsWith("|")) {
              j = block(lines, j + 1, f.group(1).length(), error) - 1;
            } else {
              error.append(unquote(value));
            }
          }
          default -> {}
        }
      }
      i = j;
      if (!type.equals("subtestsFailed")) {
        out.add(new Failure(name, location, shorten(error.toString().strip())));
      }
    }
    return out;
  }

  /**
   * The failures on one line (a CI summary may keep only the first line of a message), or a note
   * that the log names none.
   */
  static String summary(String tap) {
    List<Failure> failures = in(tap);
    if (failures.isEmpty()) {
      return "no failed test in the log (crashed or timed out?)";
    }
    return failures.size()
        + " failed: "
        + String.join(" | ", failures.stream().map(Failure::toString).toList());
  }

  /** Appends the lines of a YAML block scalar (indented deeper than its key); returns the next. */
  private static int block(String[] lines, int from, int keyIndent, StringBuilder into) {
    int i = from;
    for (; i < lines.length; i++) {
      String line = lines[i];
      int indent = line.length() - line.stripLeading().length();
      if (!line.isBlank() && indent <= keyIndent) {
        break;
      }
      into.append(into.isEmpty() ? "" : " ").append(line.strip());
    }
    return i;
  }

  /** A YAML plain or single-quoted scalar's text. */
  private static String unquote(String v) {
    String s = v.strip();
    if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
      return s.substring(1, s.length() - 1).replace("''", "'");
    }
    return s;
  }

  private static String shorten(String error) {
    String s = ANSI.matcher(error).replaceAll("").replaceAll("\\s+", " ");
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + " …";
  }
}
