package org.tfx.sessions.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharedUrlTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/",
        "http://example.com:8080/a?b=c#d",
        "HTTPS://EXAMPLE.COM/x",
        "https://[2606:4700::1111]/",
        "  https://example.com/padded  "
      })
  void acceptsHttpUrls(String url) {
    assertTrue(SharedUrl.parse(url).isPresent(), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com",
        "/relative",
        "javascript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "ftp://example.com/",
        "https://user:pw@example.com/",
        "https://user@example.com/",
        "https:///path",
        "https://exa mple.com/",
        "http:example.com",
        "gopher://x/"
      })
  void refusesEverythingElse(String url) {
    assertTrue(SharedUrl.parse(url).isEmpty(), url);
  }

  @Test
  void internationalHostsBecomeAscii() {
    URI u = SharedUrl.parse("https://bücher.example/straße?x=1").orElseThrow();
    assertEquals("xn--bcher-kva.example", u.getHost());
  }

  @Test
  void overlongUrlsAreRefused() {
    assertTrue(SharedUrl.parse("https://example.com/" + "a".repeat(2100)).isEmpty());
  }
}
