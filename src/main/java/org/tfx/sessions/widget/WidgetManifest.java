package org.tfx.sessions.widget;

import java.util.List;
import java.util.regex.Pattern;

/** The contents of a widget's {@code widget.json}, validated. */
public record WidgetManifest(
    String id,
    String name,
    String version,
    String description,
    String icon,
    String entry,
    List<String> permissions,
    List<String> channels) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,200}");
  private static final List<String> KNOWN_PERMISSIONS =
      List.of(
          "data",
          "camera",
          "microphone",
          "local-video",
          "remote-video",
          "local-audio",
          "remote-audio",
          "screen",
          "storage");

  public WidgetManifest {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    channels = channels == null ? List.of() : List.copyOf(channels);
    description = description == null ? "" : description;
  }

  /** Throws {@link IllegalArgumentException} naming the first problem. */
  public WidgetManifest validated(String folder) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("widget id must be lower-case letters, digits and -");
    }
    if (!id.equals(folder)) {
      throw new IllegalArgumentException(
          "widget id '" + id + "' differs from its folder '" + folder + "'");
    }
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException(id + ": name is required (≤128 characters)");
    }
    if (version == null || version.isBlank() || version.length() > 32) {
      throw new IllegalArgumentException(id + ": version is required (≤32 characters)");
    }
    if (entry == null || !FILE.matcher(entry).matches() || entry.contains("..")) {
      throw new IllegalArgumentException(id + ": entry must be a relative file inside the widget");
    }
    if (icon != null && (!FILE.matcher(icon).matches() || icon.contains(".."))) {
      throw new IllegalArgumentException(id + ": icon must be a relative file inside the widget");
    }
    for (String p : permissions) {
      if (!KNOWN_PERMISSIONS.contains(p)) {
        throw new IllegalArgumentException(id + ": unknown permission '" + p + "'");
      }
    }
    if (description.length() > 1000) {
      throw new IllegalArgumentException(id + ": description is longer than 1000 characters");
    }
    return this;
  }
}
