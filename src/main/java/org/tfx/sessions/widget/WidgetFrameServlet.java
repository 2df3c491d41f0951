package org.tfx.sessions.widget;

import static org.tfx.sessions.web.HtmlText.escape;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.tfx.sessions.web.ContentSecurityPolicy;
import org.tfx.sessions.web.JsonHttp;

/**
 * {@code GET /widget-frame/{id}}: the page a third-party widget runs in, inside an iframe of the
 * room page. It holds no inline script: it loads the client's bridge module ({@link #BRIDGE}) and
 * declares the widget in {@code <meta name="tfx-widget" content="{json}">}; the bridge loads the
 * entry module and style and offers the widget its context over {@code postMessage}. The page's CSP
 * sandboxes it (opaque origin) and lets it load code only from this server and the widget's own
 * site.
 */
public final class WidgetFrameServlet extends HttpServlet {
  /** The client's bridge module, built into the WAR by the client build. */
  public static final String BRIDGE = "/lib/widget-frame.js";

  private final transient WidgetCatalog catalog;
  private final transient ContentSecurityPolicy csp;
  private final transient JsonHttp json;

  public WidgetFrameServlet(WidgetCatalog catalog, ContentSecurityPolicy csp, JsonHttp json) {
    this.catalog = catalog;
    this.csp = csp;
    this.json = json;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    Optional<Widget> widget =
        path == null || path.length() < 2
            ? Optional.empty()
            : catalog.find(path.substring(1)).filter(Widget::thirdParty);
    if (widget.isEmpty()) {
      json.error(resp, 404, "widget-not-found", "no third-party widget of that id");
      return;
    }
    Widget w = widget.get();
    String origin = w.source() instanceof WidgetSource.Remote r ? r.origin() : null;
    byte[] page = page(w, req.getContextPath()).getBytes(StandardCharsets.UTF_8);
    resp.setHeader("Content-Security-Policy", csp.widgetFrame(origin));
    resp.setHeader("Cache-Control", "no-cache");
    resp.setContentType("text/html;charset=UTF-8");
    resp.setContentLength(page.length);
    resp.getOutputStream().write(page);
  }

  /** The declaration the bridge reads: absolute or root-relative URLs, the manifest's lists. */
  static String declaration(Widget w, String contextPath) {
    WidgetManifest m = w.manifest();
    JsonObjectBuilder o =
        Json.createObjectBuilder()
            .add("id", m.id())
            .add("name", m.name())
            .add("version", m.version())
            .add("base", WidgetLinks.base(w, contextPath))
            .add("entry", WidgetLinks.file(w, contextPath, m.entry()));
    if (m.style() != null) {
      o.add("style", WidgetLinks.file(w, contextPath, m.style()));
    }
    if (m.icon() != null) {
      o.add("icon", WidgetLinks.file(w, contextPath, m.icon()));
    }
    o.add("permissions", array(m.permissions())).add("channels", array(m.channels()));
    return o.build().toString();
  }

  static String page(Widget w, String contextPath) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"referrer\" content=\"no-referrer\">\n"
        + "<meta name=\"tfx-widget\" content=\""
        + escape(declaration(w, contextPath))
        + "\">\n<title>"
        + escape(w.manifest().name())
        + "</title>\n<script type=\"module\" src=\""
        + escape(contextPath + BRIDGE)
        + "\"></script>\n</head>\n<body></body>\n</html>\n";
  }

  private static JsonArrayBuilder array(List<String> values) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    values.forEach(a::add);
    return a;
  }
}
