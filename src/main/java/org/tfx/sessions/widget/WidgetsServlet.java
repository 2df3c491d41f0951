package org.tfx.sessions.widget;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.tfx.sessions.web.JsonHttp;

/** {@code GET /api/widgets}: the enabled widgets of the catalogue. */
public final class WidgetsServlet extends HttpServlet {
  private final transient WidgetCatalog catalog;
  private final transient JsonHttp json;

  public WidgetsServlet(WidgetCatalog catalog, JsonHttp json) {
    this.catalog = catalog;
    this.json = json;
  }

  /**
   * One widget as the client sees it. {@code entry}, {@code style} and {@code icon} are relative to
   * {@code base}; {@code icon}, {@code style} and {@code frame} are left out when absent.
   */
  public record View(
      String id,
      String name,
      String version,
      String description,
      String icon,
      String entry,
      String style,
      List<String> permissions,
      List<String> channels,
      boolean background,
      boolean thirdParty,
      String base,
      String frame) {

    static View of(Widget w, String contextPath) {
      WidgetManifest m = w.manifest();
      return new View(
          m.id(),
          m.name(),
          m.version(),
          m.description(),
          m.icon(),
          m.entry(),
          m.style(),
          m.permissions(),
          m.channels(),
          m.background(),
          w.thirdParty(),
          WidgetLinks.base(w, contextPath),
          WidgetLinks.frame(w, contextPath));
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String context = req.getContextPath();
    json.write(resp, 200, catalog.enabled().stream().map(w -> View.of(w, context)).toList());
  }
}
