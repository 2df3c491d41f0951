package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.HostileJson;
import org.tfx.sessions.it.support.RawHttp;

/**
 * The REST fuzzer: at least {@link #REQUESTS} generated requests — JSON bodies mutated as {@link
 * HostileJson} does, content types right, wrong and malformed, room ids and secrets of every shape,
 * unknown methods — through a normal HTTP client, plus malformed requests (URIs, header lines,
 * lengths) over raw sockets. No answer may be a 5xx (but the documented 502 of the translation
 * service, which is not running here); every API refusal is the documented JSON error; every
 * answer, the container's own errors included, carries the security headers and no server version.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileRestIT extends ApiIntegrationTest {
  /** A body that names the container (any of the ones the ITs run on). */
  private static final String SERVER_NAMES =
      "(?s).*(tomcat|payara|glassfish|grizzly|wildfly|undertow|jboss).*";

  static final int REQUESTS = Integer.getInteger("it.hostile.requests", 20_000);
  private static final int RAW_REQUESTS = 1_000;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "APPLICATION/JSON;charset=\"UTF-8\"",
          "application/json; charset=latin1",
          "application/jsonx",
          "application/json-patch+json",
          "text/plain",
          "text/plain; charset=utf-8",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "",
          ";",
          "application/json;;;",
          "*/*");

  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

  @Test
  void noGeneratedRequestGetsA5xxAndEveryRefusalIsDocumented() throws Exception {
    Api.NewRoom room = api.createRoom();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int w = 0; w < 8; w++) {
      long seed = 7_000 + w;
      pool.execute(() -> generated(seed, room, REQUESTS / 8));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(4, TimeUnit.MINUTES), "requests finished in time");
    long generatedMs = (System.nanoTime() - t0) / 1_000_000;
    long t1 = System.nanoTime();
    raw(new HostileJson(99), room);
    long rawMs = (System.nanoTime() - t1) / 1_000_000;
    long total = statuses.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf(
        "hostile REST: %d requests (%d generated in %d ms, %d raw in %d ms); statuses %s%n",
        total, REQUESTS, generatedMs, RAW_REQUESTS, rawMs, new TreeMap<>(statuses));
    assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())));
    assertTrue(total >= REQUESTS + RAW_REQUESTS);
  }

  private void generated(long seed, Api.NewRoom room, int count) {
    HostileJson gen = new HostileJson(seed);
    for (int i = 0; i < count; i++) {
      HttpRequest request;
      try {
        request = request(gen, room);
      } catch (IllegalArgumentException e) {
        // java.net.http refuses this header or URI itself; the raw part sends such things.
        i--;
        continue;
      }
      try {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        check(request.method() + " " + request.uri(), r.statusCode(), r.headers().map(), r.body());
      } catch (IOException e) {
        failures.add(request.method() + " " + request.uri() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HttpRequest request(HostileJson gen, Api.NewRoom room) {
    String secret =
        gen.pick(
            List.of(
                room.secret(),
                room.secret(),
                "wrong",
                "",
                " ",
                "x".repeat(600),
                room.secret() + "x",
                "\u00e9t\u00e9"));
    String roomId =
        gen.pick(
            List.of(
                room.roomId(),
                room.roomId(),
                "nope",
                "..%2f..%2fetc",
                "%00",
                "a".repeat(300),
                "%ZZ",
                "<script>",
                ""));
    String body =
        gen.mutate(
            gen.pick(
                List.of(
                    "{\"name\":\"Standup\",\"capacity\":4,\"password\":\"pw\"}",
                    "{\"q\":\"hello\",\"source\":\"en\",\"target\":\"de\"}",
                    "{}")));
    String path =
        gen.pick(
            List.of(
                "/api/rooms",
                "/api/rooms",
                "/api/rooms/" + roomId,
                "/api/ice-servers?roomId=" + roomId,
                "/api/translate?roomId=" + roomId,
                "/api/translate/languages",
                "/api/widgets",
                "/api/client-config",
                "/api/nothing/" + roomId,
                "/health"));
    String method = gen.pick(List.of("POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                method.equals("GET") || method.equals("OPTIONS")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bodyBytes(gen, body)));
    String type = gen.pick(CONTENT_TYPES);
    if (!type.isEmpty()) {
      b.header("Content-Type", type);
    }
    if (gen.random().nextInt(4) != 0) {
      b.header("X-Room-Secret", secret);
    }
    if (gen.random().nextInt(8) == 0) {
      b.header(
          "Origin",
          gen.pick(List.of("https://evil.example", "null", "http://allowed.example.test")));
    }
    return b.build();
  }

  private static byte[] bodyBytes(HostileJson gen, String body) {
    return switch (gen.random().nextInt(10)) {
      case 0 -> gen.invalidUtf8(body);
      case 1 -> ("x".repeat(17_000)).getBytes(StandardCharsets.UTF_8);
      case 2 -> "name=a&capacity=3".getBytes(StandardCharsets.UTF_8);
      default -> body.getBytes(StandardCharsets.UTF_8);
    };
  }

  /** Malformed requests a client library will not send: request lines, headers, lengths. */
  private void raw(HostileJson gen, Api.NewRoom room) throws IOException {
    List<String> targets =
        List.of(
            "/%",
            "/%zz",
            "/api/rooms/%00",
            "/..;/WEB-INF/web.xml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/api/rooms?%%%",
            "/\u00ff",
            "/a b",
            "/" + "a".repeat(9000),
            "*",
            "/api/rooms/" + room.roomId() + "/%u002e",
            "/app/\\..\\WEB-INF");
    List<String> heads =
        List.of(
            "Content-Length: -1\r\n",
            "Content-Length: 99999999999\r\n",
            "Content-Length: 5\r\nContent-Length: 6\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
            "Transfer-Encoding: chunked\r\n",
            "X-Bad\u0001Header: 1\r\n",
            "Content-Type: application/json\r\nContent-Length: 2\r\n",
            "X-Long: " + "v".repeat(10_000) + "\r\n",
            ": empty-name\r\n",
            "Host: second\r\n");
    for (int i = 0; i < RAW_REQUESTS; i++) {
      String method = gen.pick(List.of("GET", "POST", "BREW", "G\u00c9T", "POST"));
      String target = gen.random().nextBoolean() ? gen.pick(targets) : "/api/rooms";
      String head = gen.pick(heads);
      String body = gen.random().nextBoolean() ? "{}" : "0\r\n\r\n";
      exchange(method + " " + target, method, target, head, body);
    }
  }

  private void exchange(String what, String method, String target, String head, String body)
      throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (method
                  + " "
                  + target
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + head
                  + "\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      // Half-close: a body shorter than its Content-Length ends here instead of waiting out the
      // connector's timeout (slow bodies have a test of their own).
      s.shutdownOutput();
      byte[] all = RawHttp.readAll(s.getInputStream());
      int split = RawHttp.indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (all.length == 0) {
        // Closed without an answer (a request the connector drops): no 5xx, nothing leaked.
        statuses.computeIfAbsent("closed", k -> new LongAdder()).increment();
        return;
      }
      String headText =
          new String(all, 0, split < 0 ? all.length : split, StandardCharsets.ISO_8859_1);
      String[] line = headText.split("\r\n", 2)[0].split(" ");
      int status = line.length > 1 && line[1].matches("\\d{3}") ? Integer.parseInt(line[1]) : 0;
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String headerLine : headText.split("\r\n")) {
        int colon = headerLine.indexOf(':');
        if (colon > 0) {
          headers
              .computeIfAbsent(headerLine.substring(0, colon).trim(), k -> new ArrayList<>())
              .add(headerLine.substring(colon + 1).trim());
        }
      }
      String bodyText =
          split < 0
              ? ""
              : new String(all, split + 4, all.length - split - 4, StandardCharsets.UTF_8);
      check(what, status, headers, bodyText);
    } catch (java.net.SocketTimeoutException e) {
      failures.add(what + ": no answer in 5 s");
    }
  }

  /** No answer names the server's version. */
  private void checkServerHeaders(String what, int status, Map<String, List<String>> h) {
    for (String header : List.of("Server", "X-Powered-By")) {
      String v = String.valueOf(h.get(header)).toLowerCase(Locale.ROOT);
      if (v.matches(".*\\d.*")) {
        failures.add(what + " → " + status + " " + header + ": " + v);
      }
    }
  }

  private void check(String what, int status, Map<String, List<String>> headers, String body) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    String lower = body.toLowerCase(Locale.ROOT);
    if (status == 400
        && !h.containsKey("Content-Security-Policy")
        && !body.contains("\"code\"")
        && !body.contains("TFX Sessions")) {
      // Refused by the connector before any web app sees it (a malformed request line, an
      // encoded NUL or slash in the path): the container's own page, configured as deployment.md
      // says. It must not name the server or echo the request; our headers cannot be added there.
      statuses.computeIfAbsent("400 (container)", k -> new LongAdder()).increment();
      if (lower.matches(SERVER_NAMES + "|(?s).*(<pre>|exception).*")) {
        failures.add(what + " → the container's page says too much: " + brief(body));
      }
      return;
    }
    if (status == 505 && body.isEmpty() && !h.containsKey("Content-Security-Policy")) {
      // Payara's Grizzly answers a request line whose version it cannot read ("GÉT /a b
      // HTTP/1.1": the version would be "b HTTP/1.1") itself, before any web app: a bare 505, no
      // body to say too much; documented in deployment.md. Nothing else may be a bare 5xx.
      statuses.computeIfAbsent("505 (container)", k -> new LongAdder()).increment();
      if (!what.endsWith(" /a b")) {
        failures.add(what + " → a bare 505 for a request line with a readable version");
      }
      checkServerHeaders(what, status, h);
      return;
    }
    statuses.computeIfAbsent(String.valueOf(status), k -> new LongAdder()).increment();
    if (status >= 500
        && !(status == 502 && body.contains("\"translation-failed\""))
        && !(status == 503 && body.contains("\"translation-unavailable\""))) {
      failures.add(what + " → " + status + " " + brief(body));
    }
    if (status == 0) {
      failures.add(what + " → no status line");
      return;
    }
    if (lower.matches(SERVER_NAMES)) {
      failures.add(what + " → " + status + " names the server: " + brief(body));
    }
    checkServerHeaders(what, status, h);
    if (status >= 400 && status != 408) {
      for (String header : List.of("Content-Security-Policy", "X-Content-Type-Options")) {
        if (!h.containsKey(header)) {
          failures.add(what + " → " + status + " without " + header + " " + h.keySet());
        }
      }
      // Every refusal of the API says what it is, empty bodies included (Payara sent HttpServlet's
      // 405 for PUT/DELETE bare); only HEAD answers carry no body.
      if (what.contains(" /api/") && !what.startsWith("HEAD ") && !body.contains("\"code\"")) {
        failures.add(what + " → " + status + " without a JSON error: " + brief(body));
      }
    }
  }

  private static String brief(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
