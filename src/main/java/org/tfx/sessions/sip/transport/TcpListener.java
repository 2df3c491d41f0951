package org.tfx.sessions.sip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tfx.sessions.sip.message.SipMessages;

/**
 * SIP over TCP: accepts connections on the listening port and opens connections to TCP targets that
 * have none. Connections are kept by remote address for reuse, and capped in number.
 */
final class TcpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
  private static final int MAX_CONNECTIONS = 1_000;
  private static final int MAX_PER_ADDRESS = 64;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final ServerSocket server;
  private final SipMessages messages;
  private final Inbound inbound;
  private final BadInputLog bad;
  private final Flows flows;
  private final int maxBytes;
  private final ConcurrentHashMap<InetSocketAddress, TcpConnection> connections =
      new ConcurrentHashMap<>();
  private final Thread acceptor;

  TcpListener(
      InetSocketAddress bind,
      SipMessages messages,
      Inbound inbound,
      BadInputLog bad,
      Flows flows,
      int maxBytes)
      throws IOException {
    this.server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(bind);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    this.messages = messages;
    this.inbound = inbound;
    this.bad = bad;
    this.flows = flows;
    this.maxBytes = maxBytes;
    this.acceptor = new Thread(this::accept, "tfx-sip-tcp-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        if (connections.size() >= MAX_CONNECTIONS || perAddress(remote) >= MAX_PER_ADDRESS) {
          bad.bad(remote.getAddress(), Transport.TCP, "too many connections", "");
          socket.close();
          continue;
        }
        adopt(socket);
      } catch (SocketException e) {
        return; // closed
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "SIP TCP accept", e);
      }
    }
  }

  private long perAddress(InetSocketAddress remote) {
    return connections.keySet().stream()
        .filter(a -> a.getAddress().equals(remote.getAddress()))
        .count();
  }

  private TcpConnection adopt(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    socket.setKeepAlive(true);
    TcpConnection c =
        new TcpConnection(
            flows.newId(Transport.TCP),
            socket,
            messages,
            maxBytes,
            inbound,
            bad,
            closed -> {
              connections.remove(closed.remote(), closed);
              flows.remove(closed);
            });
    connections.put(c.remote(), c);
    flows.add(c);
    c.start();
    return c;
  }

  /** The open connection to {@code target}, or a new one (blocking up to a few seconds). */
  Optional<Flow> connection(InetSocketAddress target) {
    TcpConnection existing = connections.get(target);
    if (existing != null && existing.isOpen()) {
      return Optional.of(existing);
    }
    if (server.isClosed()) {
      return Optional.empty();
    }
    Socket socket = new Socket();
    try {
      socket.connect(target, (int) CONNECT_TIMEOUT.toMillis());
      return Optional.of(adopt(socket));
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      return Optional.empty();
    }
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (TcpConnection c : List.copyOf(connections.values())) {
      c.close();
    }
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
