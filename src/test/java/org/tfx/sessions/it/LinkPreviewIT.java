package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.RateLimits;
import org.tfx.sessions.testing.LoopbackServer;

/**
 * {@code GET /api/link-preview} against sites on loopback (the ITs allow private addresses; the
 * refusal of them under the default settings is DefaultSettingsIT's job).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LinkPreviewIT {
  private static LoopbackServer site;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;
  Api api;
  Api.NewRoom room;

  @BeforeAll
  static void startSite() {
    site =
        new LoopbackServer()
            .on(
                "/article",
                LoopbackServer.answer(
                    200,
                    "text/html; charset=utf-8",
                    "<html><head><title>Fallback</title>"
                        + "<meta property=\"og:title\" content=\"Käse &amp; <Brot>\">"
                        + "<meta property=\"og:description\" content=\"A story\">"
                        + "<meta property=\"og:image\" content=\"/cover.png\">"
                        + "<meta property=\"og:site_name\" content=\"Loopback News\">"
                        + "</head><body>"
                        + "text ".repeat(200_000)
                        + "</body></html>",
                    "X-Frame-Options",
                    "SAMEORIGIN"))
            .on(
                "/embeddable",
                LoopbackServer.answer(
                    200,
                    "text/html",
                    "<title>Embed me</title>",
                    "Content-Security-Policy",
                    "frame-ancestors *"))
            .on("/photo.png", LoopbackServer.answer(200, "image/png", "png"))
            .on("/clip.mp4", LoopbackServer.answer(200, "video/mp4", "mp4"))
            .on("/moved", LoopbackServer.answer(301, null, "", "Location", "/embeddable"))
            .on("/loop", LoopbackServer.answer(302, null, "", "Location", "/loop"))
            .on("/missing", LoopbackServer.answer(404, "text/html", "no"));
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    api = new Api(url.toURI());
    room = api.createRoom();
  }

  private HttpResponse<String> preview(Api.NewRoom r, String link) {
    return api.get(
        "/api/link-preview?roomId="
            + r.roomId()
            + "&url="
            + URLEncoder.encode(link, StandardCharsets.UTF_8),
        "X-Room-Secret",
        r.secret());
  }

  private static JsonObject json(HttpResponse<String> r) {
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  @Test
  void aPageGivesItsCardAndFramingVerdict() {
    HttpResponse<String> r = preview(room, site.url("/article").toString());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject p = json(r);
    assertEquals(site.url("/article").toString(), p.getString("url"));
    assertEquals("page", p.getString("kind"));
    assertEquals("text/html", p.getString("contentType"));
    assertEquals("Käse & <Brot>", p.getString("title"));
    assertEquals("A story", p.getString("description"));
    assertEquals(site.url("/cover.png").toString(), p.getString("image"));
    assertEquals("Loopback News", p.getString("siteName"));
    assertFalse(p.getBoolean("frameable"), "SAMEORIGIN of another origin");
    JsonObject moved = json(preview(room, site.url("/moved").toString() + "#part"));
    assertEquals(site.url("/embeddable") + "#part", moved.getString("url"));
    assertTrue(moved.getBoolean("frameable"));
  }

  @Test
  void mediaKinds() {
    JsonObject img = json(preview(room, site.url("/photo.png").toString()));
    assertEquals("image", img.getString("kind"));
    assertEquals("image/png", img.getString("contentType"));
    assertFalse(img.containsKey("title"));
    assertEquals("video", json(preview(room, site.url("/clip.mp4").toString())).getString("kind"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not a url",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
        "http://user:pw@127.0.0.1/",
        "//127.0.0.1/x"
      })
  void badUrlsAre400(String link) {
    HttpResponse<String> r = preview(room, link);
    assertEquals(400, r.statusCode(), link + " → " + r.body());
    assertEquals("invalid-url", json(r).getString("code"));
  }

  @Test
  void failingSitesAre502() throws Exception {
    for (String path : new String[] {"/missing", "/loop"}) {
      HttpResponse<String> r = preview(room, site.url(path).toString());
      assertEquals(502, r.statusCode(), path);
      assertEquals("fetch-failed", json(r).getString("code"));
    }
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    assertEquals(502, preview(room, "http://127.0.0.1:" + closed + "/").statusCode());
  }

  @Test
  void needsTheRoomSecretAndIsRateLimited() {
    HttpResponse<String> wrong =
        preview(
            new Api.NewRoom(room.roomId(), "guess", null, null), site.url("/photo.png").toString());
    assertEquals(403, wrong.statusCode());
    int ok = 0;
    long t0 = System.nanoTime();
    HttpResponse<String> limited = null;
    for (int i = 0; i < 60 && limited == null; i++) {
      HttpResponse<String> r =
          preview(room, site.url("/photo.png?n=" + i + "-" + System.nanoTime()).toString());
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        ok++;
      }
    }
    assertTrue(limited != null, "limited after " + ok);
    RateLimits.assertBurstThenLimited(20, ok, System.nanoTime() - t0);
    assertEquals("rate-limited", json(limited).getString("code"));
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
  }
}
