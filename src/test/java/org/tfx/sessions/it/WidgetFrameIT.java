package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitUntilState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.HeadlessChromium;
import org.tfx.sessions.it.support.RawHttp;
import org.tfx.sessions.testing.LoopbackServer;

/**
 * The sandbox frame of a third-party widget: the page and its headers, then the same page in
 * Chromium, framed by this server, by an allowed origin and by a stranger, proving what the sandbox
 * lets the widget do (load its own module and style) and what not (reach the parent's document, the
 * network, or code from elsewhere).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WidgetFrameIT {
  static final String EXTENSION = "chrome-extension://fppgfecofegoimljfpigcgaddhhebeda";
  static final String ALLOWED = "http://allowed.example.test";
  static final String FRAME_CSP =
      "sandbox allow-scripts; default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
          + "connect-src 'none'; frame-src 'none'; worker-src 'none'; object-src 'none'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'self' "
          + EXTENSION
          + " "
          + ALLOWED;

  private static HeadlessChromium chromium;
  private static LoopbackServer allowedSite;
  private static LoopbackServer stranger;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;
  RawHttp http;

  @BeforeAll
  static void launch() {
    // allowed.example.test (a configured embedder, tfx.origins.allowed) is this machine's port 80.
    chromium =
        HeadlessChromium.launch(
            HeadlessChromium.DEBIAN_CHROMIUM,
            List.of(
                "--no-proxy-server",
                "--disable-background-networking",
                // No https:// attempt first for a host name (HTTPS Upgrades): there is none.
                "--disable-features=HttpsUpgrades",
                "--host-resolver-rules=MAP allowed.example.test 127.0.0.1"));
    allowedSite = new LoopbackServer("127.0.0.1", 80);
    stranger = new LoopbackServer();
  }

  @AfterAll
  static void close() {
    if (chromium != null) {
      chromium.close();
    }
    if (allowedSite != null) {
      allowedSite.close();
    }
    if (stranger != null) {
      stranger.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    http = new RawHttp(url.toURI());
  }

  private String base() {
    return url.toString().replaceAll("/$", "");
  }

  @Test
  void thePageDeclaresTheWidgetWithoutInlineScriptUnderASandboxingPolicy() {
    RawHttp.Response r = http.get("/widget-frame/it-echo");
    assertEquals(200, r.status(), r.text());
    assertEquals(
        "text/html;charset=utf-8", r.header("Content-Type").replace(" ", "").toLowerCase());
    assertEquals(FRAME_CSP, r.header("Content-Security-Policy"));
    assertNull(r.header("X-Frame-Options"), "it would keep the extension and embedders out");
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("no-cache", r.header("Cache-Control"));
    assertTrue(r.header("Permissions-Policy").startsWith("camera=(), microphone=()"));
    assertFalse(r.text().contains("IT Echo <b>"), "the name is escaped");

    Document doc = Jsoup.parse(r.text());
    List<Element> scripts = doc.select("script");
    assertEquals(1, scripts.size());
    assertEquals("/lib/widget-frame.js", scripts.get(0).attr("src"));
    assertEquals("module", scripts.get(0).attr("type"));
    assertEquals("", scripts.get(0).data(), "no inline script");
    assertTrue(
        doc.select("*").stream()
            .allMatch(
                e -> e.attributes().asList().stream().noneMatch(a -> a.getKey().startsWith("on"))));
    JsonObject w =
        Json.createReader(
                new StringReader(doc.selectFirst("meta[name=tfx-widget]").attr("content")))
            .readObject();
    assertEquals("it-echo", w.getString("id"));
    assertEquals("IT Echo <b>&\"'", w.getString("name"));
    assertEquals("/widgets/it-echo/main.js", w.getString("entry"));
    assertEquals("/widgets/it-echo/echo.css", w.getString("style"));
    assertEquals("/widgets/it-echo/icon.svg", w.getString("icon"));
    assertEquals("/widgets/it-echo/", w.getString("base"));
    assertEquals("data", w.getJsonArray("permissions").getString(0));
    assertEquals("it-echo", w.getJsonArray("channels").getString(0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/widget-frame/nope",
        "/widget-frame/",
        "/widget-frame",
        "/widget-frame/it-echo/x",
        "/widget-frame/IT-ECHO"
      })
  void unknownWidgetsAre404Json(String path) {
    RawHttp.Response r = http.get(path);
    assertEquals(404, r.status(), path);
    assertTrue(r.header("Content-Type").startsWith("application/json"), path);
    if (!path.equals("/widget-frame")) {
      assertEquals(
          "widget-not-found",
          Json.createReader(new StringReader(r.text())).readObject().getString("code"));
    }
  }

  @Test
  void theBridgeModuleMayBeLoadedFromTheOpaqueOrigin() {
    assertEquals("*", http.get("/lib/widget-frame.js").header("Access-Control-Allow-Origin"));
    assertNull(
        http.get("/lib/sdk/tfx-sdk.js").header("Access-Control-Allow-Origin"), "only the bridge");
    assertNull(http.get("/app/app.js").header("Access-Control-Allow-Origin"));
  }

  /** What the widget's code can do inside the frame, as seen from the frame. */
  private static Map<?, ?> probe(Frame frame, String foreignModule) {
    return (Map<?, ?>)
        frame.evaluate(
            """
            async (foreign) => {
              const out = {};
              const w = JSON.parse(document.querySelector('meta[name="tfx-widget"]').content);
              out.origin = self.origin;
              out.marker = (await import(w.entry)).marker;
              const link = document.createElement('link');
              link.rel = 'stylesheet';
              link.href = w.style;
              const loaded = new Promise((ok) => { link.onload = () => ok('loaded'); link.onerror = () => ok('error'); });
              document.head.append(link);
              out.style = await loaded;
              const p = document.createElement('p');
              p.className = 'it-echo';
              document.body.append(p);
              out.color = getComputedStyle(p).color;
              try { out.parent = String(parent.document.title); } catch (e) { out.parent = e.name; }
              try { out.storage = String(localStorage.length); } catch (e) { out.storage = e.name; }
              try { await fetch('/api/widgets'); out.fetch = 'allowed'; } catch (e) { out.fetch = e.name; }
              try { await import(foreign); out.foreign = 'loaded'; } catch (e) { out.foreign = e.name; }
              out.socket = await new Promise((done) => {
                try {
                  const s = new WebSocket('ws://' + location.host + '/signal');
                  s.onopen = () => done('opened');
                  s.onerror = () => done('refused');
                  setTimeout(() => done('no answer'), 5000);
                } catch (e) {
                  done(e.name);
                }
              });
              return out;
            }
            """,
            foreignModule);
  }

  /** Navigation returns once the parent is there; frameIn waits for the frame (busy CI boxes). */
  private static final Page.NavigateOptions COMMITTED =
      new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(90_000);

  private Frame frameIn(Page page) {
    for (int i = 0; i < 300; i++) {
      for (Frame f : page.frames()) {
        if (f.url().contains("/widget-frame/it-echo")) {
          try {
            if (Boolean.TRUE.equals(
                f.evaluate("() => !!document.querySelector('meta[name=\"tfx-widget\"]')"))) {
              return f;
            }
          } catch (RuntimeException e) {
            // still loading, or blocked
          }
        }
      }
      page.waitForTimeout(100);
    }
    return null;
  }

  @Test
  void framedByThisServerTheWidgetLoadsItsOwnCodeAndNothingElse() {
    stranger.on(
        "/foreign.js",
        LoopbackServer.answer(
            200, "text/javascript", "export const x = 1;", "Access-Control-Allow-Origin", "*"));
    try (BrowserContext context = chromium.browser().newContext()) {
      Page page = context.newPage();
      page.navigate(base() + "/health", COMMITTED);
      page.waitForLoadState();
      page.evaluate(
          "src => { const f = document.createElement('iframe'); f.src = src; document.body.append(f); }",
          base() + "/widget-frame/it-echo");
      Frame frame = frameIn(page);
      assertTrue(frame != null, "the frame loaded inside a page of this server");
      Map<?, ?> out = probe(frame, stranger.url("/foreign.js").toString());
      assertEquals("null", out.get("origin"), "opaque origin");
      assertEquals(
          "it-echo-loaded:util", out.get("marker"), "its module and the module's imports load");
      assertEquals("loaded", out.get("style"));
      assertEquals("rgb(18, 52, 86)", out.get("color"), "its style applies");
      assertEquals("SecurityError", out.get("parent"), "no way into the host page");
      assertEquals("SecurityError", out.get("storage"), "no storage of this origin");
      assertEquals("TypeError", out.get("fetch"), "connect-src 'none'");
      assertEquals("TypeError", out.get("foreign"), "no code from elsewhere");
      assertTrue(
          stranger.seen().stream().noneMatch(s -> s.path().equals("/foreign.js")),
          "never requested");
      assertTrue(
          Set.of("refused", "SecurityError").contains(out.get("socket")),
          "no signalling socket: " + out.get("socket"));
    }
  }

  @Test
  void anAllowedEmbedderMayFrameItAStrangerMayNot() {
    String frameUrl = base() + "/widget-frame/it-echo";
    String parent =
        "<!doctype html><title>parent</title><iframe src=\"" + frameUrl + "\"></iframe>";
    allowedSite.on("/parent", LoopbackServer.answer(200, "text/html", parent));
    stranger.on("/parent", LoopbackServer.answer(200, "text/html", parent));
    try (BrowserContext context = chromium.browser().newContext()) {
      Page allowed = context.newPage();
      allowed.navigate(ALLOWED + "/parent", COMMITTED);
      assertTrue(frameIn(allowed) != null, "framed by " + ALLOWED);

      Page strange = context.newPage();
      strange.navigate(stranger.url("/parent").toString(), COMMITTED);
      assertNull(frameIn(strange), "frame-ancestors keeps " + stranger.base() + " out");
    }
  }
}
