package org.tfx.sessions.sip.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tfx.sessions.sip.message.BadMessage;
import org.tfx.sessions.sip.message.SipMessages;

/**
 * One SIP-over-TCP connection, accepted or opened by us: a reading thread that frames the stream,
 * and a writing thread behind a bounded queue, so a peer that stops reading never blocks the proxy.
 */
final class TcpConnection implements Flow {
  private static final int QUEUED_MESSAGES = 256;
  private static final byte[] PONG = "\r\n".getBytes(StandardCharsets.US_ASCII);

  private final String id;
  private final Socket socket;
  private final InetSocketAddress remote;
  private final StreamFramer framer;
  private final Inbound inbound;
  private final BadInputLog bad;
  private final Consumer<TcpConnection> onClose;
  private final BlockingQueue<byte[]> out = new ArrayBlockingQueue<>(QUEUED_MESSAGES);
  private final AtomicBoolean open = new AtomicBoolean(true);
  private Thread writer;

  TcpConnection(
      String id,
      Socket socket,
      SipMessages messages,
      int maxBytes,
      Inbound inbound,
      BadInputLog bad,
      Consumer<TcpConnection> onClose) {
    this.id = id;
    this.socket = socket;
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.framer = new StreamFramer(messages, maxBytes);
    this.inbound = inbound;
    this.bad = bad;
    this.onClose = onClose;
  }

  void start() {
    Thread reader = new Thread(this::read, "tfx-sip-tcp-in " + remote);
    reader.setDaemon(true);
    reader.start();
    writer = new Thread(this::write, "tfx-sip-tcp-out " + remote);
    writer.setDaemon(true);
    writer.start();
  }

  private void read() {
    byte[] chunk = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        framer.add(chunk, n);
        StreamFramer.Piece piece;
        while ((piece = framer.next()) != null) {
          if (piece instanceof StreamFramer.Message m) {
            inbound.received(m.bytes(), this);
          } else {
            send(PONG);
          }
        }
      }
    } catch (BadMessage e) {
      bad.bad(remote.getAddress(), Transport.TCP, e.getMessage(), "");
    } catch (IOException | RuntimeException e) {
      // the peer went away, or we closed the socket
    } finally {
      close();
    }
  }

  private void write() {
    try (OutputStream o = socket.getOutputStream()) {
      while (open.get()) {
        byte[] next = out.take();
        if (next != null) {
          o.write(next);
          o.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the peer went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Transport transport() {
    return Transport.TCP;
  }

  @Override
  public InetSocketAddress remote() {
    return remote;
  }

  @Override
  public boolean send(byte[] message) {
    if (!open.get()) {
      return false;
    }
    if (!out.offer(message)) {
      close(); // too far behind: a reconnect is cheaper than an unbounded queue
      return false;
    }
    return true;
  }

  @Override
  public boolean isOpen() {
    return open.get();
  }

  void close() {
    if (open.compareAndSet(true, false)) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      if (writer != null && writer != Thread.currentThread()) {
        writer.interrupt();
      }
      onClose.accept(this);
      inbound.closed(this);
    }
  }
}
