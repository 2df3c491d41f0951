package org.tfx.sessions.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client over a plain socket that sends what no well-behaved library will: text frames
 * of invalid UTF-8, corrupt permessage-deflate data, frames larger than the server takes, many
 * frames pipelined without waiting. From a chosen local loopback address, so a test can spread its
 * sockets over several client addresses (the server caps sockets per address). Reading is left to
 * the caller's thread ({@link #read}); writes are synchronised.
 */
public final class HostileSocket implements AutoCloseable {
  /** One frame from the server: a text message, or a close with its code. */
  public sealed interface Incoming {}

  public record Text(String text) implements Incoming {}

  public record Close(int code, String reason) implements Incoming {}

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final boolean deflate;
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final Inflater inflater = new Inflater(true);
  private final ByteArrayOutputStream message = new ByteArrayOutputStream();
  private boolean messageCompressed;

  private HostileSocket(Socket socket, InputStream in, boolean deflate) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(in);
    this.out = socket.getOutputStream();
    this.deflate = deflate;
  }

  /**
   * Opens {@code /signal} from local address {@code from}, offering permessage-deflate when asked;
   * {@link #deflate()} tells whether the server took it.
   */
  public static HostileSocket open(URI base, InetAddress from, boolean offerDeflate, int timeoutMs)
      throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress(base.getHost(), base.getPort()), timeoutMs);
    s.setSoTimeout(timeoutMs);
    s.setTcpNoDelay(true);
    String key = Base64.getEncoder().encodeToString(new byte[16]);
    String request =
        "GET /signal HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + (offerDeflate
                ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                : "")
            + "\r\n";
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    InputStream raw = new java.io.BufferedInputStream(s.getInputStream(), 16384);
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = raw.read();
      if (b < 0) {
        s.close();
        throw new EOFException("connection closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    String h = head.toString();
    if (!h.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("handshake refused: " + h.lines().findFirst().orElse(""));
    }
    boolean deflate =
        h.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate");
    return new HostileSocket(s, raw, deflate);
  }

  public boolean deflate() {
    return deflate;
  }

  public void sendText(String text) throws IOException {
    sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A text frame of exactly these bytes, compressed when deflate was negotiated. */
  public void sendText(byte[] utf8) throws IOException {
    if (deflate) {
      frame(0x1, compress(utf8), true);
    } else {
      frame(0x1, utf8, false);
    }
  }

  public void sendBinary(byte[] data) throws IOException {
    frame(0x2, data, false);
  }

  /** A frame marked compressed (RSV1) whose payload is whatever the caller says. */
  public void sendRawCompressed(int opcode, byte[] payload) throws IOException {
    frame(opcode, payload, true);
  }

  public void sendClose(int code) throws IOException {
    frame(0x8, new byte[] {(byte) (code >> 8), (byte) code}, false);
  }

  private byte[] compress(byte[] data) {
    deflater.setInput(data);
    ByteArrayOutputStream b = new ByteArrayOutputStream(data.length / 2 + 16);
    byte[] buf = new byte[8192];
    int n;
    while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      b.write(buf, 0, n);
    }
    byte[] all = b.toByteArray();
    // RFC 7692: drop the 00 00 ff ff tail of the sync flush (an empty message is one 00 byte).
    return all.length < 4 ? new byte[] {0} : java.util.Arrays.copyOf(all, all.length - 4);
  }

  /**
   * The start of a text frame whose header announces {@code announced} bytes, of which only {@code
   * part} follows: a frame that is still arriving.
   */
  public void sendTextStart(long announced, byte[] part) throws IOException {
    frame(0x1, announced, part, false);
  }

  private void frame(int opcode, byte[] payload, boolean rsv1) throws IOException {
    frame(opcode, payload.length, payload, rsv1);
  }

  private synchronized void frame(int opcode, long len, byte[] payload, boolean rsv1)
      throws IOException {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write(0x80 | (rsv1 ? 0x40 : 0) | opcode);
    if (len < 126) {
      f.write(0x80 | (int) len);
    } else if (len < 65536) {
      f.write(0x80 | 126);
      f.write((int) (len >> 8));
      f.write((int) len);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) (len >> (8 * i)));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    f.write(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    f.write(masked);
    out.write(f.toByteArray());
  }

  /** The next text message or close; throws on a timeout or a dropped connection. */
  public Incoming read() throws IOException {
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      int opcode = b0 & 0x0f;
      boolean fin = (b0 & 0x80) != 0;
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      if (opcode == 0x8) {
        int code = len >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        String reason =
            len > 2 ? new String(payload, 2, (int) len - 2, StandardCharsets.UTF_8) : "";
        return new Close(code, reason);
      }
      if (opcode == 0x9) {
        frame(0xA, payload, false);
        continue;
      }
      if (opcode == 0xA) {
        continue;
      }
      if (opcode == 0x1 || opcode == 0x2) {
        message.reset();
        messageCompressed = (b0 & 0x40) != 0;
      }
      message.write(payload);
      if (fin) {
        byte[] whole = message.toByteArray();
        if (messageCompressed) {
          whole = inflate(whole);
        }
        return new Text(new String(whole, StandardCharsets.UTF_8));
      }
    }
  }

  private byte[] inflate(byte[] data) throws IOException {
    inflater.setInput(concat(data, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
    ByteArrayOutputStream b = new ByteArrayOutputStream(data.length * 3);
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = inflater.inflate(buf)) > 0) {
        b.write(buf, 0, n);
      }
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException("server sent bad deflate data", e);
    }
    return b.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  public void setReadTimeout(int ms) throws IOException {
    socket.setSoTimeout(ms);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // gone already
    }
    deflater.end();
    inflater.end();
  }
}
