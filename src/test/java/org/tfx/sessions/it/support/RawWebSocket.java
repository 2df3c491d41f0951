package org.tfx.sessions.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client on a plain socket, for what java.net.http cannot do: offer extensions as a
 * browser does ({@code permessage-deflate; client_max_window_bits}) and read the answer's headers,
 * then speak compressed text frames (RFC 7692) when the server agreed.
 */
public final class RawWebSocket implements AutoCloseable {
  /** What Chromium sends in {@code Sec-WebSocket-Extensions}. */
  public static final String BROWSER_EXTENSIONS = "permessage-deflate; client_max_window_bits";

  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;
  private final String headers;
  private final boolean deflate;
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final Inflater inflater = new Inflater(true);
  private final SecureRandom random = new SecureRandom();

  private RawWebSocket(URI base, String extensions) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String request =
        "GET /signal HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\n"
            + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!endsWithBlankLine(head.toByteArray())) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.write(b);
    }
    headers = head.toString(StandardCharsets.ISO_8859_1);
    status = Integer.parseInt(headers.split(" ", 3)[1]);
    String agreed = header("Sec-WebSocket-Extensions");
    deflate = agreed != null && agreed.contains("permessage-deflate");
  }

  /** Opens {@code /signal} offering {@code extensions} (null: none). */
  public static RawWebSocket open(URI base, String extensions) throws IOException {
    return new RawWebSocket(base, extensions);
  }

  public int status() {
    return status;
  }

  /** A header of the handshake's answer, or null. */
  public String header(String name) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Whether the server agreed to compress. */
  public boolean deflate() {
    return deflate;
  }

  /** Sends a text frame, compressed when agreed. */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int first = 0x81;
    if (deflate) {
      deflater.setInput(payload);
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
        z.write(buf, 0, n);
      }
      byte[] all = z.toByteArray();
      payload = Arrays.copyOf(all, all.length - TAIL.length);
      first |= 0x40;
    }
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(first);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads the next text frame (one frame, not fragmented), inflating it when compressed. */
  public String readText() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if ((first & 0x0f) != 1) {
      throw new IOException("not a text frame: opcode " + (first & 0x0f));
    }
    if ((first & 0x40) == 0) {
      return new String(payload, StandardCharsets.UTF_8);
    }
    inflater.setInput(concat(payload, TAIL));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = inflater.inflate(buf)) > 0) {
        text.write(buf, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IOException(e);
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static boolean endsWithBlankLine(byte[] b) {
    int n = b.length;
    return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  @Override
  public void close() throws IOException {
    deflater.end();
    inflater.end();
    socket.close();
  }
}
