package org.tfx.sessions.manual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering, link rewriting and the allow-list, on the real docs/ and on small made-up sets. */
class ManualTest {
  @TempDir Path dir;

  private Manual manual(Map<String, String> files) throws Exception {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    List<String> bad = new ArrayList<>();
    Manual m = Manual.build(DocSet.fromDirectory(dir, bad), "[]");
    assertEquals(List.of(), bad);
    return m;
  }

  private static String page(Manual m, String path) {
    return new String(m.find(path).orElseThrow().body(), StandardCharsets.UTF_8);
  }

  @Test
  void theRealManualsHaveNoBrokenLinksAndKeepTheirUrls() throws Exception {
    List<String> bad = new ArrayList<>();
    Manual m = Manual.build(DocSet.fromDirectory(Path.of("docs"), bad), null);
    assertEquals(List.of(), bad);
    assertEquals(List.of(), m.problems());
    for (String path :
        List.of(
            "/",
            "/user/",
            "/developer/",
            "/user/getting-started",
            "/user/extension",
            "/user/pre-join",
            "/user/room-controls",
            "/user/troubleshooting",
            "/user/troubleshooting-network",
            "/user/privacy",
            "/user/widgets",
            "/developer/architecture",
            "/developer/protocol",
            "/developer/sdk",
            "/developer/widget-api",
            "/developer/widget-tutorial",
            "/developer/deployment",
            "/developer/deployment-coturn",
            "/developer/configuration",
            "/developer/operations")) {
      assertTrue(m.find(path).isPresent(), "served: /manual" + path);
    }
  }

  @Test
  void linksBetweenDocsBecomeServedUrls() throws Exception {
    Manual m =
        manual(
            Map.of(
                "user/a.md", "# A\n\nSee [b](b.md#two-words), [dev](../developer/index.md).\n",
                "user/b.md", "# B\n\n## Two words\n\ntext\n",
                "developer/index.md", "# Dev\n\n![diagram](images/d.svg)\n",
                "developer/images/d.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    assertEquals(List.of(), m.problems());
    String a = page(m, "/user/a");
    assertTrue(a.contains("href=\"/manual/user/b#two-words\""), a);
    assertTrue(a.contains("href=\"/manual/developer/\""), a);
    assertTrue(page(m, "/user/b").contains("id=\"two-words\""));
    assertTrue(page(m, "/developer/").contains("src=\"/manual/developer/images/d.svg\""));
    assertEquals("image/svg+xml", m.find("/developer/images/d.svg").orElseThrow().contentType());
    assertEquals("/manual/developer/", m.redirect("/developer").orElseThrow());
    assertTrue(m.redirect("/user").isEmpty(), "no index, no redirect");
  }

  @Test
  void brokenLinksMissingAnchorsAndEscapesAreProblems() throws Exception {
    Manual m =
        manual(
            Map.of(
                "user/a.md",
                "# A\n\n[gone](nope.md) [anchor](b.md#nowhere) [up](../../etc/passwd)"
                    + " [src](../../pom.xml)\n",
                "user/b.md",
                "no title here\n"));
    String all = String.join("\n", m.problems());
    assertTrue(all.contains("nope.md"), all);
    assertTrue(all.contains("#nowhere"), all);
    assertTrue(all.contains("../../etc/passwd"), all);
    assertTrue(all.contains("../../pom.xml"), all);
    assertTrue(all.contains("user/b.md: no level-1 heading"), all);
  }

  @Test
  void rawHtmlIsEscapedAndScriptUrlsDropped() throws Exception {
    Manual m =
        manual(
            Map.of(
                "user/x.md",
                "# X <img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\n"
                    + "[click](javascript:alert(1)) <b onclick=\"x\">b</b>\n"));
    String html = page(m, "/user/x");
    String body = html.substring(html.indexOf("<article>"));
    assertFalse(body.contains("<script>"), body);
    assertFalse(body.contains("<img src=x"), body);
    assertFalse(body.contains("<b onclick"), body);
    assertFalse(body.contains("javascript:"), body);
    assertTrue(body.contains("&lt;script&gt;"), body);
    assertFalse(html.contains("<title>X <img"), "title is escaped too");
  }

  @Test
  void pagesHaveNavigationForBothManualsATableOfContentsAndNoInlineScriptOrStyle()
      throws Exception {
    Manual m = Manual.build(DocSet.fromDirectory(Path.of("docs"), new ArrayList<>()), null);
    String html = page(m, "/developer/deployment");
    assertTrue(html.contains("href=\"/manual/user/getting-started\""), "user manual in the nav");
    assertTrue(
        html.contains("href=\"/manual/developer/deployment\" aria-current=\"page\""), "current");
    assertTrue(html.contains("<aside class=\"manual-toc\""));
    assertTrue(html.contains("href=\"#tls-and-the-reverse-proxy-nginx\""), "toc entry");
    assertFalse(html.matches("(?s).*<script>.*"), "no inline script");
    assertFalse(html.contains("style=\""), "no inline style");
    assertFalse(html.contains("<style"), "no style element");
  }

  @Test
  void manifestOnlyAdmitsSafeNames() {
    for (String name :
        List.of(
            "../web.xml",
            "user/../../x.md",
            "/etc/passwd.md",
            "user/A.md",
            "user/x.md.class",
            "user\\x.md",
            "user/.hidden.md",
            "user/x.html")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> DocSet.fromManifest(name + "\n", n -> new ByteArrayInputStream(new byte[0])),
          name);
    }
    assertFalse(DocSet.SAFE_NAME.matcher("user/x.md\n").matches());
  }

  @Test
  void samplesAreNeitherServedNorReported(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("developer/samples/wave"));
    Files.writeString(dir.resolve("developer/samples/wave/wave.js"), "x");
    Files.writeString(dir.resolve("developer/page.md"), "# Page\n");
    Files.writeString(dir.resolve("developer/Bad.js"), "x");
    List<String> bad = new ArrayList<>();
    DocSet set = DocSet.fromDirectory(dir, bad);
    assertEquals(List.of("developer/Bad.js"), bad.stream().map(b -> b.split(":")[0]).toList());
    assertEquals(List.of("developer/page.md"), set.names());
  }

  @Test
  void searchIndexHasEverySectionAndIsSafeJson() throws Exception {
    Manual m =
        manual(
            Map.of("user/a.md", "# Alpha\n\nintro \"quoted\" </script>\n\n## Beta\n\nbeta text\n"));
    String json = SearchIndex.json(m.pages());
    assertTrue(json.contains("\"url\":\"/manual/user/a#beta\""), json);
    assertTrue(json.contains("\\\"quoted\\\""), json);
    assertFalse(json.contains("</script>"), json);
  }
}
