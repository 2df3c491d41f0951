package org.tfx.sessions.sip.registrar;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;

/**
 * The account store. Passwords come in only to be turned into an HA1 for the current realm; names
 * and passwords are checked here so that every way in (console, tests) gets the same rules.
 */
public final class SipAccounts {
  /** Why an account change was refused, in words fit for the operator. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 128;

  /** A read-only copy of an account for views. */
  public record View(
      String username,
      String displayName,
      boolean enabled,
      boolean realmMatches,
      java.time.Instant updatedAt) {}

  private final Database database;
  private final String realm;
  private final Clock clock;

  public SipAccounts(Database database, String realm, Clock clock) {
    this.database = database;
    this.realm = realm;
    this.clock = clock;
  }

  public String realm() {
    return realm;
  }

  /** The HA1 to check a digest against, if the account exists, is enabled and fits the realm. */
  public Optional<String> ha1(String username) {
    if (username == null || !SipAccount.USERNAME.matcher(username).matches()) {
      return Optional.empty();
    }
    return database.inTransaction(
        em -> {
          SipAccount a = em.find(SipAccount.class, username);
          return a != null && a.enabled() && a.realm().equals(realm)
              ? Optional.of(a.ha1())
              : Optional.<String>empty();
        });
  }

  public Optional<View> find(String username) {
    return database.inTransaction(
        em -> Optional.ofNullable(em.find(SipAccount.class, username)).map(this::view));
  }

  public List<View> list() {
    return database.inTransaction(
        em ->
            em
                .createQuery("SELECT a FROM SipAccount a ORDER BY a.username", SipAccount.class)
                .getResultList()
                .stream()
                .map(this::view)
                .toList());
  }

  public void add(String username, String displayName, String password) {
    checkName(username);
    String display = checkDisplayName(displayName);
    checkPassword(password);
    database.inTransaction(
        em -> {
          if (em.find(SipAccount.class, username) != null) {
            throw new Refused("an account named " + username + " exists already");
          }
          em.persist(
              new SipAccount(
                  username,
                  display,
                  Digest.ha1(username, realm, password),
                  realm,
                  clock.instant()));
          return null;
        });
  }

  public void edit(String username, String displayName, boolean enabled) {
    String display = checkDisplayName(displayName);
    database.inTransaction(
        em -> {
          existing(em, username).edit(display, enabled, clock.instant());
          return null;
        });
  }

  public void resetPassword(String username, String password) {
    checkPassword(password);
    database.inTransaction(
        em -> {
          existing(em, username)
              .setHa1(Digest.ha1(username, realm, password), realm, clock.instant());
          return null;
        });
  }

  public void delete(String username) {
    database.inTransaction(
        em -> {
          em.remove(existing(em, username));
          return null;
        });
  }

  private static SipAccount existing(jakarta.persistence.EntityManager em, String username) {
    SipAccount a = username == null ? null : em.find(SipAccount.class, username);
    if (a == null) {
      throw new Refused("no account named " + username);
    }
    return a;
  }

  private View view(SipAccount a) {
    return new View(
        a.username(), a.displayName(), a.enabled(), a.realm().equals(realm), a.updatedAt());
  }

  private static void checkName(String username) {
    if (username == null || !SipAccount.USERNAME.matcher(username).matches()) {
      throw new Refused(
          "user names are 1-32 lower-case letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
  }

  private static String checkDisplayName(String displayName) {
    String d = displayName == null ? "" : displayName.strip();
    if (d.length() > SipAccount.MAX_DISPLAY_NAME || d.chars().anyMatch(Character::isISOControl)) {
      throw new Refused(
          "display names are at most " + SipAccount.MAX_DISPLAY_NAME + " printable characters");
    }
    return d;
  }

  private static void checkPassword(String password) {
    if (password == null
        || password.length() < MIN_PASSWORD
        || password.length() > MAX_PASSWORD
        || password.chars().anyMatch(Character::isISOControl)) {
      throw new Refused(
          "passwords are " + MIN_PASSWORD + " to " + MAX_PASSWORD + " printable characters");
    }
  }
}
