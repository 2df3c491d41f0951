package org.tfx.sessions.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Reads typed values for {@link SettingKey}s, naming the key in every error. */
final class SettingReader {
  private final SettingsSource source;

  SettingReader(SettingsSource source) {
    this.source = source;
  }

  String text(SettingKey key) {
    return source.get(key.property()).orElse(key.defaultValue());
  }

  List<String> list(SettingKey key) {
    String raw = text(key);
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  int integer(SettingKey key, int min, int max) {
    String raw = text(key);
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw SettingsException.invalid(key, raw, "a whole number from " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw SettingsException.invalid(key, raw, "a whole number from " + min + " to " + max);
    }
  }

  double decimal(SettingKey key) {
    String raw = text(key);
    try {
      double value = Double.parseDouble(raw);
      if (!(value > 0) || Double.isInfinite(value)) {
        throw SettingsException.invalid(key, raw, "a positive number");
      }
      return value;
    } catch (NumberFormatException e) {
      throw SettingsException.invalid(key, raw, "a positive number");
    }
  }

  Duration duration(SettingKey key) {
    String raw = text(key);
    try {
      Duration d = Durations.parse(raw);
      if (d.isNegative() || d.isZero()) {
        throw SettingsException.invalid(key, raw, "a positive duration such as 20s, 5m or PT1H");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw SettingsException.invalid(key, raw, "a positive duration such as 20s, 5m or PT1H");
    }
  }
}
