package org.tfx.sessions.manual;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manuals' source files: a fixed list of names relative to {@code docs/} (such as {@code
 * user/getting-started.md}) with their bytes. Names are lower-case words joined by hyphens, in
 * folders of the same kind, ending in {@code .md} or an image type: nothing else can enter the set.
 */
public final class DocSet {
  static final Pattern SAFE_NAME =
      Pattern.compile("(?:[a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\\.(?:md|png|svg|jpg)");

  /** Content types of the files a doc set may hold, by extension. */
  static final Map<String, String> TYPES =
      Map.of(
          "md", "text/markdown; charset=UTF-8",
          "png", "image/png",
          "svg", "image/svg+xml",
          "jpg", "image/jpeg");

  private final Map<String, byte[]> files;

  private DocSet(Map<String, byte[]> files) {
    this.files = files;
  }

  /** Reads every file under {@code dir}; names that are not allowed are reported in {@code bad}. */
  public static DocSet fromDirectory(Path dir, List<String> bad) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String name = dir.relativize(p).toString().replace('\\', '/');
        if (isSample(name)) {
          continue;
        }
        if (SAFE_NAME.matcher(name).matches()) {
          files.put(name, Files.readAllBytes(p));
        } else {
          bad.add(
              name
                  + ": not served; names are lower-case words and hyphens ending in"
                  + " .md, .png, .svg or .jpg");
        }
      }
    }
    return new DocSet(files);
  }

  /**
   * Whether a file belongs to a code sample ({@code …/samples/…}): samples are source code that
   * tests run and pages quote, not pages of the manual, so they are neither served nor checked.
   */
  static boolean isSample(String name) {
    return name.startsWith("samples/") || name.contains("/samples/");
  }

  /**
   * The files named in {@code manifest} (one name a line), read through {@code open}, which gets
   * only names from the manifest that passed {@link #SAFE_NAME}.
   */
  public static DocSet fromManifest(String manifest, Function<String, InputStream> open) {
    Map<String, byte[]> files = new TreeMap<>();
    for (String line : manifest.split("\n")) {
      String name = line.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!SAFE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("manifest names a file outside the rules: " + name);
      }
      try (InputStream in = open.apply(name)) {
        if (in == null) {
          throw new IllegalStateException("manifest names a missing file: " + name);
        }
        files.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new DocSet(files);
  }

  /** The manifest text that {@link #fromManifest} reads back. */
  public String manifest() {
    return String.join("\n", files.keySet()) + "\n";
  }

  public List<String> names() {
    return new ArrayList<>(files.keySet());
  }

  public boolean contains(String name) {
    return files.containsKey(name);
  }

  public byte[] bytes(String name) {
    byte[] b = files.get(name);
    if (b == null) {
      throw new IllegalArgumentException("not in the doc set: " + name);
    }
    return b.clone();
  }

  static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  static boolean isPage(String name) {
    return name.endsWith(".md");
  }
}
