package org.tfx.sessions.widget;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.tfx.sessions.web.ContentSecurityPolicy;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RelativePath;
import org.tfx.sessions.web.StaticFile;
import org.tfx.sessions.web.StaticFiles;
import org.tfx.sessions.web.WarFiles;

/**
 * {@code GET /widgets/{id}/{file}}: the files of the enabled widgets — built-in ones from the WAR,
 * third-party folder ones from their folder. Nothing else: no directory listings, no files of
 * widgets the catalogue does not offer, no path that is not a {@link RelativePath}.
 *
 * <p>Third-party files carry {@code Access-Control-Allow-Origin: *}, because their sandbox frame
 * has an opaque origin and loads module scripts in CORS mode, and a sandboxing CSP, so that one
 * opened directly runs in an opaque origin too.
 */
public final class WidgetFilesServlet extends HttpServlet {
  private final transient WidgetCatalog catalog;
  private final transient JsonHttp json;
  private final transient WarFiles war;

  public WidgetFilesServlet(WidgetCatalog catalog, WarFiles war, JsonHttp json) {
    this.catalog = catalog;
    this.war = war;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    int slash = path == null ? -1 : path.indexOf('/', 1);
    if (slash < 2) {
      notFound(resp);
      return;
    }
    Optional<Widget> widget = catalog.find(path.substring(1, slash));
    Optional<RelativePath> file = RelativePath.parse(path.substring(slash + 1));
    if (widget.isEmpty() || file.isEmpty()) {
      notFound(resp);
      return;
    }
    Widget w = widget.get();
    Optional<StaticFile> found = Optional.empty();
    if (w.source() instanceof WidgetSource.BuiltIn) {
      found = war.find(WidgetLinks.FILES + w.id() + "/", file.get());
    } else if (w.source() instanceof WidgetSource.Folder f) {
      Optional<Path> real = FolderFiles.resolve(f.root(), file.get());
      if (real.isPresent()) {
        found = of(real.get(), file.get());
      }
    } // a URL-registered widget's files are on its own site
    if (found.isEmpty()) {
      notFound(resp);
      return;
    }
    if (w.thirdParty()) {
      resp.setHeader("Access-Control-Allow-Origin", "*");
      resp.setHeader("Content-Security-Policy", ContentSecurityPolicy.thirdPartyFile());
    }
    StaticFiles.send(req, resp, found.get());
  }

  private static Optional<StaticFile> of(Path real, RelativePath file) {
    try {
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      long modified = a.lastModifiedTime().toMillis();
      return Optional.of(
          new StaticFile(
              file.extension(),
              a.size(),
              modified,
              "W/\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(modified) + "\"",
              () -> Files.newInputStream(real)));
    } catch (IOException e) {
      return Optional.empty(); // gone since it was resolved
    }
  }

  private void notFound(HttpServletResponse resp) throws IOException {
    json.error(resp, 404, "not-found", "no such widget file");
  }
}
