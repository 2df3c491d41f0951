package org.tfx.sessions.config;

/**
 * A setting that is present but cannot be used; the message names it and says what was expected.
 */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }

  /** "{@code tfx.x (TFX_X) is 'raw'; expected …}": the one wording of every bad setting. */
  public static SettingsException invalid(SettingKey key, String raw, String expected) {
    return new SettingsException(
        key.property()
            + " ("
            + key.environmentVariable()
            + ") is '"
            + raw
            + "'; expected "
            + expected);
  }
}
