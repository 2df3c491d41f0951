package org.tfx.sessions.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.logging.Logger;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.room.Passwords;

/**
 * The console's admin password: the one set in {@code tfx.console.adminPassword}, else the one
 * generated at the first start — printed once in the log, kept only as a PBKDF2 hash in the
 * database. There is no default password.
 */
public final class AdminPassword {
  private static final Logger LOG = Logger.getLogger(AdminPassword.class.getName());
  static final String STATE_NAME = "console.adminPasswordHash";
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final int GENERATED_LENGTH = 20;

  private final String hash;

  private AdminPassword(String hash) {
    this.hash = hash;
  }

  /** Resolves the password at start; generates, logs and stores one when there is none yet. */
  public static AdminPassword resolve(
      String configured, Database database, SecureRandom random, Clock clock) {
    Passwords passwords = new Passwords(random);
    if (!configured.isEmpty()) {
      return new AdminPassword(passwords.hash(configured));
    }
    ServerState state = new ServerState(database, clock);
    return state
        .get(STATE_NAME)
        .map(AdminPassword::new)
        .orElseGet(
            () -> {
              String generated = generate(random);
              String h = passwords.hash(generated);
              state.put(STATE_NAME, h);
              LOG.warning(
                  "Operator console (/console): generated admin password "
                      + generated
                      + " . It is shown only this once and stored hashed; set"
                      + " tfx.console.adminPassword to choose your own.");
              return new AdminPassword(h);
            });
  }

  static String generate(SecureRandom random) {
    StringBuilder s = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  public boolean matches(String password) {
    return password != null && password.length() <= 256 && Passwords.matches(password, hash);
  }
}
