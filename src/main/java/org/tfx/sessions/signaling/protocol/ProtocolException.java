package org.tfx.sessions.signaling.protocol;

/** A client frame or request the server refuses; becomes one {@code error} frame. */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;
  private final String ref;

  public ProtocolException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ProtocolException(ErrorCode code, String message, String ref) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
  }

  public ErrorCode code() {
    return code;
  }

  /** The client's message id this error answers, or null. */
  public String ref() {
    return ref;
  }

  public ProtocolException withRef(String newRef) {
    return ref != null || newRef == null ? this : new ProtocolException(code, getMessage(), newRef);
  }
}
