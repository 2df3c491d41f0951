package org.tfx.sessions.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST credentials as coturn's {@code use-auth-secret} expects them: {@code username =
 * <expiry-unix>:<subject>}, {@code credential = base64(HMAC-SHA1(secret, username))}. coturn
 * recomputes the credential from the username with each secret it knows and refuses a username
 * whose expiry has passed, so nothing is stored anywhere.
 */
public record TurnCredentials(String username, String credential) {

  /**
   * Peer and room ids. No {@code :} (coturn splits the username at the first one) and nothing that
   * could confuse coturn's log or a STUN USERNAME attribute.
   */
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

  public static TurnCredentials issue(String secret, Instant expiry, String subject) {
    if (!SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException("TURN subject must match " + SUBJECT + ": " + subject);
    }
    String username = expiry.getEpochSecond() + ":" + subject;
    return new TurnCredentials(username, sign(secret, username));
  }

  /** The instant after which coturn refuses these credentials. */
  public Instant expiry() {
    int colon = username.indexOf(':');
    return Instant.ofEpochSecond(
        Long.parseLong(colon < 0 ? username : username.substring(0, colon)));
  }

  /**
   * The check coturn makes: signed with {@code secret} and not yet expired at {@code now}. The
   * server itself never needs it; it keeps the rotation rules testable without a coturn.
   */
  public boolean acceptedBy(String secret, Instant now) {
    byte[] expected = sign(secret, username).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, credential.getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    try {
      return now.isBefore(expiry());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String sign(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
