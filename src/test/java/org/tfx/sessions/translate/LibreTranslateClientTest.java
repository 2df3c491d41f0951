package org.tfx.sessions.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfx.sessions.outbound.AddressPolicy;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.testing.FakeLibreTranslate;
import org.tfx.sessions.testing.LoopbackServer;
import org.tfx.sessions.translate.TranslationException.Kind;

/** The LibreTranslate client against a local server that speaks the LibreTranslate API. */
class LibreTranslateClientTest {
  private static FakeLibreTranslate service;

  @BeforeAll
  static void start() {
    service = new FakeLibreTranslate(0, "k3y");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static LibreTranslateClient client(String key, Duration timeout) {
    return new LibreTranslateClient(
        HttpFetcher.standard(AddressPolicy.any(), timeout), service.base().toString(), key);
  }

  @Test
  void translatesAndReportsTheDetectedLanguage() throws Exception {
    Translation t =
        client("k3y", Duration.ofSeconds(20))
            .translate(new TranslationRequest("Hello \"world\" ✓", "auto", "de"));
    assertEquals("[de] Hello \"world\" ✓", t.translatedText());
    assertEquals("en", t.detectedLanguage());
    Translation fixed =
        client("k3y", Duration.ofSeconds(20)).translate(new TranslationRequest("Hi", "en", "fr"));
    assertNull(fixed.detectedLanguage());
    String sent = service.server().seen().get(service.server().seen().size() - 1).body();
    assertTrue(sent.contains("\"api_key\":\"k3y\"") && sent.contains("\"format\":\"text\""), sent);
  }

  @Test
  void aWrongKeyIsTheOperatorsProblem() {
    TranslationException e =
        assertThrows(
            TranslationException.class,
            () ->
                client("wrong", Duration.ofSeconds(20))
                    .translate(new TranslationRequest("x", "en", "de")));
    assertEquals(Kind.FAILED, e.kind());
    assertTrue(
        e.getMessage().contains("403") && e.getMessage().contains("Invalid API key"),
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "hello, xx, REJECTED, xx is not supported",
    "__500__, de, FAILED, answered 500: boom",
    "__garbage__, de, FAILED, not valid JSON",
    "__huge__, de, FAILED, larger than 65536 bytes",
    "__notext__, de, FAILED, has no translatedText",
  })
  void everyFailureIsTypedAndNamed(String q, String target, Kind kind, String message) {
    TranslationException e =
        assertThrows(
            TranslationException.class,
            () ->
                client("k3y", Duration.ofSeconds(20))
                    .translate(new TranslationRequest(q, "en", target)));
    assertEquals(kind, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void aSlowServiceTimesOut() {
    long t0 = System.nanoTime();
    TranslationException e =
        assertThrows(
            TranslationException.class,
            () ->
                client("k3y", Duration.ofMillis(800))
                    .translate(new TranslationRequest("__slow__", "en", "de")));
    assertEquals(Kind.FAILED, e.kind());
    assertTrue(
        e.getMessage().contains("cannot be reached: no answer within 800 ms"), e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 3900, "did not wait for the answer");
  }

  @Test
  void aServiceThatIsDownFails() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    LibreTranslateClient c =
        new LibreTranslateClient(
            HttpFetcher.standard(AddressPolicy.any(), Duration.ofSeconds(2)),
            "http://127.0.0.1:" + closed,
            "");
    TranslationException e =
        assertThrows(
            TranslationException.class, () -> c.translate(new TranslationRequest("x", "en", "de")));
    assertEquals(Kind.FAILED, e.kind());
  }

  @Test
  void listsLanguagesAndDropsBogusEntries() throws Exception {
    List<Language> all = client("", Duration.ofSeconds(20)).languages();
    assertEquals(List.of("en", "de"), all.stream().map(Language::code).toList());
    assertEquals(List.of("de", "fr"), all.get(0).targets());
    assertEquals("German", all.get(1).name());
  }

  @Test
  void aBasePathIsKept() throws Exception {
    try (LoopbackServer proxy =
        new LoopbackServer()
            .on(
                "/libre/translate",
                LoopbackServer.answer(200, "application/json", "{\"translatedText\":\"ok\"}"))) {
      LibreTranslateClient c =
          new LibreTranslateClient(
              HttpFetcher.standard(AddressPolicy.any(), Duration.ofSeconds(20)),
              proxy.url("/libre/").toString(),
              "");
      assertEquals("ok", c.translate(new TranslationRequest("x", "en", "de")).translatedText());
      assertEquals("/libre/translate", proxy.seen().get(0).path());
      assertTrue(!proxy.seen().get(0).body().contains("api_key"), "no key configured, none sent");
    }
  }
}
