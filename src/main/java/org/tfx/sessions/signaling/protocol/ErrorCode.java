package org.tfx.sessions.signaling.protocol;

/** Every error the server sends, with its wire name and whether the socket is closed after it. */
public enum ErrorCode {
  BAD_JSON("bad-json", false),
  UNKNOWN_TYPE("unknown-type", false),
  INVALID_MESSAGE("invalid-message", false),
  UNSUPPORTED_VERSION("unsupported-version", false),
  HELLO_REQUIRED("hello-required", false),
  ALREADY_JOINED("already-joined", false),
  ROOM_NOT_FOUND("room-not-found", true),
  WRONG_SECRET("wrong-secret", true),
  PASSWORD_REQUIRED("password-required", false),
  WRONG_PASSWORD("wrong-password", false),
  ROOM_LOCKED("room-locked", false),
  ROOM_FULL("room-full", true),
  NOT_OWNER("not-owner", false),
  PEER_NOT_FOUND("peer-not-found", false),
  PEER_UNAVAILABLE("peer-unavailable", false),
  NOT_KNOCKING("not-knocking", false),
  KNOCK_DENIED("knock-denied", true),
  KICKED("kicked", true),
  RATE_LIMITED("rate-limited", false),
  UNAVAILABLE("unavailable", false),
  INTERNAL("internal", false);

  private final String wire;
  private final boolean closes;

  ErrorCode(String wire, boolean closes) {
    this.wire = wire;
    this.closes = closes;
  }

  public String wire() {
    return wire;
  }

  /** Whether the server closes the socket (1008) right after sending this error. */
  public boolean closes() {
    return closes;
  }
}
