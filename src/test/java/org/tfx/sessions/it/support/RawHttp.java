package org.tfx.sessions.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 GET with the request target sent byte for byte as given: java.net.http would refuse or
 * re-encode the malformed paths that path-traversal tests need to send.
 */
public final class RawHttp {
  private final String host;
  private final int port;

  public RawHttp(URI base) {
    this.host = base.getHost();
    this.port = base.getPort();
  }

  /** A status code, the headers as text and the (de-chunked) body. */
  public record Response(int status, String headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  public Response get(String target) {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.writeBytes(("GET ").getBytes(StandardCharsets.ISO_8859_1));
      req.writeBytes(target.getBytes(StandardCharsets.UTF_8));
      req.writeBytes(
          (" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(req.toByteArray());
      out.flush();
      byte[] all = readAll(s.getInputStream());
      int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (split < 0) {
        return new Response(0, new String(all, StandardCharsets.ISO_8859_1), new byte[0]);
      }
      String head = new String(all, 0, split, StandardCharsets.ISO_8859_1);
      byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
      String[] statusLine = head.split("\r\n", 2)[0].split(" ");
      int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Response(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(target, e);
    }
  }

  /** Everything until the server closes; a reset after the answer keeps what arrived. */
  public static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        b.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // the server may reset after answering a bad request; keep what arrived
    }
    return b.toByteArray();
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int eol = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), i);
      if (eol < 0) {
        break;
      }
      String size = new String(body, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(body, eol + 2, Math.min(n, body.length - eol - 2));
      i = eol + 2 + n + 2;
    }
    return out.toByteArray();
  }

  public static int indexOf(byte[] hay, byte[] needle) {
    return indexOf(hay, needle, 0);
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
