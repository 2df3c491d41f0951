package org.tfx.sessions.signaling;

/**
 * Joins the parts of one text frame as the container hands them over, and enforces the frame limit
 * in UTF-8 bytes itself. Reading in parts lets the container keep a small per-socket buffer (a 64
 * KiB whole-message buffer per idle socket would cost more than everything else it holds).
 */
final class FrameAssembler {
  /** What became of one part. */
  sealed interface Result {}

  /** The frame is not complete yet. */
  record More() implements Result {}

  /** A complete frame. */
  record Frame(String text) implements Result {}

  /** The frame has grown past the limit; the socket must be closed with 1009. */
  record TooBig() implements Result {}

  private static final More MORE = new More();
  private static final TooBig TOO_BIG = new TooBig();

  private final int maxBytes;
  private StringBuilder parts;

  /** Upper bound of the UTF-8 size of the parts so far (exact once it nears the limit). */
  private int bytes;

  private boolean oversized;

  FrameAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  Result accept(String part, boolean last) {
    if (oversized) {
      return last ? reset(TOO_BIG) : MORE;
    }
    // bytes is an upper bound: a char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
    // Only when the bound passes the limit is the frame counted exactly, so the usual small frame
    // is never scanned.
    bytes += part.length() * 3;
    if (bytes > maxBytes) {
      bytes = (parts == null ? 0 : utf8Length(parts)) + utf8Length(part);
    }
    if (bytes > maxBytes) {
      oversized = true;
      parts = null;
      return last ? reset(TOO_BIG) : TOO_BIG;
    }
    if (last && parts == null) {
      bytes = 0;
      return new Frame(part);
    }
    if (parts == null) {
      parts = new StringBuilder(Math.max(256, part.length() * 2));
    }
    parts.append(part);
    if (!last) {
      return MORE;
    }
    String text = parts.toString();
    parts = null;
    bytes = 0;
    return new Frame(text);
  }

  private Result reset(Result r) {
    oversized = false;
    parts = null;
    bytes = 0;
    return r;
  }

  static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0, len = s.length(); i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
