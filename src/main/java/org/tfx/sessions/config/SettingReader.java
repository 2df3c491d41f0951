package org.tfx.sessions.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads typed values for {@link SettingKey}s, naming the key in every error. */
final class SettingReader {
  /** A CSP scheme-source ({@code https:}). */
  private static final Pattern SCHEME_SOURCE = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:");

  /** A CSP host-source ({@code https://*.example.com:8443/path}), without quotes or separators. */
  private static final Pattern HOST_SOURCE =
      Pattern.compile(
          "(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:\\*|(?:\\*\\.)?[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*)"
              + "(?::(?:[0-9]{1,5}|\\*))?(?:/[A-Za-z0-9._~!$&()*+=:@%/-]*)?");

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

  boolean bool(SettingKey key) {
    String raw = text(key).trim().toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw SettingsException.invalid(key, raw, "true or false");
    };
  }

  /** An absolute http(s) URL without a trailing slash, or empty. */
  String httpUrl(SettingKey key) {
    String raw = text(key).trim();
    if (raw.isEmpty()) {
      return raw;
    }
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https"))
          || uri.getHost() == null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw SettingsException.invalid(key, raw, "an http:// or https:// URL");
      }
    } catch (URISyntaxException e) {
      throw SettingsException.invalid(key, raw, "an http:// or https:// URL");
    }
    return raw.replaceAll("/+$", "");
  }

  /**
   * CSP source expressions, separated by commas or spaces; {@code none} for none. Keywords in
   * quotes ({@code 'unsafe-inline'}, nonces) are refused: this setting only widens where media may
   * come from.
   */
  List<String> cspSources(SettingKey key) {
    String raw = text(key);
    if (raw.trim().equalsIgnoreCase("none")) {
      return List.of();
    }
    List<String> sources = Arrays.stream(raw.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    for (String s : sources) {
      if (!SCHEME_SOURCE.matcher(s).matches() && !HOST_SOURCE.matcher(s).matches()) {
        throw SettingsException.invalid(
            key, raw, "CSP sources such as https: or https://media.example.com (no quotes)");
      }
    }
    return sources;
  }
}
