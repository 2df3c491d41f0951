package org.tfx.sessions.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.outbound.FetchException.Reason;
import org.tfx.sessions.testing.LoopbackServer;
import org.tfx.sessions.testing.RawServer;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFetcherTest {
  private static final HttpFetcher.BodyLimit ALL = HttpFetcher.BodyLimit.atMost(1 << 20);

  /** The JVM's trust store, the given resolver. */
  private static HttpFetcher withResolver(AddressPolicy policy, Resolver resolver, Duration timeout)
      throws Exception {
    return new HttpFetcher(policy, resolver, timeout, SSLContext.getDefault());
  }

  private static HttpFetcher open(Duration timeout) {
    return HttpFetcher.standard(AddressPolicy.any(), timeout);
  }

  /** A GET of {@code url} with no extra headers, the whole body read (up to {@link #ALL}). */
  private static HttpFetcher.Response get(HttpFetcher f, URI url) throws FetchException {
    return f.send(HttpFetcher.Request.get(url, Map.of()), ALL);
  }

  /** How that GET fails (it must). */
  private static FetchException failedGet(HttpFetcher f, URI url) {
    return assertThrows(FetchException.class, () -> get(f, url));
  }

  /** How that GET fails (it must); {@code message} tells the case. */
  private static FetchException failedGet(HttpFetcher f, URI url, String message) {
    return assertThrows(FetchException.class, () -> get(f, url), message);
  }

  @Test
  void readsAnAnswerWithItsHeadersAndBody() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer()
            .on(
                "/x",
                LoopbackServer.answer(
                    200,
                    "application/json; charset=utf-8",
                    "{\"a\":1}",
                    "X-Two",
                    "a",
                    "X-Two",
                    "b"))) {
      HttpFetcher.Response r = get(open(Duration.ofSeconds(20)), s.url("/x?q=1"));
      assertEquals(200, r.status());
      assertEquals("{\"a\":1}", new String(r.body(), StandardCharsets.UTF_8));
      assertEquals("application/json", r.mediaType());
      assertEquals("utf-8", r.charset());
      assertEquals(java.util.List.of("a", "b"), r.headerValues("X-Two"));
      assertFalse(r.truncated());
      assertEquals("q=1", s.seen().get(0).query());
      assertTrue(s.seen().get(0).header().contains("TFX-Sessions"), "our User-Agent");
    }
  }

  @Test
  void decodesChunkedAndGzippedBodies() throws Exception {
    byte[] text = "chunk ".repeat(5000).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(text);
    }
    try (LoopbackServer s =
        new LoopbackServer()
            .on(
                "/chunked",
                ex -> {
                  ex.getResponseHeaders().set("Content-Type", "text/plain");
                  ex.sendResponseHeaders(200, 0); // 0: chunked
                  for (int i = 0; i < text.length; i += 1000) {
                    ex.getResponseBody().write(text, i, Math.min(1000, text.length - i));
                    ex.getResponseBody().flush();
                  }
                })
            .on(
                "/gzip",
                ex ->
                    LoopbackServer.send(
                        ex, 200, "text/plain", zipped.toByteArray(), "Content-Encoding", "gzip"))) {
      HttpFetcher f = open(Duration.ofSeconds(20));
      assertArrayEquals(text, get(f, s.url("/chunked")).body());
      assertArrayEquals(text, get(f, s.url("/gzip")).body());
    }
  }

  @Test
  void aSmallGzipBodyThatDecodesToALotIsCutAtTheLimit() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[20_000_000]);
    }
    assertTrue(zipped.size() < 50_000, "a bomb: " + zipped.size() + " bytes");
    try (LoopbackServer s =
        new LoopbackServer()
            .on(
                "/bomb",
                ex ->
                    LoopbackServer.send(
                        ex, 200, "text/html", zipped.toByteArray(), "Content-Encoding", "gzip"))) {
      HttpFetcher.Response r =
          open(Duration.ofSeconds(20))
              .send(
                  HttpFetcher.Request.get(s.url("/bomb"), Map.of()),
                  HttpFetcher.BodyLimit.atMost(1000));
      assertTrue(r.truncated());
      assertEquals(1000, r.body().length);
    }
  }

  @Test
  void capsTheBodyAndSaysSo() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer()
            .on("/big", LoopbackServer.answer(200, "text/html", "x".repeat(100_000)))) {
      HttpFetcher f = open(Duration.ofSeconds(20));
      HttpFetcher.Response r =
          f.send(
              HttpFetcher.Request.get(s.url("/big"), Map.of()), HttpFetcher.BodyLimit.atMost(1000));
      assertTrue(r.truncated());
      assertEquals(1000, r.body().length);
      HttpFetcher.Response none =
          f.send(HttpFetcher.Request.get(s.url("/big"), Map.of()), (status, type) -> 0);
      assertEquals(0, none.body().length);
      assertEquals("text/html", none.mediaType());
    }
  }

  @Test
  void postsABodyWithItsLength() throws Exception {
    try (LoopbackServer s = new LoopbackServer().on("/p", LoopbackServer.answer(201, null, ""))) {
      HttpFetcher.Response r =
          open(Duration.ofSeconds(20))
              .send(
                  HttpFetcher.Request.post(
                      s.url("/p"),
                      Map.of("Content-Type", "application/json"),
                      "{\"q\":\"ü\"}".getBytes(StandardCharsets.UTF_8)),
                  ALL);
      assertEquals(201, r.status());
      assertEquals("{\"q\":\"ü\"}", s.seen().get(0).body());
      assertEquals("POST", s.seen().get(0).method());
    }
  }

  @Test
  void redirectsAreReturnedNotFollowed() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer()
            .on("/r", LoopbackServer.answer(302, null, "", "Location", "/elsewhere"))) {
      HttpFetcher.Response r = get(open(Duration.ofSeconds(20)), s.url("/r"));
      assertEquals(302, r.status());
      assertEquals("/elsewhere", r.header("Location"));
      assertEquals(1, s.seen().size());
    }
  }

  @Test
  void aPublicOnlyFetcherNeverConnectsToLoopback() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer().on("/", LoopbackServer.answer(200, "text/plain", "secret"))) {
      HttpFetcher f = HttpFetcher.standard(AddressPolicy.publicOnly(), Duration.ofSeconds(20));
      for (String url :
          new String[] {
            s.url("/").toString(),
            "http://localhost:" + s.port() + "/",
            "http://[::1]:" + s.port() + "/",
            "http://127.1:" + s.port() + "/",
            "http://[::ffff:127.0.0.1]:" + s.port() + "/",
            "http://0.0.0.0:" + s.port() + "/",
          }) {
        FetchException e = failedGet(f, URI.create(url), url);
        // "127.1" is no host name to java.net.URI: refused as a URL before any lookup.
        assertTrue(
            e.reason() == Reason.ADDRESS_NOT_ALLOWED || e.reason() == Reason.INVALID_URL,
            url + ": " + e.getMessage());
      }
      assertEquals(0, s.seen().size(), "nothing reached the loopback server");
    }
  }

  @Test
  void oneBadAddressAmongGoodOnesRefusesTheHost() throws Exception {
    Resolver mixed =
        host ->
            new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1")};
    HttpFetcher f = withResolver(AddressPolicy.publicOnly(), mixed, Duration.ofSeconds(1));
    FetchException e = failedGet(f, URI.create("http://rebind.test/"));
    assertEquals(Reason.ADDRESS_NOT_ALLOWED, e.reason());
    assertFalse(e.getMessage().contains("10.0.0.1"), "internal addresses are not revealed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/",
        "file:///etc/passwd",
        "http://user:pw@example.com/",
        "http:///x",
        "/relative",
        "gopher://x/",
        "mailto:a@b.c"
      })
  void onlyPlainHttpUrlsAreFetched(String url) {
    FetchException e = failedGet(open(Duration.ofSeconds(1)), URI.create(url));
    assertEquals(Reason.INVALID_URL, e.reason(), url);
  }

  @Test
  void badPortsAreRefusedBeforeAnyLookup() throws Exception {
    HttpFetcher f =
        withResolver(
            AddressPolicy.publicOnly(),
            host -> {
              throw new AssertionError("no lookup for a refused port");
            },
            Duration.ofSeconds(1));
    FetchException e = failedGet(f, URI.create("http://mail.example.com:25/"));
    assertEquals(Reason.ADDRESS_NOT_ALLOWED, e.reason());
  }

  @Test
  void aDrippingServerIsCutOffAtTheDeadline() throws Exception {
    try (RawServer s =
        new RawServer(
            (socket, out) -> {
              out.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1));
              for (int i = 0; i < 100; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(200);
              }
            })) {
      long t0 = System.nanoTime();
      FetchException e = failedGet(open(Duration.ofSeconds(1)), s.url("/"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Reason.FAILED, e.reason());
      assertTrue(ms < 6000, "gave up after " + ms + " ms (deadline 1 s, busy machine)");
    }
  }

  @Test
  void aSilentServerTimesOut() throws Exception {
    try (RawServer s = new RawServer((socket, out) -> Thread.sleep(10_000))) {
      long t0 = System.nanoTime();
      FetchException e = failedGet(open(Duration.ofMillis(700)), s.url("/"));
      assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 6000);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage\r\n\r\n",
        "HTTP/1.1 abc OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
        "SSH-2.0-OpenSSH_9.2\r\n",
        "",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!",
        "HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/9.9 200 OK\r\n\r\n",
        "HTTP/1.1 99999 OK\r\n\r\n"
      })
  void malformedAnswersFail(String answer) throws Exception {
    try (RawServer s =
        new RawServer(
            (socket, out) -> {
              out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
              out.flush();
            })) {
      FetchException e = failedGet(open(Duration.ofSeconds(3)), s.url("/"), answer);
      assertEquals(Reason.FAILED, e.reason(), answer);
    }
  }

  @Test
  void hugeHeadersFail() throws Exception {
    try (RawServer s =
        new RawServer(
            (socket, out) -> {
              OutputStream o = out;
              o.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
              for (int i = 0; i < 2000; i++) {
                o.write(
                    ("X-H" + i + ": " + "v".repeat(60) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
              }
              o.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            })) {
      FetchException e = failedGet(open(Duration.ofSeconds(2)), s.url("/"));
      assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    try (RawServer s =
        new RawServer(
            (socket, out) -> {
              out.write(
                  ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                          + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                      .getBytes(StandardCharsets.ISO_8859_1));
            })) {
      HttpFetcher.Response r = get(open(Duration.ofSeconds(2)), s.url("/"));
      assertEquals(200, r.status());
      assertEquals("ok", new String(r.body(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void unknownHostsAndClosedPortsFail() throws Exception {
    HttpFetcher f =
        withResolver(
            AddressPolicy.any(),
            host -> {
              throw new UnknownHostException(host);
            },
            Duration.ofSeconds(1));
    FetchException dns = failedGet(f, URI.create("http://nowhere.test/"));
    assertTrue(dns.getMessage().contains("cannot resolve"), dns.getMessage());
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    FetchException refused =
        failedGet(open(Duration.ofSeconds(1)), URI.create("http://127.0.0.1:" + closed + "/"));
    assertEquals(Reason.FAILED, refused.reason());
  }

  /** A self-signed certificate for "localhost": the server's context and one that trusts it. */
  private record Tls(SSLContext server, SSLContext client) {}

  /** Made once for the class (keytool takes about a second). */
  private Tls tls;

  @BeforeAll
  void makeCertificate(@TempDir Path dir) throws Exception {
    tls = localhostTls(dir);
  }

  private static Tls localhostTls(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);
    assertTrue(Files.exists(store));
    return new Tls(serverTls, clientTls);
  }

  /** Every name is this loopback address (a stand-in for DNS). */
  private static final Resolver LOCAL =
      host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};

  @Test
  void httpsChecksTheCertificateAndTheHostName() throws Exception {
    SSLContext serverTls = tls.server();
    SSLContext clientTls = tls.client();
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext(
        "/",
        ex -> {
          LoopbackServer.send(ex, 200, "text/plain", "over tls".getBytes(StandardCharsets.UTF_8));
          ex.close();
        });
    server.start();
    try {
      int port = server.getAddress().getPort();
      Resolver local = LOCAL;
      HttpFetcher trusting =
          new HttpFetcher(AddressPolicy.any(), local, Duration.ofSeconds(20), clientTls);
      HttpFetcher.Response ok = get(trusting, URI.create("https://localhost:" + port + "/"));
      assertEquals("over tls", new String(ok.body(), StandardCharsets.UTF_8));

      FetchException wrongName = failedGet(trusting, URI.create("https://127.0.0.1:" + port + "/"));
      assertTrue(wrongName.getMessage().startsWith("TLS failed"), wrongName.getMessage());

      HttpFetcher jvmTrust = withResolver(AddressPolicy.any(), local, Duration.ofSeconds(20));
      FetchException untrusted = failedGet(jvmTrust, URI.create("https://localhost:" + port + "/"));
      assertTrue(untrusted.getMessage().startsWith("TLS failed"), untrusted.getMessage());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void speaksHttp2WhenTheServerOffersItOverTls() throws Exception {
    HttpAsyncServer server =
        H2ServerBootstrap.bootstrap()
            .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
            .setTlsStrategy(new H2ServerTlsStrategy(tls.server()))
            .register(
                "*",
                new AsyncServerRequestHandler<Message<HttpRequest, Void>>() {
                  @Override
                  public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(
                      HttpRequest request, EntityDetails entity, HttpContext context) {
                    return new BasicRequestConsumer<>(
                        entity == null ? null : new DiscardingEntityConsumer<>());
                  }

                  @Override
                  public void handle(
                      Message<HttpRequest, Void> message,
                      ResponseTrigger trigger,
                      HttpContext context)
                      throws HttpException, IOException {
                    String body =
                        "over "
                            + context.getProtocolVersion().format()
                            + " to "
                            + message.getHead().getAuthority()
                            + message.getHead().getPath();
                    trigger.submitResponse(
                        AsyncResponseBuilder.create(200)
                            .setEntity(body, ContentType.TEXT_PLAIN)
                            .addHeader("X-Two", "a")
                            .addHeader("X-Two", "b")
                            .build(),
                        context);
                  }
                })
            .create();
    server.start();
    try {
      ListenerEndpoint endpoint =
          server
              .listen(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), URIScheme.HTTPS)
              .get();
      int port = ((InetSocketAddress) endpoint.getAddress()).getPort();
      HttpFetcher f =
          new HttpFetcher(AddressPolicy.any(), LOCAL, Duration.ofSeconds(20), tls.client());
      HttpFetcher.Response r = get(f, URI.create("https://localhost:" + port + "/h2?x=1"));
      assertEquals("HTTP/2", r.protocol());
      assertEquals(200, r.status());
      assertEquals(
          "over HTTP/2.0 to localhost:" + port + "/h2?x=1",
          new String(r.body(), StandardCharsets.UTF_8));
      assertEquals(java.util.List.of("a", "b"), r.headerValues("x-two"));
      assertEquals("text/plain", r.mediaType());
      HttpFetcher.Response capped =
          f.send(
              HttpFetcher.Request.get(URI.create("https://localhost:" + port + "/"), Map.of()),
              HttpFetcher.BodyLimit.atMost(4));
      assertTrue(capped.truncated());
      assertEquals("over", new String(capped.body(), StandardCharsets.UTF_8));
    } finally {
      server.close(CloseMode.IMMEDIATE);
    }
  }

  @Test
  void aServerThatNegotiatesHttp2AndSendsGarbageFails() throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            tls.server()
                .getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
      SSLParameters params = listener.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      listener.setSSLParameters(params);
      Thread serve =
          new Thread(
              () -> {
                try (Socket socket = listener.accept()) {
                  OutputStream out = socket.getOutputStream();
                  // Not a SETTINGS frame: an HTTP/1.1 answer where HTTP/2 frames belong.
                  out.write(
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                          .getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                  socket.getInputStream().read(new byte[4096]);
                  Thread.sleep(500);
                } catch (Exception e) {
                  // the client hung up: expected
                }
              });
      serve.setDaemon(true);
      serve.start();
      HttpFetcher f =
          new HttpFetcher(AddressPolicy.any(), LOCAL, Duration.ofSeconds(5), tls.client());
      FetchException e =
          failedGet(f, URI.create("https://localhost:" + listener.getLocalPort() + "/"));
      assertEquals(Reason.FAILED, e.reason());
      serve.join(5000);
    }
  }

  @Test
  void dnsIsAskedOnceAndTheConnectionGoesToTheAddressThatWasChecked() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer().on("/", LoopbackServer.answer(200, "text/plain", "checked"))) {
      InetAddress allowed = InetAddress.getByName("127.0.0.1");
      AtomicInteger lookups = new AtomicInteger();
      // A rebinding name: the first answer is the allowed address, every later one an internal one.
      Resolver rebinding =
          host ->
              new InetAddress[] {
                lookups.getAndIncrement() == 0 ? allowed : InetAddress.getByName("10.0.0.7")
              };
      HttpFetcher f =
          withResolver(
              AddressPolicy.publicOnlyExcept(allowed::equals), rebinding, Duration.ofSeconds(20));
      HttpFetcher.Response r = get(f, URI.create("http://rebind.test:" + s.port() + "/"));
      assertEquals("checked", new String(r.body(), StandardCharsets.UTF_8));
      assertEquals(1, lookups.get(), "one lookup per exchange");
      assertEquals(1, s.seen().size());
      // The next exchange looks up again, gets the internal address, and never connects.
      FetchException e = failedGet(f, URI.create("http://rebind.test:" + s.port() + "/"));
      assertEquals(Reason.ADDRESS_NOT_ALLOWED, e.reason());
      assertFalse(e.getMessage().contains("10.0.0.7"), e.getMessage());
      assertEquals(1, s.seen().size());
    }
  }
}
