package org.tfx.sessions.widget;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The widgets the WAR ships under {@code /widgets/<id>/}, one {@code widget.json} each. */
public final class BuiltInWidgets {
  private static final System.Logger LOG = System.getLogger(BuiltInWidgets.class.getName());

  private BuiltInWidgets() {}

  /**
   * Reads the manifest of each folder ({@code manifestOf} gives its stream, or null when the folder
   * has none); a folder whose manifest is missing or wrong is skipped and named in the log.
   */
  public static List<Widget> read(Set<String> folders, Function<String, InputStream> manifestOf) {
    List<Widget> out = new ArrayList<>();
    for (String folder : folders) {
      try (InputStream in = manifestOf.apply(folder)) {
        if (in == null) {
          LOG.log(Level.WARNING, "widget folder ''{0}'' skipped: it has no widget.json", folder);
          continue;
        }
        out.add(new Widget(ManifestReader.read(in, folder), new WidgetSource.BuiltIn()));
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(Level.WARNING, "widget folder ''{0}'' skipped: {1}", folder, e.getMessage());
      }
    }
    return out;
  }
}
