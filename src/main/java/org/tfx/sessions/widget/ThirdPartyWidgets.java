package org.tfx.sessions.widget;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.web.RelativePath;

/**
 * Loads the third-party widgets named in {@code tfx.widgets.thirdParty}: an absolute folder path
 * (its files are then served by this server) or an http(s) base URL (the widget's own site serves
 * them; only {@code widget.json} is fetched, once, at start). A widget that cannot be loaded is
 * skipped and named in the log; it never stops the server.
 */
public final class ThirdPartyWidgets {
  private static final System.Logger LOG = System.getLogger(ThirdPartyWidgets.class.getName());
  private static final String MANIFEST = "widget.json";

  private final HttpFetcher fetcher;

  /** {@code fetcher} fetches remote manifests (with its timeout). */
  public ThirdPartyWidgets(HttpFetcher fetcher) {
    this.fetcher = fetcher;
  }

  public List<Widget> load(List<String> entries) {
    List<Widget> out = new ArrayList<>();
    for (String entry : entries) {
      try {
        Widget w = isUrl(entry) ? remote(entry) : folder(entry);
        LOG.log(
            Level.INFO,
            "third-party widget ''{0}'' {1} loaded from {2}",
            w.id(),
            w.manifest().version(),
            w.source().stored());
        out.add(w);
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(Level.WARNING, "third-party widget {0} skipped: {1}", entry, e.getMessage());
      }
    }
    return out;
  }

  private static boolean isUrl(String entry) {
    String lower = entry.toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  Widget folder(String entry) throws IOException {
    Path path = Path.of(entry);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute folder path nor an http(s) URL");
    }
    Path root =
        FolderFiles.root(path)
            .orElseThrow(() -> new IllegalArgumentException("no readable folder there"));
    Path manifestFile =
        FolderFiles.resolve(root, RelativePath.parse(MANIFEST).orElseThrow())
            .orElseThrow(() -> new IllegalArgumentException("the folder has no widget.json"));
    WidgetManifest manifest;
    try (InputStream in = Files.newInputStream(manifestFile)) {
      manifest = ManifestReader.read(in, null);
    }
    for (RelativePath file : manifest.files()) {
      if (FolderFiles.resolve(root, file).isEmpty()) {
        throw new IllegalArgumentException(
            manifest.id() + ": " + file + " is not a file inside " + root);
      }
    }
    return new Widget(manifest, new WidgetSource.Folder(root));
  }

  Widget remote(String entry) throws IOException {
    URI base = baseOf(entry);
    HttpFetcher.Response r =
        fetcher.send(
            HttpFetcher.Request.get(base.resolve(MANIFEST), Map.of("Accept", "application/json")),
            HttpFetcher.BodyLimit.atMost(ManifestReader.MAX_BYTES));
    if (r.status() != 200) {
      throw new IOException(base.resolve(MANIFEST) + " answered " + r.status());
    }
    if (r.truncated()) {
      throw new IllegalArgumentException(
          "widget.json is larger than " + ManifestReader.MAX_BYTES + " bytes");
    }
    WidgetManifest manifest = ManifestReader.parse(r.body()).validated(null);
    return new Widget(manifest, new WidgetSource.Remote(base));
  }

  /** {@code https://w.example/hello}, {@code …/hello/} and {@code …/hello/widget.json} alike. */
  static URI baseOf(String entry) {
    URI uri;
    try {
      uri = new URI(entry.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage());
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a widget base URL has no query or fragment");
    }
    String path = Optional.ofNullable(uri.getRawPath()).orElse("");
    if (path.endsWith("/" + MANIFEST)) {
      path = path.substring(0, path.length() - MANIFEST.length());
    } else if (!path.endsWith("/")) {
      path = path + "/";
    }
    URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path);
    new WidgetSource.Remote(base); // validates host, user info
    return base;
  }
}
