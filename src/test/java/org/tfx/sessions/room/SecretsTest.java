package org.tfx.sessions.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Secrets secrets = new Secrets(new SecureRandom());

  @Test
  void secretsCarryAtLeast128RandomBits() {
    String s = secrets.secret();
    assertTrue(Base64.getUrlDecoder().decode(s).length * 8 >= 128);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(seen.add(secrets.secret()));
    }
  }

  @Test
  void hashesMatchOnlyTheirSecret() {
    String s = secrets.secret();
    String h = Secrets.hash(s);
    assertEquals(64, h.length());
    assertNotEquals(s, h);
    assertTrue(Secrets.matches(s, h));
    assertFalse(Secrets.matches(s + "x", h));
    assertFalse(Secrets.matches(null, h));
    assertFalse(Secrets.matches(s, null));
  }

  @Test
  void idsUseTheUnambiguousAlphabet() {
    String id = secrets.id(1000);
    assertEquals(1000, id.length());
    assertTrue(id.matches("[A-Za-z2-9]+"));
    assertFalse(
        id.contains("0")
            || id.contains("O")
            || id.contains("l")
            || id.contains("1")
            || id.contains("I"));
  }

  @Test
  void passwordsAreSaltedAndSlowHashed() {
    Passwords p = new Passwords(new SecureRandom());
    String a = p.hash("open sesame");
    String b = p.hash("open sesame");
    assertNotEquals(a, b, "salted");
    assertTrue(a.startsWith("pbkdf2-sha256$"));
    assertTrue(Passwords.matches("open sesame", a));
    assertTrue(Passwords.matches("open sesame", b));
    assertFalse(Passwords.matches("open sesame!", a));
    assertFalse(Passwords.matches("x", "garbage"));
  }
}
