package org.tfx.sessions.outbound;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.tfx.sessions.outbound.FetchException.Reason;

/**
 * Turns one response into a {@link HttpFetcher.Response}: headers checked against the byte cap, the
 * (decoded) body read up to the caller's limit and no further — the result is complete as soon as
 * the limit is passed, and the caller then drops the connection.
 */
final class CappedResponseConsumer implements AsyncResponseConsumer<HttpFetcher.Response> {
  private final HttpFetcher.Request request;
  private final HttpFetcher.BodyLimit limit;
  private final CompletableFuture<HttpFetcher.Response> result = new CompletableFuture<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private HttpFetcher.Response head;

  /** Decoded bytes wanted, and raw bytes read at most. */
  private int max;

  private int rawMax;
  private boolean gzip;

  CappedResponseConsumer(HttpFetcher.Request request, HttpFetcher.BodyLimit limit) {
    this.request = request;
    this.limit = limit;
  }

  /** Completes with the response, or with why there is none. */
  CompletableFuture<HttpFetcher.Response> result() {
    return result;
  }

  /** For the exchange as a whole: failures before any response (DNS, connect, TLS) end here. */
  FutureCallback<HttpFetcher.Response> failures() {
    return new FutureCallback<>() {
      @Override
      public void completed(HttpFetcher.Response r) {
        result.complete(r);
      }

      @Override
      public void failed(Exception e) {
        result.completeExceptionally(e);
      }

      @Override
      public void cancelled() {
        result.completeExceptionally(new FetchException(Reason.FAILED, "cancelled"));
      }
    };
  }

  @Override
  public void consumeResponse(
      HttpResponse response,
      EntityDetails entity,
      HttpContext context,
      FutureCallback<HttpFetcher.Response> callback)
      throws FetchException {
    Header[] all = response.getHeaders();
    int bytes = 0;
    for (Header h : all) {
      bytes += h.getName().length() + h.getValue().length() + 4;
    }
    if (bytes > HttpFetcher.MAX_HEADER_BYTES) {
      throw fail(new FetchException(Reason.FAILED, "response headers too large"));
    }
    Map<String, List<String>> headers = HttpFetcher.lowerCaseHeaders(all);
    String protocol =
        response.getVersion() == null ? "HTTP/1.1" : protocolName(response.getVersion());
    head =
        new HttpFetcher.Response(
            request.url(), response.getCode(), headers, new byte[0], false, protocol);
    String encoding = entity == null ? null : entity.getContentEncoding();
    gzip =
        encoding != null
            && (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip"));
    if (!gzip
        && encoding != null
        && !encoding.isBlank()
        && !encoding.equalsIgnoreCase("identity")) {
      throw fail(new FetchException(Reason.FAILED, "unsupported Content-Encoding " + encoding));
    }
    boolean bodyless = request.method().equals("HEAD") || entity == null;
    max = bodyless ? 0 : Math.max(0, limit.maxBytes(head.status(), head.mediaType()));
    rawMax = gzip ? max + max / 64 + 1024 : max;
    if (max == 0) {
      result.complete(head);
    }
  }

  /** "HTTP/1.1" or "HTTP/2" (as browsers show it). */
  private static String protocolName(org.apache.hc.core5.http.ProtocolVersion v) {
    return v.getMajor() >= 2 ? "HTTP/" + v.getMajor() : v.format();
  }

  private FetchException fail(FetchException e) {
    result.completeExceptionally(e);
    return e;
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) {
    // 100 Continue, 103 Early Hints: the real answer follows
  }

  @Override
  public void updateCapacity(CapacityChannel channel) throws IOException {
    channel.update(Math.max(1, rawMax + 1 - body.size()));
  }

  @Override
  public void consume(ByteBuffer src) {
    if (result.isDone()) {
      src.position(src.limit());
      return;
    }
    int take = Math.min(src.remaining(), rawMax + 1 - body.size());
    byte[] chunk = new byte[take];
    src.get(chunk);
    src.position(src.limit());
    body.write(chunk, 0, take);
    if (body.size() > rawMax) {
      done(true);
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    done(false);
  }

  /**
   * @param cut the raw body went on beyond what was read
   */
  private void done(boolean cut) {
    if (head == null || result.isDone()) {
      return;
    }
    byte[] bytes = body.toByteArray();
    if (gzip) {
      try {
        bytes = gunzip(bytes, max + 1, cut);
      } catch (IOException e) {
        fail(new FetchException(Reason.FAILED, "the gzip body does not decode", e));
        return;
      }
    }
    boolean truncated = bytes.length > max || (cut && gzip);
    if (bytes.length > max) {
      bytes = Arrays.copyOf(bytes, max);
    }
    result.complete(
        new HttpFetcher.Response(
            head.url(), head.status(), head.headers(), bytes, truncated, head.protocol()));
  }

  /**
   * At most {@code want} decoded bytes of a gzip body; a body cut short (we stopped reading) may
   * end mid-stream, a complete one may not.
   */
  private static byte[] gunzip(byte[] raw, int want, boolean cut) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] buf = new byte[8192];
      for (int n;
          out.size() < want
              && (n = in.read(buf, 0, Math.min(buf.length, want - out.size()))) > 0; ) {
        out.write(buf, 0, n);
      }
    } catch (EOFException e) {
      if (!cut) {
        throw e;
      }
    }
    return out.toByteArray();
  }

  @Override
  public void failed(Exception cause) {
    result.completeExceptionally(cause);
  }

  @Override
  public void releaseResources() {
    // nothing held beyond the buffer, which the result owns
  }
}
