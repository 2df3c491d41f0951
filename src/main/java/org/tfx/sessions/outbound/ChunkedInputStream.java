package org.tfx.sessions.outbound;

import java.io.IOException;
import java.io.InputStream;
import org.tfx.sessions.outbound.FetchException.Reason;

/** Decodes {@code Transfer-Encoding: chunked}; trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (left == 0) {
      left = nextChunkSize();
      if (left == 0) {
        while (!HttpFetcher.readLine(in).isEmpty()) {
          // trailer fields
        }
        done = true;
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new FetchException(Reason.FAILED, "connection closed inside a chunk");
    }
    left -= n;
    if (left == 0 && !HttpFetcher.readLine(in).isEmpty()) {
      throw new FetchException(Reason.FAILED, "malformed chunk");
    }
    return n;
  }

  private long nextChunkSize() throws IOException {
    String line = HttpFetcher.readLine(in);
    int semi = line.indexOf(';');
    String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
    if (hex.isEmpty() || hex.length() > 12) {
      throw new FetchException(Reason.FAILED, "malformed chunk size");
    }
    try {
      return Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new FetchException(Reason.FAILED, "malformed chunk size");
    }
  }
}
