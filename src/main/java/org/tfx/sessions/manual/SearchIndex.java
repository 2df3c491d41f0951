package org.tfx.sessions.manual;

import java.util.List;

/**
 * The search index the manual pages load: one entry per section of every page, as a JSON array of
 * {@code {url, page, manual, heading, text}}. Built once by {@link ManualBuild}.
 */
final class SearchIndex {
  private SearchIndex() {}

  static String json(List<RenderedPage> pages) {
    StringBuilder b = new StringBuilder("[\n");
    boolean first = true;
    for (RenderedPage page : pages) {
      for (RenderedPage.Section s : page.sections()) {
        if (!first) {
          b.append(",\n");
        }
        first = false;
        String url = s.id().isEmpty() ? page.url() : page.url() + "#" + s.id();
        b.append("{\"url\":")
            .append(string(url))
            .append(",\"page\":")
            .append(string(page.title()))
            .append(",\"manual\":")
            .append(string(page.manual()))
            .append(",\"heading\":")
            .append(string(s.heading()))
            .append(",\"text\":")
            .append(string(s.text()))
            .append('}');
      }
    }
    return b.append("\n]\n").toString();
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<' -> b.append("\\u003c"); // harmless even if the index were read as HTML
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
