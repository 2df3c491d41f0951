package org.tfx.sessions.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ordinary TCP load balancer for the tests, as nginx's {@code upstream} with a backup: each new
 * connection goes to the first backend that accepts it, in this proxy's order. No stickiness, no
 * knowledge of HTTP or WebSocket: when a backend dies its connections break, and clients that
 * reconnect land on the next one.
 */
final class FailoverProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<InetSocketAddress> backends;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  FailoverProxy(List<Integer> backendPorts) throws IOException {
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    this.backends = backendPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
    Thread accept = new Thread(this::accept, "proxy-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket backend = connect();
        if (backend == null) {
          client.close();
          continue;
        }
        open.add(client);
        open.add(backend);
        pipe(client, backend);
        pipe(backend, client);
      } catch (IOException e) {
        // closed, or one connection failed: go on accepting
      }
    }
  }

  private Socket connect() {
    for (InetSocketAddress b : backends) {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(b, 500);
        return s;
      } catch (IOException refused) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to close
        }
      }
    }
    return null;
  }

  private void pipe(Socket from, Socket to) throws IOException {
    from.setTcpNoDelay(true);
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "pipe");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(this::closeQuietly);
  }
}
