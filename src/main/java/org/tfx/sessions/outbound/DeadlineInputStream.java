package org.tfx.sessions.outbound;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * The socket's input, buffered, where every read that may block waits only for what is left of the
 * call's deadline: a server that drips one byte a second cannot hold a thread for longer.
 */
final class DeadlineInputStream extends InputStream {
  private final Socket socket;
  private final InputStream in;
  private final long deadline;

  DeadlineInputStream(Socket socket, long deadline) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    this.deadline = deadline;
  }

  @Override
  public int read() throws IOException {
    socket.setSoTimeout(HttpFetcher.remainingMillis(deadline));
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    socket.setSoTimeout(HttpFetcher.remainingMillis(deadline));
    return in.read(b, off, len);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }
}
