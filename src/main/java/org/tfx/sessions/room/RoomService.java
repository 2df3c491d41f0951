package org.tfx.sessions.room;

import java.time.Clock;
import java.util.Optional;

/** Creating rooms and checking access to them, for the REST side. */
public final class RoomService {
  private static final int ROOM_ID_LENGTH = 10;
  private static final int MAX_ROOM_NAME = 80;
  private static final int MAX_PASSWORD = 256;

  private final RoomRecord record;
  private final Secrets secrets;
  private final Passwords passwords;
  private final CapacityRule capacities;
  private final Clock clock;

  public RoomService(
      RoomRecord record,
      Secrets secrets,
      Passwords passwords,
      CapacityRule capacities,
      Clock clock) {
    this.record = record;
    this.secrets = secrets;
    this.passwords = passwords;
    this.capacities = capacities;
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

  /** Throws {@link IllegalArgumentException} naming what is wrong with the request. */
  public CreatedRoom create(String requestedName, Integer capacity, String password) {
    String name = requestedName == null ? "" : requestedName.strip();
    if (name.length() > MAX_ROOM_NAME) {
      throw new IllegalArgumentException("name is longer than " + MAX_ROOM_NAME + " characters");
    }
    int cap = capacities.resolve(capacity);
    if (password != null && password.length() > MAX_PASSWORD) {
      throw new IllegalArgumentException("password is longer than " + MAX_PASSWORD + " characters");
    }
    String id = secrets.id(ROOM_ID_LENGTH);
    String secret = secrets.secret();
    String ownerToken = secrets.secret();
    String passwordHash = password == null || password.isEmpty() ? null : passwords.hash(password);
    String shownName = name.isEmpty() ? "Room " + id : name;
    record.create(
        new StoredRoom(
            new RoomId(id),
            shownName,
            Secrets.hash(secret),
            Secrets.hash(ownerToken),
            passwordHash,
            false,
            cap),
        clock.instant());
    return new CreatedRoom(id, shownName, secret, ownerToken);
  }

  public Access check(String roomId, String secret) {
    Optional<StoredRoom> room = record.find(new RoomId(roomId));
    if (room.isEmpty()) {
      return Access.NOT_FOUND;
    }
    return Secrets.matches(secret, room.get().secretHash()) ? Access.OK : Access.WRONG_SECRET;
  }

  public Optional<StoredRoom> find(String roomId) {
    return record.find(new RoomId(roomId));
  }
}
