package org.tfx.sessions.widget;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.tfx.sessions.web.RelativePath;

/**
 * The contents of a widget's {@code widget.json}, validated. {@code style} is an optional CSS file
 * of the widget; {@code background} widgets are mounted when a participant joins rather than when
 * opened.
 */
public record WidgetManifest(
    String id,
    String name,
    String version,
    String description,
    String icon,
    String entry,
    String style,
    Boolean background,
    List<String> permissions,
    List<String> channels) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** The rule of the signalling protocol's {@code relay} channel names. */
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

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
  private static final Set<String> MODULES = Set.of("js", "mjs");
  private static final Set<String> STYLES = Set.of("css");
  private static final Set<String> IMAGES = Set.of("svg", "png", "webp", "jpg", "jpeg", "gif");

  public WidgetManifest {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    channels = channels == null ? List.of() : List.copyOf(channels);
    description = description == null ? "" : description;
    background = background != null && background;
  }

  /**
   * Throws {@link IllegalArgumentException} naming the first problem. {@code folder} is the name of
   * the folder the manifest came from, which must equal the id; null when the widget's location
   * does not carry its id (third-party widgets).
   */
  public WidgetManifest validated(String folder) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("widget id must be lower-case letters, digits and -");
    }
    if (folder != null && !id.equals(folder)) {
      throw new IllegalArgumentException(
          "widget id '" + id + "' differs from its folder '" + folder + "'");
    }
    if (name == null || name.isBlank() || name.length() > 128) {
      throw new IllegalArgumentException(id + ": name is required (≤128 characters)");
    }
    if (version == null || version.isBlank() || version.length() > 32) {
      throw new IllegalArgumentException(id + ": version is required (≤32 characters)");
    }
    file("entry", entry, MODULES);
    if (icon != null) {
      file("icon", icon, IMAGES);
    }
    if (style != null) {
      file("style", style, STYLES);
    }
    for (String p : permissions) {
      if (!KNOWN_PERMISSIONS.contains(p)) {
        throw new IllegalArgumentException(id + ": unknown permission '" + p + "'");
      }
    }
    for (String c : channels) {
      if (c == null || !CHANNEL.matcher(c).matches()) {
        throw new IllegalArgumentException(
            id + ": channel names are 1–64 letters, digits and . _ : -");
      }
    }
    if (String.join(",", permissions).length() > 512 || String.join(",", channels).length() > 512) {
      throw new IllegalArgumentException(id + ": too many permissions or channels");
    }
    if (description.length() > 1000) {
      throw new IllegalArgumentException(id + ": description is longer than 1000 characters");
    }
    return this;
  }

  /** The files the manifest names: entry, then style and icon when present. */
  public List<RelativePath> files() {
    return java.util.stream.Stream.of(entry, style, icon)
        .filter(java.util.Objects::nonNull)
        .map(f -> RelativePath.parse(f).orElseThrow())
        .toList();
  }

  private void file(String member, String value, Set<String> extensions) {
    RelativePath path =
        RelativePath.parse(value)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        id + ": " + member + " must be a relative file inside the widget"));
    if (value.length() > 256 || !extensions.contains(path.extension())) {
      throw new IllegalArgumentException(
          id + ": " + member + " must be a " + String.join("/", sorted(extensions)) + " file");
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
