package org.tfx.sessions.sip.registrar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 arithmetic of HTTP Digest as SIP uses it (RFC 2617 with qop=auth; RFC 3261 22.4). */
public final class Digest {
  private Digest() {}

  public static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  public static String ha1(String username, String realm, String password) {
    return md5(username + ":" + realm + ":" + password);
  }

  /** The {@code response} a client with {@code ha1} must send for qop=auth. */
  public static String response(
      String ha1, String nonce, String nc, String cnonce, String method, String uri) {
    String ha2 = md5(method + ":" + uri);
    return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  }

  /** Compares two hex digests in time independent of where they differ. */
  public static boolean same(String expected, String actual) {
    return actual != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
