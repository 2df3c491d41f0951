package org.tfx.sessions.widget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.RawHttp;

/**
 * Built-in widgets served from the WAR, with three widgets added to the built WAR for the test
 * (embedded Tomcat only: the external servers run the built WAR unchanged): a good one with files
 * in a subfolder, one with a broken manifest and a folder without one. Only the good one is
 * catalogued, and only its files are served.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BuiltInWidgetsIT {
  static final String MANIFEST =
      "{\"id\":\"probe\",\"name\":\"Probe\",\"version\":\"0.1\",\"entry\":\"probe.js\","
          + "\"style\":\"probe.css\",\"icon\":\"img/icon.svg\",\"background\":true,"
          + "\"permissions\":[\"data\",\"camera\"],\"channels\":[\"probe\"]}";
  static final String SCRIPT = "export function mount() {}\n";

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war()
        .addAsWebResource(new StringAsset(MANIFEST), "widgets/probe/widget.json")
        .addAsWebResource(new StringAsset(SCRIPT), "widgets/probe/probe.js")
        .addAsWebResource(new StringAsset(".probe{}"), "widgets/probe/probe.css")
        .addAsWebResource(new StringAsset("export const x = 1;"), "widgets/probe/lib/x.mjs")
        .addAsWebResource(
            new StringAsset("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            "widgets/probe/img/icon.svg")
        .addAsWebResource(
            new StringAsset("{\"id\":\"broken\",\"name\":42}"), "widgets/broken/widget.json")
        .addAsWebResource(new StringAsset("x"), "widgets/broken/broken.js")
        .addAsWebResource(new StringAsset("y"), "widgets/orphan/orphan.js");
  }

  @ArquillianResource URL url;
  Api api;
  RawHttp http;

  @BeforeEach
  void setUp() throws Exception {
    api = new Api(url.toURI());
    http = new RawHttp(url.toURI());
  }

  @Test
  void onlyTheGoodWidgetIsCatalogued() {
    JsonArray all = Json.createReader(new StringReader(api.get("/api/widgets").body())).readArray();
    JsonObject probe = null;
    for (JsonObject w : all.getValuesAs(JsonObject.class)) {
      assertFalse(w.getString("id").equals("broken") || w.getString("id").equals("orphan"));
      if (w.getString("id").equals("probe")) {
        probe = w;
      }
    }
    assertTrue(probe != null, all.toString());
    assertFalse(probe.getBoolean("thirdParty"));
    assertTrue(probe.getBoolean("background"));
    assertEquals("/widgets/probe/", probe.getString("base"));
    assertEquals("probe.css", probe.getString("style"));
    assertEquals("img/icon.svg", probe.getString("icon"));
    assertFalse(probe.containsKey("frame"), "built-in widgets have no sandbox frame");
  }

  @ParameterizedTest
  @CsvSource({
    "probe.js, text/javascript;charset=utf-8",
    "lib/x.mjs, text/javascript;charset=utf-8",
    "probe.css, text/css;charset=utf-8",
    "img/icon.svg, image/svg+xml",
    "widget.json, application/json",
  })
  void itsFilesComeFromTheWarWithoutSandboxHeaders(String file, String type) {
    RawHttp.Response r = http.get("/widgets/probe/" + file);
    assertEquals(200, r.status(), file);
    assertEquals(type, r.header("Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
    assertNull(r.header("Access-Control-Allow-Origin"), "same-origin code needs no CORS");
    assertFalse(r.header("Content-Security-Policy").startsWith("sandbox"));
    assertTrue(
        r.header("ETag").matches("\"[A-Za-z0-9_-]{22}\""), "a content hash: " + r.header("ETag"));
  }

  @Test
  void theContentIsExactAndRevalidates() {
    RawHttp.Response r = http.get("/widgets/probe/probe.js");
    assertArrayEquals(SCRIPT.getBytes(StandardCharsets.UTF_8), r.body());
    HttpResponse<String> again =
        api.get("/widgets/probe/probe.js", "If-None-Match", r.header("ETag"));
    assertEquals(304, again.statusCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/widgets/broken/broken.js",
        "/widgets/orphan/orphan.js",
        "/widgets/probe/",
        "/widgets/probe/lib",
        "/widgets/probe/lib/",
        "/widgets/probe/../broken/broken.js",
        "/widgets/probe/%2e%2e/orphan/orphan.js",
        "/widgets/probe/img/../probe.js/..",
      })
  void nothingElseUnderWidgetsIsServed(String path) {
    assertEquals(404, http.get(path).status(), path);
  }

  @Test
  void builtInWidgetsHaveNoFramePage() {
    RawHttp.Response r = http.get("/widget-frame/probe");
    assertEquals(404, r.status());
    assertTrue(r.text().contains("widget-not-found"));
  }
}
