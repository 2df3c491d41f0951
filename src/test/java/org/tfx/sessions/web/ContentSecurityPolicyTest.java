package org.tfx.sessions.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfx.sessions.config.Settings;

class ContentSecurityPolicyTest {
  private static final String EXT = "fppgfecofegoimljfpigcgaddhhebeda";
  private final ContentSecurityPolicy csp =
      new ContentSecurityPolicy(
          new Settings.Origins(
              List.of(
                  "https://partner.example",
                  "http://127.0.0.1:9000",
                  "not an origin; script-src *"),
              EXT),
          List.of("https:", "https://media.example"));

  @Test
  void everyOtherPageKeepsTheStrictPolicy() {
    assertEquals(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
            + "font-src 'self'; frame-src 'self'; worker-src 'self' blob:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
        ContentSecurityPolicy.strict());
  }

  @Test
  void roomPagesMayShowSharedMediaAndFrames() {
    assertEquals(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' https: https://media.example data: blob:; "
            + "media-src 'self' https: https://media.example blob:; connect-src 'self'; "
            + "font-src 'self'; frame-src 'self' https: https://media.example; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'self'",
        csp.room());
  }

  @Test
  void theEmbedPageMayBeFramedByTheAllowedOriginsOnly() {
    assertTrue(
        csp.embed()
            .endsWith("frame-ancestors 'self' https://partner.example http://127.0.0.1:9000"),
        csp.embed());
    assertTrue(
        csp.embed().startsWith(csp.room().substring(0, csp.room().indexOf("frame-ancestors"))));
    assertEquals(List.of("https://partner.example", "http://127.0.0.1:9000"), csp.embedOrigins());
    assertFalse(
        csp.embed().contains("script-src *"), "a malformed origin cannot inject directives");
  }

  @Test
  void theWidgetFrameIsSandboxedAndMayOnlyLoadFromUsAndTheWidgetsSite() {
    assertEquals(
        "sandbox allow-scripts; default-src 'none'; script-src 'self' https://w.example; "
            + "style-src 'self' https://w.example; img-src 'self' https://w.example data: blob:; "
            + "font-src 'self' https://w.example data:; media-src 'self' https://w.example data: blob:; "
            + "connect-src 'none'; frame-src 'none'; worker-src 'none'; object-src 'none'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self' chrome-extension://"
            + EXT
            + " https://partner.example http://127.0.0.1:9000",
        csp.widgetFrame("https://w.example"));
    assertTrue(csp.widgetFrame(null).contains("script-src 'self';"));
  }

  @Test
  void noShareSourcesMeansThisServerOnly() {
    ContentSecurityPolicy none =
        new ContentSecurityPolicy(new Settings.Origins(List.of(), "bad id"), List.of());
    assertEquals(ContentSecurityPolicy.strict(), none.room());
    assertEquals(ContentSecurityPolicy.strict(), none.embed());
    assertTrue(
        none.widgetFrame(null).endsWith("frame-ancestors 'self'"),
        "a malformed extension id is left out");
  }

  @ParameterizedTest
  @CsvSource({
    "/app/, ROOM",
    "/app/index.html, ROOM",
    "/r/abcd1234, ROOM",
    "/embed/abcd1234, EMBED",
    "/embed/embed.js, EMBED",
    "/widget-frame/echo, WIDGET_FRAME",
    "/, OTHER",
    "/index.html, OTHER",
    "/manual/user/, OTHER",
    "/widgets/chat/chat.js, OTHER",
    "/api/widgets, OTHER",
    "/embed, OTHER",
    "/application, OTHER",
    "/rooms, OTHER",
  })
  void pathsMapToTheirKindOfPage(String path, SecurityHeadersFilter.Page page) {
    assertEquals(page, SecurityHeadersFilter.pageOf(path));
  }
}
