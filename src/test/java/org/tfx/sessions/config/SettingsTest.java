package org.tfx.sessions.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    Settings s = Settings.load(SettingsSource.of(Map.of()));
    assertEquals("jdbc:h2:file:./data/tfx-sessions", s.database().url());
    assertEquals(Duration.ofSeconds(20), s.rooms().grace());
    assertEquals(Duration.ofSeconds(10), s.signaling().helloTimeout());
    assertEquals(65536, s.signaling().maxFrameBytes());
    assertEquals(20.0, s.signaling().ratePerSecond());
    assertEquals(100, s.signaling().rateBurst());
    assertEquals(List.of(), s.turn().stunUrls());
    assertFalse(s.turn().enabled());
  }

  @Test
  void systemPropertyWinsOverEnvironment() {
    SettingsSource src =
        new SettingsSource(
            Map.of("tfx.session.grace", "5s")::get,
            Map.of("TFX_SESSION_GRACE", "9s", "TFX_WS_HELLO_TIMEOUT", "250ms")::get);
    Settings s = Settings.load(src);
    assertEquals(Duration.ofSeconds(5), s.rooms().grace());
    assertEquals(Duration.ofMillis(250), s.signaling().helloTimeout());
  }

  @Test
  void environmentNamesAreDerived() {
    assertEquals("TFX_WS_HELLO_TIMEOUT", SettingKey.HELLO_TIMEOUT.environmentVariable());
    assertEquals("TFX_DB_URL", SettingKey.DB_URL.environmentVariable());
  }

  @Test
  void listsAndOrigins() {
    Settings s =
        Settings.load(
            SettingsSource.of(Map.of("tfx.origins.allowed", " https://a.test , https://b.test,")));
    assertEquals(List.of("https://a.test", "https://b.test"), s.origins().allowed());
    assertTrue(s.origins().allows("https://b.test"));
    assertTrue(s.origins().allows("chrome-extension://" + SettingKey.EXTENSION_ID.defaultValue()));
    assertFalse(s.origins().allows("https://c.test"));
  }

  @Test
  void badValuesNameTheSettingAndWhatIsExpected() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> Settings.load(SettingsSource.of(Map.of("tfx.ws.rateBurst", "many"))));
    assertTrue(e.getMessage().contains("tfx.ws.rateBurst"), e.getMessage());
    assertTrue(e.getMessage().contains("TFX_WS_RATE_BURST"), e.getMessage());
    assertThrows(
        SettingsException.class,
        () -> Settings.load(SettingsSource.of(Map.of("tfx.session.grace", "-5s"))));
    assertThrows(
        SettingsException.class,
        () -> Settings.load(SettingsSource.of(Map.of("tfx.ws.ratePerSecond", "NaN"))));
    assertThrows(
        SettingsException.class,
        () ->
            Settings.load(
                SettingsSource.of(
                    Map.of("tfx.room.defaultCapacity", "20", "tfx.room.maxCapacity", "10"))));
  }

  @Test
  void translationAndSharingDefaults() {
    Settings s = Settings.load(SettingsSource.of(Map.of()));
    assertFalse(s.translate().enabled());
    assertEquals(Duration.ofSeconds(5), s.translate().timeout());
    assertEquals(2000, s.translate().cacheSize());
    assertEquals(120, s.translate().ratePerMinute());
    assertTrue(s.share().linkPreview());
    assertFalse(s.share().allowPrivateAddresses());
    assertEquals(List.of("https:"), s.share().sources());
    assertEquals(30, s.share().ratePerMinute());
    assertEquals(Duration.ofMinutes(10), s.share().cacheTtl());
    assertEquals(Duration.ofSeconds(5), s.widgets().fetchTimeout());
  }

  @Test
  void translationAndSharingSettingsAreChecked() {
    Settings s =
        Settings.load(
            SettingsSource.of(
                Map.of(
                    "tfx.translate.url", "http://translate.internal:5000/",
                    "tfx.translate.apiKey", "s3cret",
                    "tfx.share.sources",
                        "https:, https://*.media.example  http://cdn.example:8080/v/",
                    "tfx.share.linkPreview", "off")));
    assertEquals("http://translate.internal:5000", s.translate().url());
    assertTrue(s.translate().enabled());
    assertFalse(s.translate().toString().contains("s3cret"), "the key stays out of logs");
    assertEquals(
        List.of("https:", "https://*.media.example", "http://cdn.example:8080/v/"),
        s.share().sources());
    assertFalse(s.share().linkPreview());
    for (Map<String, String> bad :
        List.of(
            Map.of("tfx.translate.url", "translate.internal"),
            Map.of("tfx.translate.url", "ftp://x/"),
            Map.of("tfx.share.sources", "'unsafe-inline'"),
            Map.of("tfx.share.sources", "https:; script-src *"),
            Map.of("tfx.share.sources", "https://a.example'"),
            Map.of("tfx.share.linkPreview", "maybe"),
            Map.of("tfx.translate.cacheSize", "-1"))) {
      SettingsException e =
          assertThrows(SettingsException.class, () -> Settings.load(SettingsSource.of(bad)));
      assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
    }
    assertEquals(
        List.of(),
        Settings.load(SettingsSource.of(Map.of("tfx.share.sources", "none"))).share().sources());
  }

  @Test
  void aClusterNeedsPostgresAndARedisUrl() {
    assertFalse(Settings.load(SettingsSource.of(Map.of())).cluster().enabled());
    SettingsException h2 =
        assertThrows(
            SettingsException.class,
            () ->
                Settings.load(
                    SettingsSource.of(Map.of("tfx.cluster.redisUrl", "redis://127.0.0.1:6379"))));
    assertTrue(h2.getMessage().contains("tfx.db.url"), h2.getMessage());
    assertTrue(h2.getMessage().contains("PostgreSQL"), h2.getMessage());
    SettingsException url =
        assertThrows(
            SettingsException.class,
            () ->
                Settings.load(
                    SettingsSource.of(
                        Map.of(
                            "tfx.cluster.redisUrl", "127.0.0.1:6379",
                            "tfx.db.url", "jdbc:postgresql://db/tfx"))));
    assertTrue(url.getMessage().contains("redis://"), url.getMessage());
    Settings ok =
        Settings.load(
            SettingsSource.of(
                Map.of(
                    "tfx.cluster.redisUrl", "redis://127.0.0.1:6379",
                    "tfx.db.url", "jdbc:postgresql://db/tfx",
                    "tfx.cluster.nodeId", "eu-1")));
    assertTrue(ok.cluster().enabled());
    assertEquals(Duration.ofSeconds(5), ok.cluster().nodeTtl());
    assertThrows(
        SettingsException.class,
        () -> Settings.load(SettingsSource.of(Map.of("tfx.cluster.nodeId", "no spaces"))));
    assertThrows(
        SettingsException.class,
        () ->
            Settings.load(
                SettingsSource.of(
                    Map.of("tfx.cluster.heartbeat", "3s", "tfx.cluster.nodeTtl", "5s"))));
  }

  @Test
  void everySettingIsDocumentedInTheConfigurationReference() throws Exception {
    Path file = Path.of("docs/developer/configuration.md");
    String doc = Files.readString(file);
    String header =
        "| system property | environment variable | default | meaning |\n|---|---|---|---|\n";
    int start = doc.indexOf(header);
    assertTrue(start >= 0, "configuration.md lost its table header");
    int end = doc.indexOf("\n\n", start);
    String expected = header + table();
    if (!doc.substring(start, end + 1).equals(expected)) {
      if (Boolean.getBoolean("regenerate")) {
        Files.writeString(file, doc.substring(0, start) + expected + doc.substring(end + 1));
        return;
      }
      throw new AssertionError(
          "docs/developer/configuration.md does not list SettingKey as it is; regenerate it with\n"
              + "  mvn -o -Dexec.skip=true test -Dtest=SettingsTest -Dregenerate=true\n"
              + "expected table:\n"
              + expected);
    }
  }

  /** One row per {@link SettingKey}, in declaration order. */
  static String table() {
    StringBuilder rows = new StringBuilder();
    for (SettingKey k : SettingKey.values()) {
      rows.append("| `")
          .append(k.property())
          .append("` | `")
          .append(k.environmentVariable())
          .append("` | ")
          .append(k.defaultValue().isEmpty() ? "*(empty)*" : "`" + k.defaultValue() + "`")
          .append(" | ")
          .append(k.description())
          .append(" |\n");
    }
    return rows.toString();
  }
}
