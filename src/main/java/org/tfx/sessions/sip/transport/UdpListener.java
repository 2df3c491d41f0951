package org.tfx.sessions.sip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/** SIP over UDP: one socket, one reading thread; each datagram is one message. */
final class UdpListener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());

  private final DatagramChannel channel;
  private final Inbound inbound;
  private final BadInputLog bad;
  private final int maxBytes;
  private final Thread reader;

  UdpListener(InetSocketAddress bind, Inbound inbound, BadInputLog bad, int maxBytes)
      throws IOException {
    this.channel = DatagramChannel.open();
    try {
      channel.bind(bind);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    this.inbound = inbound;
    this.bad = bad;
    this.maxBytes = maxBytes;
    this.reader = new Thread(this::read, "tfx-sip-udp");
    reader.setDaemon(true);
    reader.start();
  }

  int port() {
    return channel.socket().getLocalPort();
  }

  private void read() {
    ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (!(from instanceof InetSocketAddress source)) {
          continue;
        }
        buffer.flip();
        if (buffer.remaining() > maxBytes) {
          bad.bad(source.getAddress(), Transport.UDP, "datagram too large", "");
          continue;
        }
        byte[] bytes = Arrays.copyOf(buffer.array(), buffer.remaining());
        if (isKeepAlive(bytes)) {
          continue;
        }
        inbound.received(bytes, new UdpFlow(this, source));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "SIP UDP receive", e);
      }
    }
  }

  /**
   * Datagrams of CR/LF only are NAT keep-alives (RFC 5626 does them over STUN; phones send CRLF).
   */
  private static boolean isKeepAlive(byte[] bytes) {
    for (byte b : bytes) {
      if (b != '\r' && b != '\n' && b != 0) {
        return false;
      }
    }
    return true;
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  boolean send(InetSocketAddress to, byte[] message) {
    try {
      return channel.send(ByteBuffer.wrap(message), to) == message.length;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "SIP UDP send to " + to, e);
      return false;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A UDP source address: answers go back there through the listener's socket. */
  record UdpFlow(UdpListener listener, InetSocketAddress remote) implements Flow {
    @Override
    public String id() {
      return "u";
    }

    @Override
    public Transport transport() {
      return Transport.UDP;
    }

    @Override
    public boolean send(byte[] message) {
      return listener.send(remote, message);
    }

    @Override
    public boolean isOpen() {
      return listener.isOpen();
    }
  }
}
