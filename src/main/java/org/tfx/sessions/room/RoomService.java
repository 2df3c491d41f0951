package org.tfx.sessions.room;

import java.time.Clock;
import java.util.Optional;
import org.tfx.sessions.config.Settings;

/** Creating rooms and checking access to them, for the REST side. */
public final class RoomService {
  private static final int ROOM_ID_LENGTH = 10;
  private static final int MAX_ROOM_NAME = 80;

  private final RoomStore store;
  private final Secrets secrets;
  private final Passwords passwords;
  private final Settings.Rooms settings;
  private final Clock clock;

  public RoomService(
      RoomStore store, Secrets secrets, Passwords passwords, Settings.Rooms settings, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.passwords = passwords;
    this.settings = settings;
    this.clock = clock;
  }

  /** Result of {@link #create}: the only time the secret and owner token exist in clear. */
  public record CreatedRoom(String roomId, String name, String secret, String ownerToken) {}

  /** Outcome of an access check. */
  public enum Access {
    OK,
    NOT_FOUND,
    WRONG_SECRET
  }

  public CreatedRoom create(String requestedName, Integer capacity, String password) {
    String name = requestedName == null ? "" : requestedName.strip();
    if (name.length() > MAX_ROOM_NAME) {
      throw new IllegalArgumentException("name is longer than " + MAX_ROOM_NAME + " characters");
    }
    int cap = capacity == null ? settings.defaultCapacity() : capacity;
    if (cap < 2 || cap > settings.maxCapacity()) {
      throw new IllegalArgumentException("capacity must be from 2 to " + settings.maxCapacity());
    }
    if (password != null && password.length() > 256) {
      throw new IllegalArgumentException("password is longer than 256 characters");
    }
    String id = secrets.id(ROOM_ID_LENGTH);
    String secret = secrets.secret();
    String ownerToken = secrets.secret();
    String passwordHash = password == null || password.isEmpty() ? null : passwords.hash(password);
    String shownName = name.isEmpty() ? "Room " + id : name;
    store.insert(
        new Room(
            id,
            shownName,
            Secrets.hash(secret),
            Secrets.hash(ownerToken),
            passwordHash,
            cap,
            clock.instant()));
    return new CreatedRoom(id, shownName, secret, ownerToken);
  }

  public Access check(String roomId, String secret) {
    Optional<Room> room = store.find(roomId);
    if (room.isEmpty()) {
      return Access.NOT_FOUND;
    }
    return Secrets.matches(secret, room.get().secretHash()) ? Access.OK : Access.WRONG_SECRET;
  }

  public Optional<Room> find(String roomId) {
    return store.find(roomId);
  }
}
