package org.tfx.sessions.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PageMetadataTest {
  private static final URI PAGE = URI.create("https://news.example/a/story.html");

  private static PageMetadata parse(String html, String charset) {
    return PageMetadata.parse(
        html.getBytes(charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)),
        charset,
        PAGE);
  }

  @Test
  void openGraphWinsOverTheTitle() {
    PageMetadata m =
        parse(
            """
            <html><head><title>Plain title</title>
            <meta property="og:title" content="  The   OG
              title ">
            <meta property="og:description" content="What it is about">
            <meta property="og:image" content="/img/cover.jpg">
            <meta property="og:site_name" content="News">
            <meta name="description" content="ignored">
            </head><body>…</body></html>
            """,
            null);
    assertEquals("The OG title", m.title());
    assertEquals("What it is about", m.description());
    assertEquals("https://news.example/img/cover.jpg", m.image());
    assertEquals("News", m.siteName());
  }

  @Test
  void fallsBackToTwitterCardsTitleAndDescription() {
    PageMetadata m =
        parse(
            "<title>Only &amp; title</title><meta name=\"twitter:image\" content=\"https://cdn.example/i.png\">"
                + "<meta name=\"description\" content=\"desc\">",
            null);
    assertEquals("Only & title", m.title());
    assertEquals("desc", m.description());
    assertEquals("https://cdn.example/i.png", m.image());
    assertNull(m.siteName());
  }

  @Test
  void markupInValuesIsJustText() {
    PageMetadata m =
        parse(
            "<meta property=\"og:title\" content=\"<script>alert(1)</script>\u202e evil\">"
                + "<meta property=\"og:image\" content=\"javascript:alert(1)\">",
            null);
    assertEquals("<script>alert(1)</script> evil", m.title());
    assertNull(m.image(), "only http(s) images");
  }

  @Test
  void readsTheCharsetFromTheHeaderOrTheMetaTag() {
    assertEquals("Grüße", parse("<title>Grüße</title>", "ISO-8859-1").title());
    byte[] latin1 =
        "<meta charset=\"iso-8859-1\"><title>Grüße</title>".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("Grüße", PageMetadata.parse(latin1, null, PAGE).title());
    assertEquals("Grüße", PageMetadata.parse(latin1, "no-such-charset", PAGE).title());
  }

  @Test
  void longValuesAreShortenedAndEmptyOnesAreNull() {
    PageMetadata m =
        parse(
            "<title>" + "x".repeat(1000) + "</title><meta name=description content=\"   \">", null);
    assertEquals(300, m.title().length());
    assertNull(m.description());
    assertNull(parse("", null).title());
    assertEquals("👨‍👩‍👧 family", PageMetadata.text("👨‍👩‍👧 family", 100));
  }

  @Test
  void truncatedPagesStillYieldWhatTheyHave() {
    assertEquals(
        "Half", parse("<html><head><title>Half</title><meta property=\"og:desc", null).title());
  }
}
