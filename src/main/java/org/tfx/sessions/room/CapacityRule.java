package org.tfx.sessions.room;

/**
 * How many people a room may hold: from {@link #MIN} to the configured maximum, {@code
 * defaultCapacity} unless its creator asks otherwise. The one place of this rule, for creating a
 * room and for an owner's {@code configure}.
 */
public record CapacityRule(int defaultCapacity, int max) {
  public static final int MIN = 2;

  public CapacityRule {
    if (max < MIN || defaultCapacity < MIN || defaultCapacity > max) {
      throw new IllegalArgumentException(
          "capacities need " + MIN + " <= default (" + defaultCapacity + ") <= max (" + max + ")");
    }
  }

  public boolean allows(int capacity) {
    return capacity >= MIN && capacity <= max;
  }

  /** The capacity for a new room; {@code requested} null means the default. */
  public int resolve(Integer requested) {
    int capacity = requested == null ? defaultCapacity : requested;
    if (!allows(capacity)) {
      throw new IllegalArgumentException(describe());
    }
    return capacity;
  }

  /** The rule in words, for error messages. */
  public String describe() {
    return "capacity must be from " + MIN + " to " + max;
  }
}
