package org.tfx.sessions.sip.transport;

import java.util.Locale;
import java.util.Optional;

/** The transports this server speaks, as named in a Via header and in a {@code transport=} URI. */
public enum Transport {
  UDP,
  TCP,
  WS;

  /** Whether messages travel over a connection that answers and requests can reuse. */
  public boolean connectionOriented() {
    return this != UDP;
  }

  /** The {@code transport=} parameter value of a SIP URI. */
  public String uriParameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The transport named in a Via or URI parameter; WSS counts as WS (TLS ends in front of us). */
  public static Optional<Transport> named(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "UDP" -> Optional.of(UDP);
      case "TCP" -> Optional.of(TCP);
      case "WS", "WSS" -> Optional.of(WS);
      default -> Optional.empty();
    };
  }
}
