package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TurnCredentialsTest {
  private static final Instant EXPIRY = Instant.ofEpochSecond(1_700_000_000L);

  /**
   * Vector computed outside Java with OpenSSL:
   *
   * <pre>
   * printf %s "1700000000:room42" | openssl dgst -sha1 -hmac "tfx-test-secret" -binary | base64
   * 8N8Dj6+qA7LMwYho1MtjCSPnqsk=
   * </pre>
   */
  @Test
  void matchesVectorComputedWithOpenssl() {
    TurnCredentials c = TurnCredentials.issue("tfx-test-secret", EXPIRY, "room42");
    assertEquals("1700000000:room42", c.username());
    assertEquals("8N8Dj6+qA7LMwYho1MtjCSPnqsk=", c.credential());
  }

  /**
   * Second vector, also from OpenSSL, with coturn's sample secret and a peer id:
   *
   * <pre>
   * printf %s "1700003600:peer-7f3a" | openssl dgst -sha1 -hmac "north" -binary | base64
   * 4UgthxO8Ua69zY4YSKrs4oTWGj8=
   * </pre>
   */
  @Test
  void matchesSecondVectorWithPeerId() {
    TurnCredentials c = TurnCredentials.issue("north", EXPIRY.plusSeconds(3600), "peer-7f3a");
    assertEquals("1700003600:peer-7f3a", c.username());
    assertEquals("4UgthxO8Ua69zY4YSKrs4oTWGj8=", c.credential());
  }

  @Test
  void expiryIsReadBackFromTheUsername() {
    assertEquals(EXPIRY, TurnCredentials.issue("s", EXPIRY, "room42").expiry());
  }

  @Test
  void acceptedUntilTheExpirySecond() {
    TurnCredentials c = TurnCredentials.issue("s", EXPIRY, "room42");
    assertTrue(c.acceptedBy("s", EXPIRY.minusSeconds(1)));
    assertFalse(c.acceptedBy("s", EXPIRY));
    assertFalse(c.acceptedBy("s", EXPIRY.plusSeconds(3600)));
  }

  @Test
  void refusedWithAnotherSecret() {
    TurnCredentials c = TurnCredentials.issue("s", EXPIRY, "room42");
    assertFalse(c.acceptedBy("t", EXPIRY.minusSeconds(1)));
  }

  @Test
  void refusedWhenTheExpiryInTheUsernameIsPushedBack() {
    TurnCredentials real = TurnCredentials.issue("s", EXPIRY, "room42");
    TurnCredentials forged = new TurnCredentials("1900000000:room42", real.credential());
    assertFalse(forged.acceptedBy("s", EXPIRY.minusSeconds(1)));
  }

  @Test
  void refusedWhenTheUsernameHasNoNumericExpiry() {
    String username = "never:room42";
    TurnCredentials odd = new TurnCredentials(username, TurnCredentials.sign("s", username));
    assertFalse(odd.acceptedBy("s", EXPIRY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a:b", "room 42", "röom", "a\nb"})
  void rejectsSubjectsThatWouldBreakTheUsername(String subject) {
    assertThrows(IllegalArgumentException.class, () -> TurnCredentials.issue("s", EXPIRY, subject));
  }
}
