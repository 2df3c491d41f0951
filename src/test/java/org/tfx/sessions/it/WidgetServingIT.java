package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.RawHttp;
import org.tfx.sessions.it.support.Traversal;

/**
 * The catalogue and the files of a third-party folder widget ({@code it-echo}, configured in the
 * ITs' {@code tfx.widgets.thirdParty} next to a missing folder and a dead URL that must be
 * skipped): what {@code GET /api/widgets} says about it, how its files are served, and that no
 * request — however encoded, through whatever symbolic link — gets anything outside its folder.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WidgetServingIT {
  static final String ID = "it-echo";
  static final String SECRET = "TFX-OUTSIDE-SECRET-7f3a";

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;
  Api api;
  RawHttp http;

  /** The folder of it-echo, the first entry of tfx.widgets.thirdParty. */
  static Path folder() {
    return Path.of(System.getProperty("tfx.widgets.thirdParty").split(",")[0]);
  }

  /**
   * Files a repository should not hold as binaries, and symbolic links out of the folder: made
   * here, before any request. The server resolves every request anew, so they count.
   */
  @BeforeAll
  static void binariesAndLinks() throws Exception {
    Path w = folder();
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    Files.write(w.resolve("pic.png"), png.toByteArray());
    Files.write(w.resolve("model.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    Map<String, Path> links =
        Map.of(
            "leak.txt", w.resolveSibling("outside-secret.txt"),
            "up", w.getParent(),
            "etc", Path.of("/etc"),
            "passwd.js", Path.of("/etc/passwd"),
            "lib/escape.mjs", w.resolveSibling("outside-secret.txt"));
    for (Map.Entry<String, Path> l : links.entrySet()) {
      Path link = w.resolve(l.getKey());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, l.getValue());
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    api = new Api(url.toURI());
    http = new RawHttp(url.toURI());
  }

  private JsonObject echo() {
    HttpResponse<String> r = api.get("/api/widgets");
    assertEquals(200, r.statusCode());
    JsonArray all = Json.createReader(new StringReader(r.body())).readArray();
    for (JsonObject w : all.getValuesAs(JsonObject.class)) {
      if (w.getString("id").equals(ID)) {
        return w;
      }
    }
    throw new AssertionError("it-echo not in the catalogue: " + r.body());
  }

  @Test
  void theCatalogueDescribesTheThirdPartyWidget() {
    JsonObject w = echo();
    assertEquals("IT Echo <b>&\"'", w.getString("name"));
    assertEquals("1.0.0", w.getString("version"));
    assertEquals("main.js", w.getString("entry"));
    assertEquals("echo.css", w.getString("style"));
    assertEquals("icon.svg", w.getString("icon"));
    assertEquals(
        List.of("data"),
        w.getJsonArray("permissions").getValuesAs(jakarta.json.JsonString::getString));
    assertEquals(
        List.of(ID), w.getJsonArray("channels").getValuesAs(jakarta.json.JsonString::getString));
    assertFalse(w.getBoolean("background"));
    assertTrue(w.getBoolean("thirdParty"));
    assertEquals("/widgets/it-echo/", w.getString("base"));
    assertEquals("/widget-frame/it-echo", w.getString("frame"));
    String all = api.get("/api/widgets").body();
    assertFalse(
        all.contains("no-such-folder") || all.contains("dead"), "broken entries are skipped");
    assertFalse(all.contains(folder().toString()), "the server's folders are not revealed");
  }

  @ParameterizedTest
  @CsvSource({
    "main.js, text/javascript;charset=utf-8",
    "lib/util.mjs, text/javascript;charset=utf-8",
    "echo.css, text/css;charset=utf-8",
    "data.json, application/json",
    "widget.json, application/json",
    "icon.svg, image/svg+xml",
    "pic.png, image/png",
    "model.wasm, application/wasm",
    "page.html, text/html;charset=utf-8",
  })
  void filesAreServedWithTheirTypeAndSandboxHeaders(String file, String type) throws Exception {
    RawHttp.Response r = http.get("/widgets/" + ID + "/" + file);
    assertEquals(200, r.status(), file + ": " + r.text());
    assertEquals(type, r.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("*", r.header("Access-Control-Allow-Origin"));
    String csp = r.header("Content-Security-Policy");
    assertTrue(
        csp.startsWith("sandbox allow-scripts;") && csp.contains("frame-ancestors 'none'"), csp);
    assertNotNull(r.header("ETag"));
    assertNotNull(r.header("Last-Modified"));
    assertEquals("no-cache", r.header("Cache-Control"));
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(folder().resolve(file)), r.body()), file);
  }

  @Test
  void conditionalRequestsGet304() {
    HttpResponse<String> first = api.get("/widgets/" + ID + "/main.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String modified = first.headers().firstValue("Last-Modified").orElseThrow();
    HttpResponse<String> byTag = api.get("/widgets/" + ID + "/main.js", "If-None-Match", etag);
    assertEquals(304, byTag.statusCode());
    assertEquals("", byTag.body());
    assertEquals(
        304,
        api.get("/widgets/" + ID + "/main.js", "If-None-Match", "\"x\", " + etag).statusCode());
    assertEquals(
        304, api.get("/widgets/" + ID + "/main.js", "If-Modified-Since", modified).statusCode());
    assertEquals(
        200, api.get("/widgets/" + ID + "/main.js", "If-None-Match", "\"other\"").statusCode());
    assertEquals(
        200,
        api.get("/widgets/" + ID + "/main.js", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
            .statusCode());
  }

  @ParameterizedTest
  @CsvSource({
    "/widgets/",
    "/widgets",
    "/widgets/it-echo",
    "/widgets/it-echo/",
    "/widgets/it-echo/lib",
    "/widgets/it-echo/lib/",
    "/widgets/it-echo/nope.js",
    "/widgets/nope/main.js",
    "/widgets/IT-ECHO/main.js",
  })
  void noListingsAndNoStrangers(String path) {
    RawHttp.Response r = http.get(path);
    assertEquals(404, r.status(), path + " → " + r.text());
    assertFalse(r.text().contains("main.js"), "no listing");
  }

  @Test
  void headRequestsGetHeadersOnly() throws Exception {
    HttpResponse<Void> r =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        url.toURI().resolve("/widgets/" + ID + "/echo.css"))
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertEquals(200, r.statusCode());
    assertEquals(
        String.valueOf(Files.size(folder().resolve("echo.css"))),
        r.headers().firstValue("Content-Length").orElse(""));
  }

  // ---- traversal ----

  /** Files that must never be served, and a string only their contents contain. */
  private static final Map<String, String> MARKERS =
      Map.of(
          "outside-secret.txt", SECRET,
          "/etc/passwd", "root:x:0:0",
          "WEB-INF/web.xml", "<web-app",
          "persistence.xml", "<persistence-unit",
          "migration", "CREATE TABLE");

  static List<String> payloads() {
    List<String> out =
        new ArrayList<>(
            Traversal.climbing(
                List.of(
                    "/widgets/",
                    "/widgets/" + ID + "/",
                    "/widgets/" + ID + "/lib/",
                    "/widget-frame/",
                    "/embed/"),
                new LinkedHashMap<>(
                    Map.of(
                        "outside-secret.txt", 3,
                        "etc/passwd", 9,
                        "WEB-INF/web.xml", 3,
                        "WEB-INF/classes/META-INF/persistence.xml", 3))));
    String w = "/widgets/" + ID + "/";
    out.addAll(
        List.of(
            w + "leak.txt",
            w + "up/outside-secret.txt",
            w + "up/echo/main.js",
            w + "etc/passwd",
            w + "passwd.js",
            w + "lib/escape.mjs",
            w + "/etc/passwd",
            w + "%2fetc%2fpasswd",
            w + "%2Fetc/passwd",
            w + "file:///etc/passwd",
            w + "C:%5cWindows%5cwin.ini",
            w + "C:\\Windows\\win.ini",
            w + ".%2e/outside-secret.txt",
            w + "%2e%2e/outside-secret.txt",
            w + "lib/..%2f..%2foutside-secret.txt",
            w + "lib/../../outside-secret.txt",
            w + "main.js%00.png",
            w + "main.js%00",
            w + "main.js;.png",
            w + "main.js;jsessionid=x",
            w + "main.js/",
            w + "main.js/..",
            w + "./main.js",
            w + "lib//util.mjs",
            w + "%6d%61%69%6e.js",
            w + "lib%2futil.mjs",
            w + "lib%5cutil.mjs",
            w + "\uff0e\uff0e/outside-secret.txt",
            w + ".git/config",
            w + "%u002e%u002e/outside-secret.txt",
            "/widgets/%2e%2e/WEB-INF/web.xml",
            "/widgets/..%252f..%252fWEB-INF%252fweb.xml",
            "/widgets/it-echo%2f..%2f..%2fWEB-INF/web.xml",
            "/widgets/it-echo/..;/..;/WEB-INF/web.xml",
            "/widgets/./it-echo/../../WEB-INF/web.xml",
            "/widgets/WEB-INF/web.xml",
            "/widgets/it-echo/WEB-INF/web.xml",
            "/widgets/it-echo/%00",
            "/widget-frame/..%2f..%2fWEB-INF/web.xml",
            "/widget-frame/it-echo/../../WEB-INF/web.xml",
            "/widget-frame/%2e%2e/%2e%2e/etc/passwd",
            "/embed/../WEB-INF/web.xml",
            "/embed/%2e%2e/WEB-INF/web.xml",
            "/embed/..%2fWEB-INF%2fweb.xml",
            "/embed/index.html/../../WEB-INF/web.xml",
            "/lib/widget-frame.js/../../WEB-INF/web.xml"));
    return out;
  }

  @Test
  void noRequestGetsAnythingOutsideTheWidgetFolder() throws Exception {
    assertTrue(
        Files.readString(folder().resolveSibling("outside-secret.txt")).contains(SECRET),
        "the marker is real");
    Set<String> legitimate = new HashSet<>();
    try (Stream<Path> files = Files.walk(folder())) {
      for (Path f :
          files.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)).toList()) {
        legitimate.add(sha(Files.readAllBytes(f)));
      }
    }
    legitimate.add(sha(new byte[0]));
    List<String> payloads = payloads();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> leaks = new ArrayList<>();
    long t0 = System.nanoTime();
    for (String p : payloads) {
      RawHttp.Response r = http.get(p);
      statuses.merge(r.status(), 1, Integer::sum);
      for (Map.Entry<String, String> m : MARKERS.entrySet()) {
        if (RawHttp.indexOf(r.body(), m.getValue().getBytes(StandardCharsets.ISO_8859_1)) >= 0) {
          leaks.add(p + " → " + r.status() + " contains " + m.getKey());
        }
      }
      boolean ok = r.status() >= 200 && r.status() < 300;
      boolean json = String.valueOf(r.header("Content-Type")).startsWith("application/json");
      if (ok && !legitimate.contains(sha(r.body())) && !json) {
        leaks.add(p + " → " + r.status() + " served something that is no file of the widget");
      }
      // Payara resolves "..;" past the root and redirects to the site root: harmless.
      String location = r.header("Location");
      if (r.status() >= 300
          && r.status() < 400
          && location != null
          && !location.equals(url.toString())) {
        leaks.add(p + " → " + r.status() + " redirects to " + location);
      }
    }
    System.out.printf(
        "WidgetServingIT: %d traversal payloads in %d ms, statuses %s%n",
        payloads.size(), (System.nanoTime() - t0) / 1_000_000, statuses);
    assertTrue(payloads.size() >= 500, "payloads: " + payloads.size());
    assertEquals(List.of(), leaks);
  }

  @Test
  void theSymbolicLinksReallyPointAtTheSecrets() throws Exception {
    assertTrue(Files.readString(folder().resolve("leak.txt")).contains(SECRET));
    assertTrue(Files.readString(folder().resolve("passwd.js")).contains("root:x:0:0"));
  }

  private static String sha(byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
