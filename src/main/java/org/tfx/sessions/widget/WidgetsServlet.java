package org.tfx.sessions.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.tfx.sessions.widget.WidgetCatalog;

/** {@code GET /api/widgets}: the enabled widgets of the catalogue. */
public final class WidgetsServlet extends HttpServlet {
  private final transient WidgetCatalog catalog;
  private final transient JsonHttp json;

  public WidgetsServlet(WidgetCatalog catalog, JsonHttp json) {
    this.catalog = catalog;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    json.write(resp, 200, catalog.enabled());
  }
}
