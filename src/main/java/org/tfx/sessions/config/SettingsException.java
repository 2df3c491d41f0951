package org.tfx.sessions.config;

/**
 * A setting that is present but cannot be used; the message names it and says what was expected.
 */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
