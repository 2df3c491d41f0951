package org.tfx.sessions.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers every connection with a script of its own — malformed heads,
 * bodies dripped byte by byte, endless streams — which a real HTTP server would not send.
 */
public final class RawServer implements AutoCloseable {
  /** What to do with one accepted connection (the request is not read unless the script does). */
  @FunctionalInterface
  public interface Script {
    void run(Socket socket, OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();

  public RawServer(Script script) {
    try {
      socket = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  connections.incrementAndGet();
                  Thread t =
                      new Thread(
                          () -> {
                            try (s) {
                              script.run(s, s.getOutputStream());
                            } catch (IOException | InterruptedException e) {
                              // the client gave up: that is what some tests want
                            }
                          });
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
