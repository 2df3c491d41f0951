package org.tfx.sessions.share;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tfx.sessions.outbound.HttpFetcher;

class FramingRulesTest {
  private static final URI PAGE = URI.create("https://video.example/watch?v=1");
  private static final String OURS = "https://meet.example.com";

  private static HttpFetcher.Response response(String... headers) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(headers[i + 1]);
    }
    return new HttpFetcher.Response(PAGE, 200, h, new byte[0], false);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "| | true",
        "X-Frame-Options | DENY | false",
        "X-Frame-Options | deny | false",
        "X-Frame-Options | SAMEORIGIN | false",
        "X-Frame-Options | ALLOW-FROM https://meet.example.com | true",
        "X-Frame-Options | nonsense | true",
        "X-Frame-Options | ALLOWALL | true",
        "X-Frame-Options | SAMEORIGIN, DENY | false",
        "Content-Security-Policy | frame-ancestors 'none' | false",
        "Content-Security-Policy | frame-ancestors | false",
        "Content-Security-Policy | frame-ancestors 'self' | false",
        "Content-Security-Policy | frame-ancestors * | true",
        "Content-Security-Policy | frame-ancestors https: | true",
        "Content-Security-Policy | frame-ancestors http: | true",
        "Content-Security-Policy | frame-ancestors data: | false",
        "Content-Security-Policy | frame-ancestors https://meet.example.com | true",
        "Content-Security-Policy | frame-ancestors https://MEET.example.com/some/path | true",
        "Content-Security-Policy | frame-ancestors meet.example.com | true",
        "Content-Security-Policy | frame-ancestors *.example.com | true",
        "Content-Security-Policy | frame-ancestors *.meet.example.com | false",
        "Content-Security-Policy | frame-ancestors https://meet.example.com:8443 | false",
        "Content-Security-Policy | frame-ancestors https://meet.example.com:* | true",
        "Content-Security-Policy | frame-ancestors https://other.example | false",
        "Content-Security-Policy | default-src 'self'; frame-ancestors 'self' https://meet.example.com | true",
        "Content-Security-Policy | default-src 'none' | true",
        "Content-Security-Policy | frame-ancestors *, frame-ancestors 'none' | false",
        "Content-Security-Policy-Report-Only | frame-ancestors 'none' | true",
      })
  void decidesLikeABrowser(String header, String value, boolean frameable) {
    HttpFetcher.Response r = header == null ? response() : response(header, value);
    assertEquals(frameable, FramingRules.frameable(r, PAGE, OURS), header + ": " + value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "frame-ancestors 'none' | X-Frame-Options | ALLOWALL | false",
        "frame-ancestors https: | X-Frame-Options | DENY | true",
        "frame-ancestors https: | Content-Security-Policy | frame-ancestors 'self' | false",
      })
  void frameAncestorsWinsAndEveryPolicyMustAllow(
      String csp, String other, String value, boolean frameable) {
    HttpFetcher.Response r = response("Content-Security-Policy", csp, other, value);
    assertEquals(frameable, FramingRules.frameable(r, PAGE, OURS));
  }

  @ParameterizedTest
  @CsvSource({"SAMEORIGIN, true", "DENY, false"})
  void sameOriginPagesMayBeFramedByThemselves(String xfo, boolean frameable) {
    HttpFetcher.Response r = response("X-Frame-Options", xfo);
    assertEquals(
        frameable, FramingRules.frameable(r, URI.create("https://meet.example.com/x"), OURS));
  }
}
