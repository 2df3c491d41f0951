package org.tfx.sessions.signaling;

/** WebSocket close codes the server uses (RFC 6455 §7.4.1). */
final class CloseCodes {
  static final int NORMAL = 1000;
  static final int GOING_AWAY = 1001;
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int SERVER_ERROR = 1011;
  static final int SERVICE_RESTART = 1012;
  static final int TRY_AGAIN_LATER = 1013;

  private CloseCodes() {}
}
