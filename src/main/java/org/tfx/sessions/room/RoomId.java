package org.tfx.sessions.room;

import java.util.Objects;

/** A room's public id: the part of the invite link before the {@code #}. */
public record RoomId(String value) {
  public RoomId {
    Objects.requireNonNull(value, "room id");
  }

  @Override
  public String toString() {
    return value;
  }
}
