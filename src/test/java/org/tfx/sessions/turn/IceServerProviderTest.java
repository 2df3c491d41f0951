package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.config.SettingsException;
import org.tfx.sessions.config.SettingsSource;

class IceServerProviderTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static IceServerProvider provider(
      List<String> stun, List<String> turn, List<String> secrets, Duration ttl) {
    return new IceServerProvider(new Settings.Turn(stun, turn, secrets, ttl), CLOCK);
  }

  private static IceServerProvider turnProvider(List<String> secrets) {
    return provider(List.of(), List.of("turn:turn.example.org:3478"), secrets, Duration.ofHours(1));
  }

  @Test
  void nothingConfiguredMeansAnEmptyListAndNoTurn() {
    IceServerProvider p = provider(List.of(), List.of(), List.of(), Duration.ofHours(1));
    assertEquals(List.of(), p.forSubject("room42"));
    assertFalse(p.turnEnabled());
  }

  @Test
  void stunOnlyWhenNoTurnIsConfigured() {
    IceServerProvider p =
        provider(
            List.of("stun:stun.example.org:3478"), List.of(), List.of("s"), Duration.ofHours(1));
    assertEquals(
        List.of(new IceServer(List.of("stun:stun.example.org:3478"), null, null)),
        p.forSubject("room42"));
    assertFalse(p.turnEnabled());
  }

  @Test
  void turnEntryCarriesCredentialsForTheSubjectValidForTheTtl() {
    IceServerProvider p =
        provider(
            List.of("stun:turn.example.org:3478"),
            List.of("turn:turn.example.org:3478", "turns:turn.example.org:443?transport=tcp"),
            List.of("current", "previous"),
            Duration.ofMinutes(90));
    List<IceServer> servers = p.forSubject("peer-7f3a");
    assertEquals(2, servers.size());
    IceServer turn = servers.get(1);
    assertEquals(
        List.of(
            "turn:turn.example.org:3478?transport=udp",
            "turn:turn.example.org:3478?transport=tcp",
            "turns:turn.example.org:443?transport=tcp"),
        turn.urls());
    assertEquals((NOW.getEpochSecond() + 5400) + ":peer-7f3a", turn.username());
    TurnCredentials issued = new TurnCredentials(turn.username(), turn.credential());
    assertEquals(NOW.plus(Duration.ofMinutes(90)), issued.expiry());
    assertTrue(p.turnEnabled());
  }

  @Test
  void defaultTtlIsOneHour() {
    Settings.Turn defaults = Settings.load(SettingsSource.of(Map.of())).turn();
    assertEquals(Duration.ofHours(1), defaults.ttl());
  }

  @Test
  void signsWithTheFirstSecretOnly() {
    IceServer turn = turnProvider(List.of("new", "old")).forSubject("room42").get(0);
    TurnCredentials c = new TurnCredentials(turn.username(), turn.credential());
    assertTrue(c.acceptedBy("new", NOW));
    assertFalse(c.acceptedBy("old", NOW));
  }

  /**
   * A rotation as docs/developer/deployment-coturn.md describes it: credentials issued before the
   * switch stay usable while coturn still accepts the old secret, and new ones use the new secret.
   */
  @Test
  void rotationKeepsEarlierCredentialsValidWhileCoturnAcceptsBothSecrets() {
    IceServer before = turnProvider(List.of("old")).forSubject("room42").get(0);
    IceServer after = turnProvider(List.of("new", "old")).forSubject("room42").get(0);
    List<String> coturnAccepts = List.of("new", "old");
    assertTrue(acceptedByAny(before, coturnAccepts));
    assertTrue(acceptedByAny(after, coturnAccepts));
    // After the window coturn drops the old secret; only credentials signed with the new one work.
    assertFalse(acceptedByAny(before, List.of("new")));
    assertTrue(acceptedByAny(after, List.of("new")));
  }

  private static boolean acceptedByAny(IceServer server, List<String> secrets) {
    TurnCredentials c = new TurnCredentials(server.username(), server.credential());
    return secrets.stream().anyMatch(s -> c.acceptedBy(s, NOW));
  }

  @Test
  void eachCallIssuesCredentialsFromTheCurrentTime() {
    Clock later = Clock.offset(CLOCK, Duration.ofMinutes(10));
    IceServerProvider p =
        new IceServerProvider(
            new Settings.Turn(
                List.of(), List.of("turn:t.example.org"), List.of("s"), Duration.ofHours(1)),
            later);
    assertEquals(
        (NOW.getEpochSecond() + 600 + 3600) + ":room42", p.forSubject("room42").get(0).username());
  }

  @Test
  void stunEntryHasNoCredentials() {
    IceServer stun =
        provider(List.of("stun:[::1]:3478"), List.of(), List.of(), Duration.ofHours(1))
            .forSubject("room42")
            .get(0);
    assertNull(stun.username());
    assertNull(stun.credential());
  }

  @Test
  void duplicateUrlsAppearOnce() {
    IceServer turn =
        provider(
                List.of(),
                List.of("turn:t.example.org", "turn:t.example.org?transport=udp"),
                List.of("s"),
                Duration.ofHours(1))
            .forSubject("room42")
            .get(0);
    assertEquals(
        List.of("turn:t.example.org?transport=udp", "turn:t.example.org?transport=tcp"),
        turn.urls());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stun:t.example.org",
        "http://t.example.org",
        "turn:",
        "turn:t.example.org:0",
        "turn:t.example.org:70000",
        "turn:t.example.org?transport=sctp",
        "turn:t example.org"
      })
  void rejectsMalformedTurnUrls(String url) {
    assertThrows(
        SettingsException.class,
        () -> provider(List.of(), List.of(url), List.of("s"), Duration.ofHours(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"turn:t.example.org", "stun:t.example.org?transport=udp", "t.org"})
  void rejectsMalformedStunUrls(String url) {
    assertThrows(
        SettingsException.class,
        () -> provider(List.of(url), List.of(), List.of(), Duration.ofHours(1)));
  }

  @Test
  void turnWithoutSecretFailsAtStartInsteadOfAtEveryCall() {
    assertThrows(SettingsException.class, () -> turnProvider(List.of()));
  }

  @Test
  void rejectsTtlTooShortForIce() {
    assertThrows(
        SettingsException.class,
        () ->
            provider(
                List.of(), List.of("turn:t.example.org"), List.of("s"), Duration.ofSeconds(5)));
  }
}
