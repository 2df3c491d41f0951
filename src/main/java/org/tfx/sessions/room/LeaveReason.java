package org.tfx.sessions.room;

/** Why a participant's seat is gone for good. */
public enum LeaveReason {
  LEFT("left"),
  TIMEOUT("timeout"),
  KICKED("kicked");

  private final String wire;

  LeaveReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
