package org.tfx.sessions.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.tfx.sessions.outbound.FetchException.Reason;

/**
 * One HTTP/1.1 exchange per call, over a socket to an address the {@link AddressPolicy} accepted.
 * Everything — DNS, connect, TLS, request, response — must finish within one deadline; headers are
 * capped at 64 KiB, the body at what the caller's {@link BodyLimit} allows. Redirects are returned,
 * not followed: a caller that follows them calls again, so each hop is checked like the first.
 */
public final class HttpFetcher {
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_HEADERS = 128;
  private static final String USER_AGENT = "TFX-Sessions/1.0";
  private static final java.util.regex.Pattern IP_LITERAL =
      java.util.regex.Pattern.compile("[0-9.]+|.*:.*");

  private final AddressPolicy policy;
  private final Resolver resolver;
  private final Duration timeout;
  private final SSLSocketFactory tls;

  public HttpFetcher(
      AddressPolicy policy, Resolver resolver, Duration timeout, SSLSocketFactory tls) {
    this.policy = policy;
    this.resolver = resolver;
    this.timeout = timeout;
    this.tls = tls;
  }

  /** With the JVM's resolver and trust store. */
  public static HttpFetcher standard(AddressPolicy policy, Duration timeout) {
    return new HttpFetcher(
        policy, Resolver.SYSTEM, timeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** How many body bytes to read for a response; 0 reads none. */
  @FunctionalInterface
  public interface BodyLimit {
    int maxBytes(int status, String mediaType);

    static BodyLimit atMost(int bytes) {
      return (status, type) -> bytes;
    }
  }

  /** What to send. Header names and values must not hold line breaks. */
  public record Request(String method, URI url, Map<String, String> headers, byte[] body) {
    public Request {
      headers = Map.copyOf(headers);
      for (Map.Entry<String, String> h : headers.entrySet()) {
        if ((h.getKey() + h.getValue()).chars().anyMatch(c -> c == '\r' || c == '\n')) {
          throw new IllegalArgumentException("line break in header " + h.getKey());
        }
      }
    }

    public static Request get(URI url, Map<String, String> headers) {
      return new Request("GET", url, headers, null);
    }

    public static Request post(URI url, Map<String, String> headers, byte[] body) {
      return new Request("POST", url, headers, body);
    }
  }

  /**
   * What came back. Header names are lower-case. {@code truncated} says the body had more bytes
   * than the limit allowed (the first {@code limit} are in {@code body}).
   */
  public record Response(
      URI url, int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {

    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header (repeated headers in order). */
    public List<String> headerValues(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The Content-Type without parameters, lower-case; empty when absent. */
    public String mediaType() {
      return mediaTypeOf(header("content-type"));
    }

    /** The charset parameter of the Content-Type, or null. */
    public String charset() {
      String type = header("content-type");
      if (type == null) {
        return null;
      }
      for (String param : type.split(";")) {
        String p = param.trim();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          return p.substring(8).replace("\"", "").trim();
        }
      }
      return null;
    }
  }

  static String mediaTypeOf(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  public Response send(Request request, BodyLimit limit) throws FetchException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Target target = target(request.url());
    InetAddress[] addresses = resolve(target.host());
    for (InetAddress a : addresses) {
      if (!policy.allows(a)) {
        throw new FetchException(
            Reason.ADDRESS_NOT_ALLOWED,
            target.host() + " resolves to an address that is not public");
      }
    }
    try (Socket socket = connect(addresses, target.port(), deadline)) {
      Socket channel = target.https() ? handshake(socket, target, deadline) : socket;
      OutputStream out = channel.getOutputStream();
      out.write(requestHead(request, target));
      if (request.body() != null) {
        out.write(request.body());
      }
      out.flush();
      InputStream in = new DeadlineInputStream(channel, deadline);
      return readResponse(request, in, limit);
    } catch (SocketTimeoutException e) {
      throw new FetchException(Reason.FAILED, "no answer within " + timeout.toMillis() + " ms", e);
    } catch (SSLException e) {
      throw new FetchException(Reason.FAILED, "TLS failed: " + e.getMessage(), e);
    } catch (FetchException e) {
      throw e;
    } catch (IOException e) {
      throw new FetchException(Reason.FAILED, "exchange failed: " + e.getMessage(), e);
    }
  }

  /** Scheme, host (ASCII, without IPv6 brackets), port and the request target. */
  record Target(boolean https, String host, int port, String hostHeader, String path) {}

  Target target(URI url) throws FetchException {
    if (url == null || !url.isAbsolute() || url.isOpaque()) {
      throw new FetchException(Reason.INVALID_URL, "not an absolute URL");
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(Reason.INVALID_URL, "only http and https URLs");
    }
    if (url.getRawUserInfo() != null) {
      throw new FetchException(Reason.INVALID_URL, "URLs with a user name are refused");
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      throw new FetchException(Reason.INVALID_URL, "the URL has no host");
    }
    boolean https = scheme.equals("https");
    int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
    if (!policy.allowsPort(port)) {
      throw new FetchException(Reason.ADDRESS_NOT_ALLOWED, "port " + port + " is not allowed");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String ascii;
    try {
      ascii = host.startsWith("[") ? bare : IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      throw new FetchException(Reason.INVALID_URL, "bad host name");
    }
    String hostHeader =
        (host.startsWith("[") ? host : ascii)
            + ((https && port == 443) || (!https && port == 80) ? "" : ":" + port);
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    return new Target(https, ascii, port, hostHeader, path);
  }

  private InetAddress[] resolve(String host) throws FetchException {
    try {
      InetAddress[] all = resolver.resolve(host);
      if (all == null || all.length == 0) {
        throw new UnknownHostException(host);
      }
      return all;
    } catch (UnknownHostException e) {
      throw new FetchException(Reason.FAILED, "cannot resolve " + host, e);
    }
  }

  private static Socket connect(InetAddress[] addresses, int port, long deadline)
      throws FetchException {
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
        return socket;
      } catch (IOException e) {
        last = e;
        try {
          socket.close();
        } catch (IOException ignored) {
          // the failure to connect is what counts
        }
      }
    }
    throw new FetchException(
        Reason.FAILED, "cannot connect: " + (last == null ? "" : last.getMessage()), last);
  }

  private Socket handshake(Socket socket, Target target, long deadline) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    if (!IP_LITERAL.matcher(target.host()).matches()) {
      params.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(params);
    ssl.setSoTimeout(remainingMillis(deadline));
    ssl.startHandshake();
    return ssl;
  }

  private static byte[] requestHead(Request request, Target target) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", target.hostHeader());
    headers.put("User-Agent", USER_AGENT);
    headers.put("Accept-Encoding", "gzip, identity");
    headers.putAll(request.headers());
    headers.put("Connection", "close");
    if (request.body() != null) {
      headers.put("Content-Length", String.valueOf(request.body().length));
    }
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(target.path()).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Response readResponse(Request request, InputStream in, BodyLimit limit)
      throws IOException {
    int status;
    Map<String, List<String>> headers;
    int headerBytes = 0;
    while (true) {
      String statusLine = readLine(in);
      headerBytes += statusLine.length();
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
        throw new FetchException(Reason.FAILED, "not an HTTP/1.x response");
      }
      status = Integer.parseInt(parts[1]);
      headers = new LinkedHashMap<>();
      int count = 0;
      String previous = null;
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        headerBytes += line.length() + 2;
        if (headerBytes > MAX_HEADER_BYTES || ++count > MAX_HEADERS) {
          throw new FetchException(Reason.FAILED, "response headers too large");
        }
        if ((line.startsWith(" ") || line.startsWith("\t")) && previous != null) {
          List<String> values = headers.get(previous);
          values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.trim());
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new FetchException(Reason.FAILED, "malformed response header");
        }
        previous = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        headers
            .computeIfAbsent(previous, k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      if (status >= 200 || status == 101) {
        break; // 1xx interim answers (100 Continue, 103 Early Hints) come before the real one
      }
    }
    Response head = new Response(request.url(), status, headers, new byte[0], false);
    boolean bodyless =
        request.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
    int max = bodyless ? 0 : Math.max(0, limit.maxBytes(status, head.mediaType()));
    if (max == 0) {
      return head;
    }
    InputStream body = bodyStream(in, head);
    byte[] bytes = body.readNBytes(max + 1);
    boolean truncated = bytes.length > max;
    if (truncated) {
      bytes = java.util.Arrays.copyOf(bytes, max);
    }
    return new Response(request.url(), status, headers, bytes, truncated);
  }

  private static InputStream bodyStream(InputStream in, Response head) throws IOException {
    InputStream raw;
    String transfer = head.header("transfer-encoding");
    String length = head.header("content-length");
    if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
      raw = new ChunkedInputStream(in);
    } else if (length != null) {
      try {
        raw = new LimitedInputStream(in, Long.parseLong(length.trim()));
      } catch (NumberFormatException e) {
        throw new FetchException(Reason.FAILED, "bad Content-Length");
      }
    } else {
      raw = in;
    }
    String encoding = head.header("content-encoding");
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      return raw;
    }
    if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
      return new GZIPInputStream(raw);
    }
    throw new FetchException(Reason.FAILED, "unsupported Content-Encoding " + encoding);
  }

  /** A CRLF- (or LF-) terminated line of at most 8 KiB, without the terminator. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new FetchException(Reason.FAILED, "connection closed in the response head");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= 8192) {
        throw new FetchException(Reason.FAILED, "response line too long");
      }
      line.write(b);
    }
  }

  static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(left, Integer.MAX_VALUE);
  }
}
