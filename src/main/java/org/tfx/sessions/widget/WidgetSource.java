package org.tfx.sessions.widget;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Where a widget's files come from. */
public sealed interface WidgetSource {

  /** Shipped in the WAR under {@code /widgets/{id}/}. */
  record BuiltIn() implements WidgetSource {
    @Override
    public String stored() {
      return null;
    }
  }

  /** A third-party widget in a folder of this machine, served by this server. */
  record Folder(Path root) implements WidgetSource {
    @Override
    public String stored() {
      return root.toString();
    }
  }

  /** A third-party widget served by another site; {@code base} ends with a slash. */
  record Remote(URI base) implements WidgetSource {
    public Remote {
      if (!base.isAbsolute()
          || base.getHost() == null
          || base.getRawUserInfo() != null
          || base.getRawQuery() != null
          || base.getRawFragment() != null
          || !base.getRawPath().endsWith("/")) {
        throw new IllegalArgumentException(
            "a widget base URL has a host, no user, query or fragment, and ends with /: " + base);
      }
    }

    /** {@code scheme://host[:port]}, for the frame page's Content-Security-Policy. */
    public String origin() {
      return (base.getScheme() + "://" + base.getRawAuthority()).toLowerCase(Locale.ROOT);
    }

    @Override
    public String stored() {
      return base.toString();
    }
  }

  /** The {@code source} column: null for built-in widgets, else the folder or base URL. */
  String stored();

  /** Whether the widget runs sandboxed, as third-party code. */
  default boolean thirdParty() {
    return !(this instanceof BuiltIn);
  }

  /** Reads back a {@link #stored()} value. */
  static WidgetSource fromStored(String stored) {
    if (stored == null) {
      return new BuiltIn();
    }
    if (stored.startsWith("http://") || stored.startsWith("https://")) {
      return new Remote(URI.create(stored));
    }
    return new Folder(Path.of(stored));
  }
}
