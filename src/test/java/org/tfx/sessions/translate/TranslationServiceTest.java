package org.tfx.sessions.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RoomRateLimiter;

class TranslationServiceTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger languageCalls = new AtomicInteger();
  private boolean failLanguages;

  private final Translator translator =
      new Translator() {
        @Override
        public Translation translate(TranslationRequest r) throws TranslationException {
          calls.incrementAndGet();
          if (r.q().equals("fail")) {
            throw new TranslationException(TranslationException.Kind.FAILED, "down");
          }
          return new Translation(r.target() + ":" + r.q(), r.source().equals("auto") ? "en" : null);
        }

        @Override
        public List<Language> languages() throws TranslationException {
          languageCalls.incrementAndGet();
          if (failLanguages) {
            throw new TranslationException(TranslationException.Kind.FAILED, "down");
          }
          return List.of(new Language("en", "English", List.of("de")));
        }
      };

  private TranslationService service(int cacheSize, int perMinute) {
    return new TranslationService(
        translator, cacheSize, new RoomRateLimiter(perMinute, 100, now::get), now::get);
  }

  @Test
  void cachedAnswersAreFreeAndMarked() throws Exception {
    TranslationService s = service(10, 60);
    TranslationRequest r = new TranslationRequest("hello", "auto", "de");
    var first = (TranslationService.Outcome.Done) s.translate("room", r);
    var second = (TranslationService.Outcome.Done) s.translate("other-room", r);
    assertEquals(false, first.cached());
    assertEquals(true, second.cached());
    assertEquals("de:hello", second.translation().translatedText());
    assertEquals("en", second.translation().detectedLanguage());
    assertEquals(1, calls.get());
  }

  @Test
  void eachRoomHasItsOwnQuotaThatRefills() throws Exception {
    TranslationService s = service(0, 3);
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          TranslationService.Outcome.Done.class,
          s.translate("a", new TranslationRequest("t" + i, "en", "de")));
    }
    var limited = s.translate("a", new TranslationRequest("t9", "en", "de"));
    assertInstanceOf(TranslationService.Outcome.RateLimited.class, limited);
    assertEquals(20, ((TranslationService.Outcome.RateLimited) limited).retryAfterSeconds());
    assertInstanceOf(
        TranslationService.Outcome.Done.class,
        s.translate("b", new TranslationRequest("t9", "en", "de")));
    now.addAndGet(20_000_000_000L);
    assertInstanceOf(
        TranslationService.Outcome.Done.class,
        s.translate("a", new TranslationRequest("t9", "en", "de")));
    assertEquals(5, calls.get());
  }

  @Test
  void theLeastRecentlyUsedTranslationIsDroppedFirst() throws Exception {
    TranslationService s = service(2, 1000);
    TranslationRequest a = new TranslationRequest("a", "en", "de");
    TranslationRequest b = new TranslationRequest("b", "en", "de");
    TranslationRequest c = new TranslationRequest("c", "en", "de");
    s.translate("r", a);
    s.translate("r", b);
    s.translate("r", a); // a is now the most recent
    s.translate("r", c); // drops b
    assertEquals(true, ((TranslationService.Outcome.Done) s.translate("r", a)).cached());
    assertEquals(false, ((TranslationService.Outcome.Done) s.translate("r", b)).cached());
  }

  @Test
  void failuresAreNotCachedAndSameLanguageIsNoCall() throws Exception {
    TranslationService s = service(10, 1000);
    assertThrows(
        TranslationException.class,
        () -> s.translate("r", new TranslationRequest("fail", "en", "de")));
    assertThrows(
        TranslationException.class,
        () -> s.translate("r", new TranslationRequest("fail", "en", "de")));
    assertEquals(2, calls.get());
    var same =
        (TranslationService.Outcome.Done)
            s.translate("r", new TranslationRequest("hallo", "de", "de"));
    assertEquals("hallo", same.translation().translatedText());
    assertEquals(2, calls.get());
  }

  @Test
  void languagesAreKeptForAnHourAndFailuresForHalfAMinute() throws Exception {
    TranslationService s = service(10, 1000);
    failLanguages = true;
    assertThrows(TranslationException.class, s::languages);
    assertThrows(TranslationException.class, s::languages);
    assertEquals(1, languageCalls.get());
    now.addAndGet(31_000_000_000L);
    failLanguages = false;
    assertEquals("en", s.languages().get(0).code());
    s.languages();
    assertEquals(2, languageCalls.get());
    now.addAndGet(3_601_000_000_000L);
    s.languages();
    assertEquals(3, languageCalls.get());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"q\":\"\",\"target\":\"de\"}",
        "{\"q\":\"   \",\"target\":\"de\"}",
        "{\"q\":42,\"target\":\"de\"}",
        "{\"q\":\"hi\"}",
        "{\"q\":\"hi\",\"target\":\"auto\"}",
        "{\"q\":\"hi\",\"target\":\"DE\"}",
        "{\"q\":\"hi\",\"target\":\"de;rm\"}",
        "{\"q\":\"hi\",\"target\":\"<script>\"}",
        "{\"q\":\"hi\",\"source\":\"english\",\"target\":\"de\"}",
        "{\"q\":\"hi\",\"source\":7,\"target\":\"de\"}",
      })
  void badRequestsAreRefused(String body) {
    assertThrows(
        JsonHttp.BadRequest.class,
        () ->
            TranslationRequest.parse(
                Json.createReader(new java.io.StringReader(body)).readObject()));
  }

  @Test
  void theLengthLimitCountsCharactersNotUtf16Units() throws Exception {
    String emoji = "😀".repeat(TranslationRequest.MAX_CHARS);
    assertEquals(
        emoji,
        TranslationRequest.parse(
                Json.createObjectBuilder().add("q", emoji).add("target", "de").build())
            .q());
    assertThrows(
        JsonHttp.BadRequest.class,
        () ->
            TranslationRequest.parse(
                Json.createObjectBuilder().add("q", emoji + "x").add("target", "de").build()));
    TranslationRequest r =
        TranslationRequest.parse(
            Json.createObjectBuilder().add("q", "x").add("target", "pt-BR").build());
    assertEquals("auto", r.source());
    assertTrue(TranslationRequest.isLanguage("zh-Hans"));
  }
}
