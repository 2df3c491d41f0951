package org.tfx.sessions.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a setting's raw text comes from: a system property {@code tfx.a.b} wins over the
 * environment variable {@code TFX_A_B}; nothing set means the documented default.
 */
public final class SettingsSource {
  private final Function<String, String> properties;
  private final Function<String, String> environment;

  public SettingsSource(Function<String, String> properties, Function<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /** The JVM's own system properties and environment. */
  public static SettingsSource system() {
    return new SettingsSource(System::getProperty, System::getenv);
  }

  /** Fixed values keyed by property name, for tests. */
  public static SettingsSource of(Map<String, String> values) {
    return new SettingsSource(values::get, name -> null);
  }

  /** {@code tfx.ws.helloTimeout} → {@code TFX_WS_HELLO_TIMEOUT}. */
  public static String environmentName(String property) {
    StringBuilder out = new StringBuilder();
    for (char c : property.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  public Optional<String> get(String property) {
    String value = properties.apply(property);
    if (value == null) {
      value = environment.apply(environmentName(property));
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }
}
