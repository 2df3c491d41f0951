package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.RawHttp;

/**
 * The exact framing and content policies per kind of page: room pages may show media shared from
 * {@code tfx.share.sources} ({@code https:} by default), the embed page may be framed by {@code
 * tfx.origins.allowed} and carries no X-Frame-Options, everything else keeps the strict policy.
 * Also what {@code GET /api/client-config} tells the client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PageHeadersIT {
  static final String STRICT =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
          + "font-src 'self'; frame-src 'self'; worker-src 'self' blob:; object-src 'none'; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
  static final String ROOM =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          + "img-src 'self' https: data: blob:; media-src 'self' https: blob:; connect-src 'self'; "
          + "font-src 'self'; frame-src 'self' https:; worker-src 'self' blob:; object-src 'none'; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
  static final String EMBED =
      ROOM.replace("frame-ancestors 'self'", "frame-ancestors 'self' http://allowed.example.test");

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;
  RawHttp http;
  Api api;

  @BeforeEach
  void setUp() throws Exception {
    http = new RawHttp(url.toURI());
    api = new Api(url.toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/app/", "/app/app.js", "/r/abcd1234", "/r/abcd1234/"})
  void roomPagesMayShowSharedMedia(String path) {
    RawHttp.Response r = http.get(path);
    assertEquals(ROOM, r.header("Content-Security-Policy"), path);
    assertEquals("SAMEORIGIN", r.header("X-Frame-Options"), path);
    assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/embed/abcd1234", "/embed/abcd1234/", "/embed/nothing.js"})
  void theEmbedPageMayBeFramedByTheAllowedOrigins(String path) {
    RawHttp.Response r = http.get(path);
    assertEquals(EMBED, r.header("Content-Security-Policy"), path);
    assertNull(r.header("X-Frame-Options"), path);
    assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
    assertEquals(
        "camera=(self), microphone=(self), display-capture=(self), geolocation=()",
        r.header("Permissions-Policy"));
  }

  @Test
  void theEmbedPageIsTheClientsOnceBuilt() {
    RawHttp.Response r = http.get("/embed/abcd1234");
    RawHttp.Response page = http.get("/embed/index.html");
    // Until the client build ships embed/index.html, both answer 404; then both the same page.
    assertEquals(page.status(), r.status());
    if (page.status() == 200) {
      assertEquals(page.text(), r.text());
      assertEquals(
          "text/html;charset=utf-8", r.header("Content-Type").replace(" ", "").toLowerCase());
    }
    assertEquals(404, http.get("/embed/").status());
    assertEquals(404, http.get("/embed/a").status(), "too short for a room id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/index.html",
        "/assets/site.css",
        "/manual/user/",
        "/api/widgets",
        "/health",
        "/widgets/it-echo/nope.js",
        "/embed",
        "/application",
        "/rooms"
      })
  void everythingElseKeepsTheStrictPolicy(String path) {
    RawHttp.Response r = http.get(path);
    assertEquals(STRICT, r.header("Content-Security-Policy"), path);
    assertEquals("SAMEORIGIN", r.header("X-Frame-Options"), path);
  }

  @Test
  void theClientConfigHasNoSecrets() {
    var r = api.get("/api/client-config");
    assertEquals(200, r.statusCode());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    JsonObject c = Json.createReader(new StringReader(r.body())).readObject();
    assertEquals(
        Json.createObjectBuilder()
            .add("defaultCapacity", 6)
            .add("embedOrigins", Json.createArrayBuilder().add("http://allowed.example.test"))
            .add("linkPreview", true)
            .add("maxCapacity", 12)
            .add("minCapacity", 2)
            .add("shareSources", Json.createArrayBuilder().add("https:"))
            .add("translate", true)
            .build(),
        c);
    assertEquals(-1, r.body().indexOf("it-key"), "the translation key stays on the server");
  }
}
