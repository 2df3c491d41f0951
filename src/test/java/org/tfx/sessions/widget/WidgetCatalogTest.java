package org.tfx.sessions.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.persistence.Database;

/**
 * The catalogue on a real (in-memory H2) database, migrated by Flyway like production. One database
 * for the class (closing one deregisters the JDBC driver); every load replaces the table.
 */
class WidgetCatalogTest {
  private static Database db;
  private WidgetCatalog catalog;

  @BeforeAll
  static void open() {
    // -Dtfx.test.db.url=… (with .user, .password) runs it on another database, e.g. PostgreSQL
    // from .ci/with-postgres, to check that the migrations work there too.
    db =
        Database.open(
            new Settings.Database(
                System.getProperty(
                    "tfx.test.db.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
                System.getProperty("tfx.test.db.user", "sa"),
                System.getProperty("tfx.test.db.password", ""),
                java.time.Duration.ofSeconds(3)));
  }

  @BeforeEach
  void emptyCatalogue() {
    catalog = new WidgetCatalog(db, Clock.systemUTC());
    catalog.load(List.of(), List.of(), List.of());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static Widget widget(String id, String style, boolean background, WidgetSource source) {
    return new Widget(
        new WidgetManifest(
            id,
            id.toUpperCase(),
            "1.0",
            "",
            "icon.svg",
            id + ".js",
            style,
            background,
            List.of("data"),
            List.of(id)),
        source);
  }

  @Test
  void storesBuiltInAndThirdPartyWidgetsWithStyleBackgroundAndSource() {
    Widget chat = widget("chat", "chat.css", false, new WidgetSource.BuiltIn());
    Widget captions = widget("captions", null, true, new WidgetSource.BuiltIn());
    Widget folder =
        widget("echo", "echo.css", false, new WidgetSource.Folder(Path.of("/srv/widgets/echo")));
    Widget remote =
        widget(
            "weather",
            null,
            false,
            new WidgetSource.Remote(URI.create("https://w.example/weather/")));
    assertEquals(4, catalog.load(List.of(chat, captions), List.of(folder, remote), List.of()));

    assertEquals(
        List.of("captions", "chat", "echo", "weather"),
        catalog.enabled().stream().map(Widget::id).toList());
    Widget back = catalog.find("echo").orElseThrow();
    assertEquals(folder, back, "read back from the table unchanged");
    assertEquals(remote, catalog.find("weather").orElseThrow());
    assertTrue(catalog.find("captions").orElseThrow().manifest().background());
    assertEquals("chat.css", catalog.find("chat").orElseThrow().manifest().style());
    assertFalse(catalog.find("chat").orElseThrow().thirdParty());
    assertTrue(catalog.find("weather").orElseThrow().thirdParty());

    String source =
        db.inTransaction(
            em ->
                (String)
                    em.createNativeQuery("select source from widget_descriptor where id = 'echo'")
                        .getSingleResult());
    assertEquals("/srv/widgets/echo", source);
  }

  @Test
  void builtInIdsWinOverThirdPartyOnes() {
    Widget builtIn = widget("chat", null, false, new WidgetSource.BuiltIn());
    Widget impostor =
        widget(
            "chat", null, false, new WidgetSource.Remote(URI.create("https://evil.example/chat/")));
    Widget first = widget("echo", null, false, new WidgetSource.Folder(Path.of("/a")));
    Widget second = widget("echo", null, false, new WidgetSource.Folder(Path.of("/b")));
    assertEquals(2, catalog.load(List.of(builtIn), List.of(impostor, first, second), List.of()));
    assertFalse(catalog.find("chat").orElseThrow().thirdParty());
    assertEquals(
        new WidgetSource.Folder(Path.of("/a")), catalog.find("echo").orElseThrow().source());
  }

  @Test
  void disabledWidgetsAreStoredButNotOffered() {
    catalog.load(
        List.of(widget("chat", null, false, new WidgetSource.BuiltIn())),
        List.of(widget("echo", null, false, new WidgetSource.Folder(Path.of("/a")))),
        List.of("echo"));
    assertEquals(List.of("chat"), catalog.enabled().stream().map(Widget::id).toList());
    assertTrue(catalog.find("echo").isEmpty());
    long rows =
        db.inTransaction(
            em ->
                ((Number)
                        em.createNativeQuery("select count(*) from widget_descriptor")
                            .getSingleResult())
                    .longValue());
    assertEquals(2, rows);
  }

  @Test
  void aLaterStartReplacesVersionsAndForgetsWidgetsThatAreGone() {
    catalog.load(
        List.of(widget("chat", null, false, new WidgetSource.BuiltIn())),
        List.of(widget("echo", null, false, new WidgetSource.Folder(Path.of("/a")))),
        List.of());
    Widget chat2 =
        new Widget(
            new WidgetManifest(
                "chat", "Chat", "2.0", "", null, "chat.js", "chat.css", true, List.of(), List.of()),
            new WidgetSource.BuiltIn());
    catalog.load(List.of(chat2), List.of(), List.of());
    assertEquals(List.of(chat2), catalog.enabled());
    assertTrue(catalog.find("echo").isEmpty());
  }
}
