package org.tfx.sessions.json;

/**
 * Unicode well-formedness of Java strings. JSON lets a client write {@code "\ud800"}, a lone UTF-16
 * surrogate that no UTF-8 encoder can write: echoed back unchanged it would fail the container's
 * send. Every string the server writes goes through {@link #text}.
 */
public final class WellFormed {
  private WellFormed() {}

  /** Whether {@code s} holds no unpaired surrogate. */
  public static boolean is(CharSequence s) {
    return firstUnpaired(s) < 0;
  }

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself when well-formed.
   */
  public static String text(String s) {
    int bad = firstUnpaired(s);
    if (bad < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, bad);
    for (int i = bad; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int firstUnpaired(CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else {
        return i;
      }
    }
    return -1;
  }
}
