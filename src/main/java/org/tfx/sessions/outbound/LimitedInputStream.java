package org.tfx.sessions.outbound;

import java.io.IOException;
import java.io.InputStream;

/** The next {@code length} bytes of a stream (a body with a Content-Length). */
final class LimitedInputStream extends InputStream {
  private final InputStream in;
  private long left;

  LimitedInputStream(InputStream in, long length) {
    this.in = in;
    this.left = Math.max(0, length);
  }

  @Override
  public int read() throws IOException {
    if (left == 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }
}
