package org.tfx.sessions.room;

/**
 * The password a joiner typed, checked against a room's stored hash. Checking is slow on purpose
 * (PBKDF2), so the caller checks against the hash it sees before it takes the room's lock and the
 * room asks again under the lock: the answer for the same hash is remembered.
 */
public interface PasswordCheck {
  /** Whether a password was given at all. */
  boolean given();

  /** Whether the given password matches {@code hash}; false when none was given. */
  boolean matches(String hash);

  /** No password typed. */
  PasswordCheck NONE =
      new PasswordCheck() {
        @Override
        public boolean given() {
          return false;
        }

        @Override
        public boolean matches(String hash) {
          return false;
        }
      };
}
