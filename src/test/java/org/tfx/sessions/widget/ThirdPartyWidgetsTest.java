package org.tfx.sessions.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfx.sessions.outbound.AddressPolicy;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.testing.LoopbackServer;
import org.tfx.sessions.testing.RawServer;
import org.tfx.sessions.web.RelativePath;

class ThirdPartyWidgetsTest {
  private static final String MANIFEST =
      "{\"id\":\"echo\",\"name\":\"Echo\",\"version\":\"1.0\",\"entry\":\"main.js\",\"style\":\"echo.css\"}";

  private final ThirdPartyWidgets loader =
      new ThirdPartyWidgets(HttpFetcher.standard(AddressPolicy.any(), Duration.ofSeconds(2)));

  private static Path widgetFolder(Path dir, String manifest) throws Exception {
    Path w = Files.createDirectories(dir.resolve("echo"));
    Files.writeString(w.resolve("widget.json"), manifest);
    Files.writeString(w.resolve("main.js"), "export function mount() {}");
    Files.writeString(w.resolve("echo.css"), "p{}");
    return w;
  }

  @Test
  void loadsAFolderWidget(@TempDir Path dir) throws Exception {
    Path w = widgetFolder(dir, MANIFEST);
    List<Widget> loaded = loader.load(List.of(w.toString()));
    assertEquals(1, loaded.size());
    assertEquals(new WidgetSource.Folder(w.toRealPath()), loaded.get(0).source());
    assertEquals("echo.css", loaded.get(0).manifest().style());
  }

  @Test
  void skipsFolderWidgetsThatAreIncompleteOrEscape(@TempDir Path dir) throws Exception {
    Path missingEntry = widgetFolder(dir.resolve("a"), MANIFEST);
    Files.delete(missingEntry.resolve("main.js"));
    Path escaping = widgetFolder(dir.resolve("b"), MANIFEST);
    Files.writeString(dir.resolve("outside.js"), "secret");
    Files.delete(escaping.resolve("main.js"));
    Files.createSymbolicLink(escaping.resolve("main.js"), dir.resolve("outside.js"));
    Path linkedManifest = Files.createDirectories(dir.resolve("c"));
    Files.writeString(dir.resolve("outside.json"), MANIFEST);
    Files.createSymbolicLink(linkedManifest.resolve("widget.json"), dir.resolve("outside.json"));
    Path badJson = widgetFolder(dir.resolve("d"), "{not json");
    assertEquals(
        List.of(),
        loader.load(
            List.of(
                missingEntry.toString(),
                escaping.toString(),
                linkedManifest.toString(),
                badJson.toString(),
                "relative/folder",
                dir.resolve("nothing-here").toString(),
                "ftp://example.com/w/")));
  }

  @Test
  void symbolicLinksOutOfTheFolderLeadNowhere(@TempDir Path dir) throws Exception {
    Path w = widgetFolder(dir, MANIFEST);
    Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(w.resolve("leak.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(w.resolve("up"), dir);
    Files.createDirectories(w.resolve("lib"));
    Files.writeString(w.resolve("lib/inner.js"), "x");
    Files.createSymbolicLink(w.resolve("alias.js"), w.resolve("lib/inner.js"));
    Path root = FolderFiles.root(w).orElseThrow();
    assertTrue(FolderFiles.resolve(root, RelativePath.parse("leak.txt").orElseThrow()).isEmpty());
    assertTrue(
        FolderFiles.resolve(root, RelativePath.parse("up/secret.txt").orElseThrow()).isEmpty());
    assertTrue(
        FolderFiles.resolve(root, RelativePath.parse("lib").orElseThrow()).isEmpty(), "no folders");
    assertEquals(
        w.toRealPath().resolve("lib/inner.js"),
        FolderFiles.resolve(root, RelativePath.parse("alias.js").orElseThrow()).orElseThrow(),
        "a link that stays inside is fine");
  }

  @Test
  void loadsAUrlWidgetFromItsBaseUrlWhicheverWayItIsWritten() throws Exception {
    try (LoopbackServer site =
        new LoopbackServer()
            .on("/w/echo/widget.json", LoopbackServer.answer(200, "application/json", MANIFEST))) {
      for (String entry :
          List.of(
              site.url("/w/echo").toString(),
              site.url("/w/echo/").toString(),
              site.url("/w/echo/widget.json").toString())) {
        List<Widget> loaded = loader.load(List.of(entry));
        assertEquals(1, loaded.size(), entry);
        WidgetSource.Remote r = (WidgetSource.Remote) loaded.get(0).source();
        assertEquals(site.url("/w/echo/"), r.base());
        assertEquals(site.base().toString(), r.origin());
      }
    }
  }

  @Test
  void urlWidgetsThatFailAreSkippedNotFatal() throws Exception {
    try (LoopbackServer site =
            new LoopbackServer()
                .on("/missing/", LoopbackServer.answer(404, "text/plain", "no"))
                .on(
                    "/garbage/widget.json",
                    LoopbackServer.answer(200, "application/json", "<html>"))
                .on(
                    "/big/widget.json",
                    LoopbackServer.answer(
                        200, "application/json", "{\"x\":\"" + "a".repeat(70_000) + "\"}"))
                .on(
                    "/moved/widget.json",
                    LoopbackServer.answer(301, null, "", "Location", "/w/echo/widget.json"))
                .on("/ok/widget.json", LoopbackServer.answer(200, "application/json", MANIFEST));
        RawServer silent = new RawServer((socket, out) -> Thread.sleep(10_000))) {
      long t0 = System.nanoTime();
      List<Widget> loaded =
          loader.load(
              List.of(
                  site.url("/missing/").toString(),
                  site.url("/garbage/").toString(),
                  site.url("/big/").toString(),
                  site.url("/moved/").toString(),
                  silent.url("/slow/").toString(),
                  "http://127.0.0.1:1/closed/",
                  "https://user@example.com/w/",
                  "http://example.com/w/?q=1",
                  site.url("/ok/").toString()));
      assertEquals(List.of("echo"), loaded.stream().map(Widget::id).toList(), "only the good one");
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "the silent one timed out");
    }
  }

  @Test
  void baseUrlsAreNormalised() {
    assertEquals(
        URI.create("https://w.example/a/"), ThirdPartyWidgets.baseOf("https://w.example/a"));
    assertEquals(URI.create("https://w.example/"), ThirdPartyWidgets.baseOf("https://w.example"));
    assertEquals(
        URI.create("https://w.example/a/"),
        ThirdPartyWidgets.baseOf("https://w.example/a/widget.json"));
    assertThrows(
        IllegalArgumentException.class, () -> ThirdPartyWidgets.baseOf("https://w.example/a#x"));
    assertThrows(
        IllegalArgumentException.class, () -> ThirdPartyWidgets.baseOf("https://u:p@w.example/a/"));
  }
}
