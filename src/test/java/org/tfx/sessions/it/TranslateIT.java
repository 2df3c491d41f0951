package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.RateLimits;
import org.tfx.sessions.testing.FakeLibreTranslate;

/**
 * {@code POST /api/translate} and {@code GET /api/translate/languages} through the server to a
 * LibreTranslate stand-in on loopback (the ITs' {@code tfx.translate.url}, with API key {@code
 * it-key} and 20 calls a minute per room).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TranslateIT extends ApiIntegrationTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static FakeLibreTranslate service;

  Api.NewRoom room;

  @BeforeAll
  static void startService() {
    service = new FakeLibreTranslate(Integer.getInteger("it.translate.port"), "it-key");
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  @BeforeEach
  void setUp() {
    room = api.createRoom();
  }

  private HttpResponse<String> translate(Api.NewRoom r, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/api/translate?roomId=" + r.roomId()))
            .header("Content-Type", "application/json")
            .header("X-Room-Secret", r.secret())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> r) {
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  @Test
  void translatesThenAnswersFromTheCache() throws Exception {
    String q = "Good morning " + System.nanoTime();
    HttpResponse<String> first =
        translate(room, "{\"q\":\"" + q + "\",\"source\":\"auto\",\"target\":\"de\"}");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("no-store", first.headers().firstValue("Cache-Control").orElse(""));
    JsonObject a = json(first);
    assertEquals("[de] " + q, a.getString("translatedText"));
    assertEquals("en", a.getString("detectedLanguage"));
    assertFalse(a.getBoolean("cached"));
    int calls = service.translations();
    JsonObject b =
        json(
            translate(
                api.createRoom(), "{\"q\":\"" + q + "\",\"source\":\"auto\",\"target\":\"de\"}"));
    assertTrue(b.getBoolean("cached"), "another room, same text: from the cache");
    assertEquals(calls, service.translations(), "the service was not asked again");
    JsonObject fixed =
        json(translate(room, "{\"q\":\"" + q + "\",\"source\":\"en\",\"target\":\"fr\"}"));
    assertFalse(fixed.containsKey("detectedLanguage"), fixed.toString());
    assertTrue(
        service.server().seen().stream()
            .anyMatch(s -> s.body().contains("\"api_key\":\"it-key\"")));
  }

  @Test
  void needsTheRoomAndItsSecret() throws Exception {
    String body = "{\"q\":\"hi\",\"target\":\"de\"}";
    HttpResponse<String> wrong =
        translate(new Api.NewRoom(room.roomId(), "guess", null, null), body);
    assertEquals(403, wrong.statusCode());
    assertEquals("wrong-secret", json(wrong).getString("code"));
    HttpResponse<String> missing = translate(new Api.NewRoom("nosuchroom", "x", null, null), body);
    assertEquals(404, missing.statusCode());
    assertEquals("room-not-found", json(missing).getString("code"));
    HttpResponse<String> noId =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/translate"))
                .header("X-Room-Secret", room.secret())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, noId.statusCode());
    assertEquals("invalid-request", json(noId).getString("code"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1]",
        "{\"q\":\"\",\"target\":\"de\"}",
        "{\"q\":\"hi\"}",
        "{\"q\":\"hi\",\"target\":\"auto\"}",
        "{\"q\":\"hi\",\"target\":\"<img src=x>\"}",
        "{\"q\":1,\"target\":\"de\"}",
      })
  void badBodiesAreRefused(String body) throws Exception {
    HttpResponse<String> r = translate(room, body);
    assertEquals(400, r.statusCode(), body + " → " + r.body());
    assertEquals("invalid-request", json(r).getString("code"));
  }

  @Test
  void overlongTextIsRefused() throws Exception {
    HttpResponse<String> r =
        translate(room, "{\"q\":\"" + "x".repeat(2001) + "\",\"target\":\"de\"}");
    assertEquals(400, r.statusCode());
    assertTrue(json(r).getString("message").contains("2000"));
    assertEquals(
        200,
        translate(room, "{\"q\":\"" + "y".repeat(2000) + "\",\"target\":\"de\"}").statusCode());
  }

  @Test
  void serviceFailuresAreTyped() throws Exception {
    HttpResponse<String> unsupported =
        translate(room, "{\"q\":\"hi\",\"source\":\"en\",\"target\":\"xx\"}");
    assertEquals(400, unsupported.statusCode());
    assertTrue(json(unsupported).getString("message").contains("xx is not supported"));
    for (String q : new String[] {"__500__", "__garbage__", "__huge__", "__notext__"}) {
      HttpResponse<String> r =
          translate(room, "{\"q\":\"" + q + "\",\"source\":\"en\",\"target\":\"de\"}");
      assertEquals(502, r.statusCode(), q);
      assertEquals("translation-failed", json(r).getString("code"), q);
    }
  }

  @Test
  void aRoomIsRateLimitedOthersAreNot() throws Exception {
    int ok = 0;
    long t0 = System.nanoTime();
    HttpResponse<String> limited = null;
    for (int i = 0; i < 60 && limited == null; i++) {
      HttpResponse<String> r =
          translate(
              room,
              "{\"q\":\"line "
                  + i
                  + " "
                  + System.nanoTime()
                  + "\",\"source\":\"en\",\"target\":\"de\"}");
      if (r.statusCode() == 429) {
        limited = r;
      } else {
        assertEquals(200, r.statusCode(), r.body());
        ok++;
      }
    }
    assertTrue(limited != null, "limited after " + ok);
    RateLimits.assertBurstThenLimited(20, ok, System.nanoTime() - t0);
    assertEquals("rate-limited", json(limited).getString("code"));
    assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0")) >= 1);
    assertEquals(
        200,
        translate(api.createRoom(), "{\"q\":\"fresh\",\"source\":\"en\",\"target\":\"de\"}")
            .statusCode());
  }

  @Test
  void listsTheLanguagesWithoutARoom() {
    HttpResponse<String> r = api.get("/api/translate/languages");
    assertEquals(200, r.statusCode(), r.body());
    JsonArray all = Json.createReader(new StringReader(r.body())).readArray();
    assertEquals("en", all.getJsonObject(0).getString("code"));
    assertEquals("English", all.getJsonObject(0).getString("name"));
    assertEquals(2, all.size(), "the bogus entry is dropped");
    int asked = service.languageLists();
    api.get("/api/translate/languages");
    assertEquals(asked, service.languageLists(), "kept for an hour");
    assertEquals(404, api.get("/api/translate/nope").statusCode());
  }

  @Test
  void theExtensionMayCallIt() throws Exception {
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/translate?roomId=x"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", WidgetFrameIT.EXTENSION)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-room-secret")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode());
    assertEquals(
        WidgetFrameIT.EXTENSION,
        preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
  }
}
