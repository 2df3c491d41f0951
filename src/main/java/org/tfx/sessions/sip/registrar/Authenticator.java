package org.tfx.sessions.sip.registrar;

import gov.nist.javax.sip.header.AuthenticationHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;

/**
 * Digest authentication of requests (RFC 3261 22, MD5 with qop=auth, the only algorithm JsSIP
 * speaks): registrations answer to {@code Authorization} / 401, calls to {@code
 * Proxy-Authorization} / 407. Wrong passwords count towards the {@link Lockout}; stale and replayed
 * nonces only earn a new challenge.
 */
public final class Authenticator {
  /** What to do with a request. */
  public sealed interface Outcome permits Authenticated, Challenge, Forbidden {}

  /** The request carries valid credentials of {@code username}. */
  public record Authenticated(String username) implements Outcome {}

  /**
   * Answer 401 or 407 with this header value ({@code WWW-Authenticate} or {@code
   * Proxy-Authenticate}); {@code wrongPassword} when credentials were given and did not match.
   */
  public record Challenge(String header, boolean wrongPassword) implements Outcome {}

  /** Answer 403: locked out. */
  public record Forbidden(String reason) implements Outcome {}

  private final SipAccounts accounts;
  private final Nonces nonces;
  private final Lockout lockout;

  public Authenticator(SipAccounts accounts, Nonces nonces, Lockout lockout) {
    this.accounts = accounts;
    this.nonces = nonces;
    this.lockout = lockout;
  }

  public static Authenticator create(
      SipAccounts accounts, java.time.Duration nonceTtl, Lockout lockout, java.time.Clock clock) {
    return new Authenticator(accounts, new Nonces(nonceTtl, clock), lockout);
  }

  /**
   * Checks {@code request} from {@code address}; {@code proxy} picks Proxy-Authorization (for
   * requests the proxy forwards) over Authorization (for the registrar).
   */
  public Outcome check(SIPRequest request, String address, boolean proxy) {
    Optional<AuthenticationHeader> credentials = credentials(request, proxy);
    String user =
        credentials.map(AuthenticationHeader::getUsername).orElseGet(() -> fromUser(request));
    if (lockout.isLocked(address, String.valueOf(user))) {
      return new Forbidden("too many wrong passwords from " + address);
    }
    if (credentials.isEmpty()) {
      return challenge(false, false);
    }
    AuthenticationHeader c = credentials.get();
    String algorithm = c.getAlgorithm();
    if ((algorithm != null && !algorithm.equalsIgnoreCase("MD5"))
        || !"auth".equalsIgnoreCase(c.getQop())
        || c.getCNonce() == null
        || c.getResponse() == null
        || c.getURI() == null) {
      return challenge(false, false);
    }
    long nc = c.getNonceCount();
    switch (nonces.use(c.getNonce(), nc)) {
      case STALE -> {
        return challenge(true, false);
      }
      case REPLAYED -> {
        return challenge(false, false);
      }
      case FRESH -> {
        // checked below
      }
    }
    Optional<String> ha1 = accounts.ha1(user);
    String expected =
        ha1.map(
                h ->
                    Digest.response(
                        h,
                        c.getNonce(),
                        String.format(Locale.ROOT, "%08x", nc),
                        c.getCNonce(),
                        request.getMethod(),
                        c.getURI().toString()))
            .orElse("");
    if (ha1.isPresent() && Digest.same(expected, c.getResponse())) {
      lockout.succeed(address, user);
      return new Authenticated(user);
    }
    if (lockout.fail(address, String.valueOf(user))) {
      return new Forbidden("too many wrong passwords from " + address);
    }
    return challenge(false, true);
  }

  private Challenge challenge(boolean stale, boolean wrongPassword) {
    return new Challenge(
        "Digest realm=\""
            + accounts.realm()
            + "\", nonce=\""
            + nonces.issue()
            + "\", algorithm=MD5, qop=\"auth\""
            + (stale ? ", stale=true" : ""),
        wrongPassword);
  }

  /** The credentials for our realm, if the request carries any. */
  private Optional<AuthenticationHeader> credentials(SIPRequest request, boolean proxy) {
    Iterator<?> headers =
        request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
    while (headers.hasNext()) {
      Object h = headers.next();
      if (h instanceof AuthenticationHeader a && accounts.realm().equals(a.getRealm())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static String fromUser(SIPRequest request) {
    return request.getFrom().getAddress().getURI() instanceof SipURI uri ? uri.getUser() : null;
  }
}
