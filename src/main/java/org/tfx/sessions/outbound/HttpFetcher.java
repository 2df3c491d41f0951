package org.tfx.sessions.outbound;

import java.io.IOException;
import java.net.IDN;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;
import org.tfx.sessions.outbound.FetchException.Reason;

/**
 * One HTTP exchange per call — HTTP/1.1, or HTTP/2 where a TLS server offers it — with Apache
 * HttpClient 5, to an address the {@link AddressPolicy} accepted: the client resolves host names
 * only through a {@link PolicyDnsResolver}, which returns the checked addresses and nothing else,
 * so the connection goes to the very address that was checked (no second lookup an attacker could
 * answer differently). Everything — DNS, connect, TLS, request, response — must finish within one
 * deadline; response headers are capped at 64 KiB (128 fields, lines of 8 KiB), the body at what
 * the caller's {@link BodyLimit} allows, after gzip decoding. Redirects are returned, not followed:
 * a caller that follows them calls again, so each hop is checked like the first. No cookies, no
 * authentication, no retries.
 *
 * <p>Each call runs its own client, closed when the call returns: no connection and no thread
 * outlives the exchange, so there is nothing to shut down when the application stops (the outbound
 * calls are few: cached link previews, rate-limited translations, manifests at start).
 */
public final class HttpFetcher {
  static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_HEADERS = 128;
  private static final int MAX_LINE = 8 * 1024;
  private static final String USER_AGENT = "TFX-Sessions/1.0";

  /** Headers the exchange itself decides. */
  private static final Set<String> RESERVED =
      Set.of("host", "content-length", "transfer-encoding", "connection", "accept-encoding");

  private final AddressPolicy policy;
  private final Resolver resolver;
  private final Duration timeout;
  private final SSLContext tls;

  public HttpFetcher(AddressPolicy policy, Resolver resolver, Duration timeout, SSLContext tls) {
    this.policy = policy;
    this.resolver = resolver;
    this.timeout = timeout;
    this.tls = tls;
  }

  /** With the JVM's resolver and trust store. */
  public static HttpFetcher standard(AddressPolicy policy, Duration timeout) {
    try {
      return new HttpFetcher(policy, Resolver.SYSTEM, timeout, SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
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
   * than the limit allowed (the first {@code limit} are in {@code body}); {@code protocol} is
   * {@code HTTP/1.1} or {@code HTTP/2}.
   */
  public record Response(
      URI url,
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      boolean truncated,
      String protocol) {

    public Response(
        URI url, int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
      this(url, status, headers, body, truncated, "HTTP/1.1");
    }

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
    CloseableHttpAsyncClient client = client(Timeout.of(timeout));
    CloseMode close = CloseMode.IMMEDIATE;
    try {
      client.start();
      CappedResponseConsumer consumer = new CappedResponseConsumer(request, limit);
      client.execute(producer(request, target), consumer, consumer.failures());
      long left = deadline - System.nanoTime();
      Response response = consumer.result().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      // The exchange is over: let the reactor close its own channels. An immediate close from
      // this thread races the reactor's own shutdown, and httpcore5 (5.4) logs the loser's
      // ClosedSelectorException as SEVERE: one stack trace per fetch. A failed or late exchange
      // still closes at once (a graceful close would wait on a peer that drips, past the deadline).
      close = CloseMode.GRACEFUL;
      return response;
    } catch (TimeoutException e) {
      throw new FetchException(Reason.FAILED, "no answer within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(Reason.FAILED, "interrupted", e);
    } finally {
      client.close(close);
    }
  }

  /** Scheme, host (ASCII, without IPv6 brackets), port and the request target. */
  record Target(boolean https, String host, int port, String path) {}

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
    String ascii;
    try {
      ascii =
          host.startsWith("[")
              ? host.substring(1, host.length() - 1)
              : IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      throw new FetchException(Reason.INVALID_URL, "bad host name");
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    return new Target(https, ascii, port, path);
  }

  private CloseableHttpAsyncClient client(Timeout limit) {
    return HttpAsyncClients.custom()
        .setConnectionManager(
            PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new PolicyDnsResolver(resolver, policy))
                .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildAsync())
                .setDefaultTlsConfig(
                    TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(limit)
                        .setSocketTimeout(limit)
                        .build())
                .build())
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
        .setHttp1Config(
            Http1Config.custom().setMaxHeaderCount(MAX_HEADERS).setMaxLineLength(MAX_LINE).build())
        .setH2Config(H2Config.custom().setMaxHeaderListSize(MAX_HEADER_BYTES).build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
        .setUserAgent(USER_AGENT)
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableAutomaticRetries()
        .disableConnectionState()
        // gzip is decoded by CappedResponseConsumer (strictly, and only up to the body limit)
        .disableContentCompression()
        .setDefaultHeaders(List.of(new BasicHeader("Accept-Encoding", "gzip")))
        .build();
  }

  private static BasicRequestProducer producer(Request request, Target target) {
    BasicHttpRequest message =
        new BasicHttpRequest(
            request.method(),
            new HttpHost(target.https() ? "https" : "http", target.host(), target.port()),
            target.path());
    request
        .headers()
        .forEach(
            (name, value) -> {
              if (!RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                message.addHeader(name, value);
              }
            });
    return new BasicRequestProducer(
        message, request.body() == null ? null : AsyncEntityProducers.create(request.body(), null));
  }

  /** The exception a failed exchange becomes: the first cause in the chain that says why. */
  private static FetchException failure(Throwable error, Target target) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof FetchException f) {
        return f;
      }
      if (e instanceof PolicyDnsResolver.RefusedAddressException) {
        return new FetchException(
            Reason.ADDRESS_NOT_ALLOWED,
            target.host() + " resolves to an address that is not public",
            e);
      }
      if (e instanceof UnknownHostException) {
        return new FetchException(Reason.FAILED, "cannot resolve " + target.host(), e);
      }
      if (e instanceof MessageConstraintException) {
        return new FetchException(Reason.FAILED, "response headers too large", e);
      }
      if (e instanceof SSLException) {
        return new FetchException(Reason.FAILED, "TLS failed: " + e.getMessage(), e);
      }
      if (e instanceof HttpException) {
        return new FetchException(Reason.FAILED, "malformed response: " + e.getMessage(), e);
      }
    }
    String what = error instanceof IOException ? "exchange failed: " : "failed: ";
    return new FetchException(Reason.FAILED, what + error, error);
  }

  static Map<String, List<String>> lowerCaseHeaders(org.apache.hc.core5.http.Header[] all) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (org.apache.hc.core5.http.Header h : all) {
      headers
          .computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
          .add(h.getValue());
    }
    return headers;
  }
}
