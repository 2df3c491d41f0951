package org.tfx.sessions.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST credentials as coturn's {@code use-auth-secret} expects them: {@code username =
 * <expiry-unix>:<subject>}, {@code credential = base64(HMAC-SHA1(secret, username))}.
 */
public record TurnCredentials(String username, String credential) {

  public static TurnCredentials issue(String secret, Instant expiry, String subject) {
    String username = expiry.getEpochSecond() + ":" + subject;
    return new TurnCredentials(username, sign(secret, username));
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
