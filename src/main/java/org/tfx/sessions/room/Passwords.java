package org.tfx.sessions.room;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Room passwords are chosen by people, so unlike secrets they get a slow salted hash:
 * PBKDF2-HMAC-SHA256, stored as {@code pbkdf2-sha256$iterations$salt$hash}.
 */
public final class Passwords {
  private static final int ITERATIONS = 120_000;
  private static final String PREFIX = "pbkdf2-sha256";

  private final SecureRandom random;

  public Passwords(SecureRandom random) {
    this.random = random;
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /**
   * A typed password (null: none) to check against room hashes; each hash is checked once, so the
   * slow check can run before a room's lock and be asked again under it for free.
   */
  public PasswordCheck check(String password) {
    if (password == null) {
      return PasswordCheck.NONE;
    }
    return new PasswordCheck() {
      private String checkedHash;
      private boolean matched;

      @Override
      public boolean given() {
        return true;
      }

      @Override
      public synchronized boolean matches(String hash) {
        if (hash == null) {
          return false;
        }
        if (!hash.equals(checkedHash)) {
          matched = Passwords.matches(password, hash);
          checkedHash = hash;
        }
        return matched;
      }
    };
  }

  public static boolean matches(String password, String stored) {
    if (password == null || stored == null) {
      return false;
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    }
  }
}
