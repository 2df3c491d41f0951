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
  void everySettingIsDocumentedInTheConfigurationReference() throws Exception {
    String doc = Files.readString(Path.of("docs/developer/configuration.md"));
    for (SettingKey k : SettingKey.values()) {
      assertTrue(
          doc.contains("`" + k.property() + "`"), k.property() + " missing from configuration.md");
      assertTrue(
          doc.contains("`" + k.environmentVariable() + "`"), k.environmentVariable() + " missing");
    }
  }
}
