package org.tfx.sessions.room;

import java.util.Objects;

/** A participant's id inside one room; stable across resumes. */
public record PeerId(String value) implements Comparable<PeerId> {
  public PeerId {
    Objects.requireNonNull(value, "peer id");
  }

  @Override
  public int compareTo(PeerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
