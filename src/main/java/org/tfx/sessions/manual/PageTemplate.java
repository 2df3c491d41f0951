package org.tfx.sessions.manual;

import static org.tfx.sessions.web.HtmlText.escape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The HTML page around a rendered doc: site header with search, navigation over both manuals, the
 * page's table of contents. No inline script or style, so the pages work under the site's CSP.
 */
final class PageTemplate {
  private static final String RESOURCE = "page.html";
  private static final Map<String, String> MANUAL_NAMES =
      Map.of("user", "User manual", "developer", "Developer manual");

  private final String template;

  PageTemplate() {
    try (InputStream in = PageTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The page for {@code page}; {@code nav} lists each manual's pages in order, keyed by manual
   * ({@code user}, {@code developer}).
   */
  String page(RenderedPage page, Map<String, List<RenderedPage>> nav) {
    return template
        .replace("{{title}}", escape(page.title()))
        .replace("{{url}}", escape(page.url()))
        .replace("{{nav}}", nav(page, nav))
        .replace("{{toc}}", toc(page))
        .replace("{{content}}", page.html());
  }

  private static String nav(RenderedPage current, Map<String, List<RenderedPage>> nav) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<RenderedPage>> manual : nav.entrySet()) {
      List<RenderedPage> pages = manual.getValue();
      if (pages.isEmpty()) {
        continue;
      }
      b.append("<section><h2><a href=\"")
          .append(escape(DocPaths.ROOT + manual.getKey() + "/"))
          .append("\">")
          .append(escape(MANUAL_NAMES.getOrDefault(manual.getKey(), manual.getKey())))
          .append("</a></h2>\n<ul>\n");
      for (RenderedPage p : pages) {
        b.append("<li><a href=\"").append(escape(p.url())).append('"');
        if (p.url().equals(current.url())) {
          b.append(" aria-current=\"page\"");
        }
        b.append('>').append(escape(p.title())).append("</a></li>\n");
      }
      b.append("</ul></section>\n");
    }
    return b.toString();
  }

  private static String toc(RenderedPage page) {
    List<RenderedPage.Heading> entries =
        page.headings().stream().filter(h -> h.level() == 2 || h.level() == 3).toList();
    if (entries.size() < 2) {
      return "";
    }
    StringBuilder b = new StringBuilder("<h2>On this page</h2>\n<ul>\n");
    for (RenderedPage.Heading h : entries) {
      b.append("<li class=\"toc-")
          .append(h.level())
          .append("\"><a href=\"#")
          .append(escape(h.id()))
          .append("\">")
          .append(escape(h.text()))
          .append("</a></li>\n");
    }
    return b.append("</ul>").toString();
  }
}
