package org.tfx.sessions.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Path-traversal payloads: every spelling of "one folder up" that servers have been fooled by. */
public final class Traversal {
  private Traversal() {}

  /**
   * "../" in plain, encoded, double-encoded, overlong UTF-8, full-width, Windows and Tomcat forms.
   */
  public static final List<String> DOT_DOTS =
      List.of(
          "../",
          "..%2f",
          "..%2F",
          "%2e%2e/",
          "%2e%2e%2f",
          ".%2e/",
          "%252e%252e%252f",
          "%252e%252e/",
          "..\\",
          "..%5c",
          "%2e%2e%5c",
          "..%c0%af",
          "%c0%ae%c0%ae/",
          "%e0%80%ae%e0%80%ae/",
          "\uff0e\uff0e/",
          "%ef%bc%8e%ef%bc%8e/",
          "..;/",
          "....//",
          "..%00/",
          "%2e%2e%00/");

  /**
   * Each base, then each way up repeated 1 to {@code levels} times, then each target ({@code target
   * → levels}: how far up it is at most).
   */
  public static List<String> climbing(List<String> bases, Map<String, Integer> targets) {
    List<String> out = new ArrayList<>();
    for (String base : bases) {
      for (String up : DOT_DOTS) {
        for (Map.Entry<String, Integer> t : targets.entrySet()) {
          // Near targets at every depth up to theirs; far ones (/etc) only at theirs: climbing
          // past the root stays at the root.
          for (int n = t.getValue() > 4 ? t.getValue() : 1; n <= t.getValue(); n++) {
            out.add(base + up.repeat(n) + t.getKey());
          }
        }
      }
    }
    return out;
  }
}
