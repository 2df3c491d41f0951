package org.tfx.sessions.it.support;

import java.util.List;
import java.util.Random;

/**
 * Generates hostile variants of valid JSON texts, the way a fuzzer's mutators would, from a seeded
 * {@link Random} (a failure names its seed and index, so it can be replayed): truncation, number
 * shapes the parsers choke on, escapes (lone surrogates, NUL, non-BMP), deep nesting, duplicate
 * members, values of the wrong type, stray bytes, trailing data. Not a list of known bad inputs:
 * every text is a random combination of these operators on a random valid frame.
 */
public final class HostileJson {
  private static final List<String> NUMBERS =
      List.of(
          "1e99999999999",
          "-1E-99999999999",
          "1e2147483648",
          "-0",
          "0.000000000000000000000000000001",
          "1e-400",
          "1e400",
          "9007199254740993",
          "123456789012345678901234567890",
          "2147483648",
          "-2147483649",
          "1.5",
          "0",
          "NaN",
          "Infinity",
          "01",
          "1.",
          ".5",
          "+1",
          "0x10");

  private static final List<String> STRINGS =
      List.of(
          "\\ud800",
          "\\udfff",
          "\\ud800\\ud800",
          "\\udc00\\ud800",
          "\\ud83d\\ude00",
          "\\u0000",
          "\\u202e",
          "\\\\",
          "\\\"",
          "\\/",
          "\\x41",
          "\\u12",
          "<script>alert(1)</script>",
          "../../etc/passwd",
          "😀",
          "\u0001",
          "\t",
          "");

  private static final List<String> VALUES =
      List.of("null", "true", "false", "{}", "[]", "\"\"", "0", "\"x\"", "[1,2]", "{\"a\":1}");

  private final Random random;

  public HostileJson(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  /** One to three mutations of {@code valid}. */
  public String mutate(String valid) {
    String s = valid;
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      s = once(s);
    }
    return s;
  }

  private String once(String s) {
    return switch (random.nextInt(11)) {
      case 0 -> s.isEmpty() ? s : s.substring(0, random.nextInt(s.length()));
      case 1 -> replaceValue(s, pick(NUMBERS));
      case 2 -> replaceString(s, randomString());
      case 3 -> nest(s);
      case 4 -> duplicateMember(s);
      case 5 -> replaceValue(s, pick(VALUES));
      case 6 -> insert(s, String.valueOf((char) random.nextInt(0x80)));
      case 7 -> s.isEmpty() ? s : deleteAt(s, random.nextInt(s.length()));
      case 8 -> s + pick(List.of(" x", "}", "{}", ",", "\u0000", " ", "]"));
      case 9 -> replaceKey(s, randomString());
      default -> insert(s, ",\"" + randomString() + "\":" + randomValue());
    };
  }

  private String randomString() {
    StringBuilder b = new StringBuilder();
    int parts = 1 + random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      b.append(pick(STRINGS));
    }
    return b.toString();
  }

  private String randomValue() {
    return switch (random.nextInt(4)) {
      case 0 -> pick(NUMBERS);
      case 1 -> "\"" + randomString() + "\"";
      case 2 -> pick(VALUES);
      default -> deep(1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 60));
    };
  }

  private String deep(int depth) {
    boolean arrays = random.nextBoolean();
    return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
  }

  private String nest(String s) {
    int colon = randomIndexOf(s, ':');
    if (colon < 0) {
      return s;
    }
    int depth = 1 + random.nextInt(random.nextInt(8) == 0 ? 4000 : 40);
    String open = random.nextBoolean() ? "[" : "{\"n\":";
    String close = open.equals("[") ? "]" : "}";
    int end = valueEnd(s, colon + 1);
    return s.substring(0, colon + 1)
        + open.repeat(depth)
        + s.substring(colon + 1, end)
        + close.repeat(depth)
        + s.substring(end);
  }

  private String duplicateMember(String s) {
    int colon = randomIndexOf(s, ':');
    if (colon < 0) {
      return s;
    }
    int keyStart = s.lastIndexOf('"', Math.max(0, s.lastIndexOf('"', colon - 1) - 1));
    int end = valueEnd(s, colon + 1);
    if (keyStart < 0 || end <= keyStart) {
      return s;
    }
    String member = s.substring(keyStart, end);
    return s.substring(0, end) + "," + member + s.substring(end);
  }

  private String replaceValue(String s, String value) {
    int colon = randomIndexOf(s, ':');
    if (colon < 0) {
      return s;
    }
    return s.substring(0, colon + 1) + value + s.substring(valueEnd(s, colon + 1));
  }

  private String replaceString(String s, String content) {
    int colon = randomIndexOf(s, ':');
    if (colon < 0) {
      return s;
    }
    return s.substring(0, colon + 1) + "\"" + content + "\"" + s.substring(valueEnd(s, colon + 1));
  }

  private String replaceKey(String s, String content) {
    int colon = randomIndexOf(s, ':');
    if (colon < 1 || s.charAt(colon - 1) != '"') {
      return s;
    }
    int start = s.lastIndexOf('"', colon - 2);
    if (start < 0) {
      return s;
    }
    return s.substring(0, start + 1) + content + s.substring(colon - 1);
  }

  /** A rough end of the value starting at {@code from}: the next top-level , or } or ]. */
  private static int valueEnd(String s, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            return i;
          }
          depth--;
        }
        case ',' -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> {}
      }
    }
    return s.length();
  }

  private int randomIndexOf(String s, char c) {
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    int k = random.nextInt(count);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c && k-- == 0) {
        return i;
      }
    }
    return -1;
  }

  private String insert(String s, String what) {
    int at = random.nextInt(s.length() + 1);
    return s.substring(0, at) + what + s.substring(at);
  }

  private static String deleteAt(String s, int at) {
    return s.substring(0, at) + s.substring(at + 1);
  }

  public <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** Bytes that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncations. */
  public byte[] invalidUtf8(String around) {
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xc0, (byte) 0xaf},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xff},
      {(byte) 0xe2, (byte) 0x82}
    };
    byte[] text = around.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] b = bad[random.nextInt(bad.length)];
    int at = random.nextInt(text.length + 1);
    byte[] out = new byte[text.length + b.length];
    System.arraycopy(text, 0, out, 0, at);
    System.arraycopy(b, 0, out, at, b.length);
    System.arraycopy(text, at, out, at + b.length, text.length - at);
    return out;
  }
}
