package org.tfx.sessions.room;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random identifiers and bearer secrets, and their hashes. Secrets are at least 144 random bits, so
 * a plain SHA-256 is the right hash for them (no need for a slow one); comparisons run in constant
 * time.
 */
public final class Secrets {
  private static final char[] ALPHANUMERIC =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private final SecureRandom random;

  public Secrets(SecureRandom random) {
    this.random = random;
  }

  /** A public identifier of {@code length} characters from an unambiguous alphabet. */
  public String id(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }

  /** A bearer secret: 18 random bytes (144 bits), base64url without padding (24 characters). */
  public String secret() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Whether {@code secret} hashes to {@code expectedHash}, in time independent of where they
   * differ.
   */
  public static boolean matches(String secret, String expectedHash) {
    return secret != null && sameHash(hash(secret), expectedHash);
  }

  /** Whether two hashes are equal, in time independent of where they differ. */
  public static boolean sameHash(String hash, String expectedHash) {
    if (hash == null || expectedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash.getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
