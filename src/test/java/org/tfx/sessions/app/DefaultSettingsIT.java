package org.tfx.sessions.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.HeadlessChromium;
import org.tfx.sessions.it.support.RawHttp;
import org.tfx.sessions.it.support.StandaloneServer;
import org.tfx.sessions.testing.LoopbackServer;
import org.tfx.sessions.testing.RawServer;

/**
 * The built WAR in a server of its own started with the defaults — as an operator would run it —
 * plus a URL-registered third-party widget and three registrations that must fail without stopping
 * the start (a dead port, a 404 and a server that never answers). Shows what the ITs' settings
 * switch off elsewhere: link previews refuse every private address, translation without a service
 * is "unavailable", and a URL widget's frame may load code from the widget's own site.
 */
class DefaultSettingsIT {
  private static final String MANIFEST =
      "{\"id\":\"remote-echo\",\"name\":\"Remote echo\",\"version\":\"3.1\",\"entry\":\"main.js\","
          + "\"style\":\"remote.css\",\"background\":true,\"permissions\":[\"data\"]}";

  private static LoopbackServer widgetSite;
  private static LoopbackServer canary;
  private static RawServer silent;
  private static StandaloneServer server;
  private static Api api;
  private static RawHttp http;

  @BeforeAll
  static void start() throws Exception {
    widgetSite =
        new LoopbackServer()
            .on(
                "/w/remote-echo/widget.json",
                LoopbackServer.answer(200, "application/json", MANIFEST))
            .on(
                "/w/remote-echo/main.js",
                LoopbackServer.answer(
                    200,
                    "text/javascript",
                    "export const marker = 'remote-loaded';",
                    "Access-Control-Allow-Origin",
                    "*"))
            .on("/w/gone/", LoopbackServer.answer(404, "text/plain", "gone"));
    canary =
        new LoopbackServer().on("/", LoopbackServer.answer(200, "text/plain", "INTERNAL-ONLY"));
    silent = new RawServer((socket, out) -> Thread.sleep(60_000));
    Path dir =
        Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "default-settings-it")), "run")
            .toAbsolutePath();
    server =
        new StandaloneServer(
            dir,
            Map.of(
                "tfx.db.url",
                "jdbc:h2:file:" + dir.resolve("db"),
                "tfx.widgets.thirdParty",
                String.join(
                    ",",
                    "http://127.0.0.1:1/dead/",
                    widgetSite.url("/w/gone/").toString(),
                    silent.url("/never/").toString(),
                    widgetSite.url("/w/remote-echo").toString()),
                "tfx.widgets.fetchTimeout",
                "2s"));
    server.start(java.time.Duration.ofMinutes(4)); // a busy 2-core box needs minutes
    api = new Api(server.base());
    http = new RawHttp(server.base());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    widgetSite.close();
    canary.close();
    silent.close();
  }

  @Test
  void theClientConfigSaysWhatIsOn() {
    HttpResponse<String> r = api.get("/api/client-config");
    assertEquals(200, r.statusCode());
    JsonObject c = Json.createReader(new StringReader(r.body())).readObject();
    assertEquals(0, c.getJsonArray("embedOrigins").size());
    assertFalse(c.getBoolean("translate"));
    assertTrue(c.getBoolean("linkPreview"));
    assertEquals("https:", c.getJsonArray("shareSources").getString(0));
    assertEquals(6, c.getInt("defaultCapacity"));
    assertEquals(2, c.getInt("minCapacity"));
    assertEquals(12, c.getInt("maxCapacity"));
  }

  @Test
  void withoutAServiceTranslationIsUnavailable() {
    Api.NewRoom room = api.createRoom();
    HttpResponse<String> r = api.get("/api/translate/languages");
    assertEquals(503, r.statusCode());
    assertEquals("translation-unavailable", Api.parse(r.body()).getString("code"));
    try {
      HttpResponse<String> post =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          server.base().resolve("/api/translate?roomId=" + room.roomId()))
                      .header("X-Room-Secret", room.secret())
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "{\"q\":\"hi\",\"target\":\"de\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(503, post.statusCode());
      JsonObject e = Api.parse(post.body());
      assertEquals("translation-unavailable", e.getString("code"));
      assertTrue(e.getString("message").contains("tfx.translate.url"), "says how to turn it on");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Spellings of this machine and of private networks an attacker would try. */
  static List<String> ssrfUrls(int port) {
    List<String> hosts =
        List.of(
            "127.0.0.1",
            "127.0.0.2",
            "127.1.2.3",
            "127.000.000.001",
            "localhost",
            "LOCALHOST",
            "localhost.",
            "[::1]",
            "[0:0:0:0:0:0:0:1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "[0:0:0:0:0:ffff:7f00:1]",
            "[::127.0.0.1]",
            "0.0.0.0",
            "[::]",
            "0",
            "10.0.0.1",
            "10.255.255.254",
            "172.16.0.1",
            "172.31.1.1",
            "192.168.0.1",
            "192.168.1.254",
            "169.254.169.254",
            "[fe80::1]",
            "[fd00::1]",
            "[fc00::1]",
            "100.64.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "[ff02::1]",
            "[64:ff9b::7f00:1]",
            "[2002:7f00:1::]",
            "198.18.0.1",
            "192.0.2.1",
            "2130706433",
            "017700000001",
            "0x7f000001",
            "0x7f.0.0.1",
            "127.1",
            "[::1%25lo]");
    List<String> out = new ArrayList<>();
    for (String host : hosts) {
      for (String scheme : List.of("http", "https")) {
        out.add(scheme + "://" + host + ":" + port + "/");
        out.add(scheme + "://" + host + "/latest/meta-data/");
      }
    }
    out.addAll(
        List.of(
            "http://example.com:25/",
            "http://example.com:22/",
            "http://example.com:6667/",
            "http://user@127.0.0.1:" + port + "/",
            "http://127.0.0.1:" + port + "@example.com/",
            "file:///etc/passwd",
            "gopher://127.0.0.1:" + port + "/",
            "dict://127.0.0.1:11211/",
            "ftp://127.0.0.1/",
            "jar:http://127.0.0.1:" + port + "/x.jar!/",
            "netdoc:///etc/passwd"));
    return out;
  }

  @Test
  void linkPreviewsNeverReachThisMachineOrPrivateNetworks() {
    Api.NewRoom room = api.createRoom();
    List<String> urls = ssrfUrls(canary.port());
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    long t0 = System.nanoTime();
    for (String u : urls) {
      // A fresh room per 15 links keeps the 30/min rate limit out of the way.
      if (statuses.values().stream().mapToInt(Integer::intValue).sum() % 15 == 14) {
        room = api.createRoom();
      }
      HttpResponse<String> r =
          api.get(
              "/api/link-preview?roomId="
                  + room.roomId()
                  + "&url="
                  + URLEncoder.encode(u, StandardCharsets.UTF_8),
              "X-Room-Secret",
              room.secret());
      statuses.merge(r.statusCode(), 1, Integer::sum);
      if (!Set.of(400, 403, 502).contains(r.statusCode()) || r.body().contains("INTERNAL-ONLY")) {
        wrong.add(u + " → " + r.statusCode() + " " + r.body());
      }
      // (a user-info part, "http://127.0.0.1:80@example.com/", names another host: refused
      // as invalid-url, 400, before any address check)
      boolean literalPrivate =
          !u.contains("@")
              && u.matches(
                  "https?://(127\\.0\\.0\\.1|\\[::1\\]|10\\.0\\.0\\.1|169\\.254\\.169\\.254|192\\.168\\.0\\.1|0\\.0\\.0\\.0|\\[::ffff:127\\.0\\.0\\.1\\]|localhost)[:/].*");
      if (literalPrivate && r.statusCode() != 403) {
        wrong.add(u + " should be 403 address-not-allowed, was " + r.statusCode() + " " + r.body());
      }
    }
    System.out.printf(
        "DefaultSettingsIT: %d SSRF URLs in %d ms, statuses %s%n",
        urls.size(), (System.nanoTime() - t0) / 1_000_000, statuses);
    assertEquals(List.of(), wrong);
    assertEquals(0, canary.seen().size(), "the loopback canary was never contacted");
    assertTrue(urls.size() >= 150, "urls: " + urls.size());
  }

  @Test
  void aUrlWidgetIsCataloguedWithItsSiteAsBase() {
    JsonArray catalogue =
        Json.createReader(new StringReader(api.get("/api/widgets").body())).readArray();
    List<JsonObject> all =
        catalogue.stream()
            .map(JsonValue::asJsonObject)
            .filter(w -> w.getBoolean("thirdParty"))
            .toList();
    assertEquals(1, all.size(), "the dead, missing and silent registrations were skipped: " + all);
    JsonObject w = all.get(0);
    assertEquals("remote-echo", w.getString("id"));
    assertEquals(widgetSite.url("/w/remote-echo/").toString(), w.getString("base"));
    assertEquals("/widget-frame/remote-echo", w.getString("frame"));
    assertTrue(w.getBoolean("background"));
    assertTrue(w.getBoolean("thirdParty"));
    assertEquals(
        404, http.get("/widgets/remote-echo/main.js").status(), "its files are on its site");

    RawHttp.Response frame = http.get("/widget-frame/remote-echo");
    assertEquals(200, frame.status());
    String origin = widgetSite.base().toString();
    String csp = frame.header("Content-Security-Policy");
    assertTrue(csp.contains("script-src 'self' " + origin + ";"), csp);
    assertTrue(csp.contains("style-src 'self' " + origin + ";"), csp);
    assertTrue(
        csp.endsWith("frame-ancestors 'self' chrome-extension://fppgfecofegoimljfpigcgaddhhebeda"),
        csp);
    JsonObject declared =
        Json.createReader(
                new StringReader(
                    Jsoup.parse(frame.text()).selectFirst("meta[name=tfx-widget]").attr("content")))
            .readObject();
    assertEquals(widgetSite.url("/w/remote-echo/main.js").toString(), declared.getString("entry"));
    assertEquals(
        widgetSite.url("/w/remote-echo/remote.css").toString(), declared.getString("style"));
  }

  @Test
  void theFrameLoadsTheUrlWidgetsModuleFromItsSite() {
    try (HeadlessChromium chromium =
            HeadlessChromium.launch(
                HeadlessChromium.DEBIAN_CHROMIUM, List.of("--no-proxy-server"));
        BrowserContext context = chromium.browser().newContext()) {
      Page page = context.newPage();
      page.navigate(server.base() + "/health");
      page.evaluate(
          "src => { const f = document.createElement('iframe'); f.src = src; document.body.append(f); }",
          server.base() + "/widget-frame/remote-echo");
      Frame frame = null;
      for (int i = 0; i < 100 && frame == null; i++) {
        page.waitForTimeout(100);
        frame =
            page.frames().stream()
                .filter(f -> f.url().endsWith("/widget-frame/remote-echo"))
                .findFirst()
                .orElse(null);
      }
      assertTrue(frame != null, "the frame loaded");
      Object marker =
          frame.evaluate(
              "async () => (await import(JSON.parse(document.querySelector('meta[name=\"tfx-widget\"]').content).entry)).marker");
      assertEquals("remote-loaded", marker);
    }
  }
}
