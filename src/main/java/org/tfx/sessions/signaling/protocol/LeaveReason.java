package org.tfx.sessions.signaling.protocol;

/** Why a peer is gone for good. */
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
