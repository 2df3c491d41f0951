package org.tfx.sessions.manual;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * Renders one doc of a {@link DocSet} with commonmark-java. Raw HTML in the Markdown is shown as
 * text and unsafe URLs ({@code javascript:} and the like) are dropped, so a doc can never inject
 * markup or script. Relative links to other docs and images are rewritten to the URLs they are
 * served at; a link to anything outside the set is reported as a problem.
 */
final class MarkdownRenderer {
  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), HeadingAnchorExtension.create());
  private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");

  private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
  private final TextContentRenderer text = TextContentRenderer.builder().build();
  private final DocSet docs;

  MarkdownRenderer(DocSet docs) {
    this.docs = docs;
  }

  /** Renders {@code name}; link problems are added to {@code problems}. */
  RenderedPage render(String name, List<String> problems) {
    Node document = parser.parse(new String(docs.bytes(name), StandardCharsets.UTF_8));
    List<RenderedPage.DocLink> links = new ArrayList<>();
    document.accept(new LinkRewriter(name, links, problems));

    Map<Node, String> ids = new IdentityHashMap<>();
    HtmlRenderer html =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            // Runs after the heading-anchor provider, so the id it assigned is already there.
            .attributeProviderFactory(context -> recordIdsAndMarkExternal(ids))
            .build();
    String body = html.render(document);

    List<RenderedPage.Heading> headings = new ArrayList<>();
    List<RenderedPage.Section> sections = new ArrayList<>();
    String title = null;
    String sectionId = "";
    String sectionHeading = "";
    StringBuilder sectionText = new StringBuilder();
    for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
      if (block instanceof Heading h) {
        String headingText = plainText(h);
        String id = ids.getOrDefault(h, "");
        headings.add(new RenderedPage.Heading(h.getLevel(), id, headingText));
        if (title == null && h.getLevel() == 1) {
          title = headingText;
        }
        addSection(sections, sectionId, sectionHeading, sectionText);
        sectionId = id;
        sectionHeading = headingText;
        sectionText.setLength(0);
      } else {
        sectionText.append(text.render(block).strip()).append('\n');
      }
    }
    addSection(sections, sectionId, sectionHeading, sectionText);
    if (title == null) {
      problems.add(name + ": no level-1 heading to use as the title");
      title = name;
    }
    return new RenderedPage(
        name,
        DocPaths.url(name),
        title,
        body,
        List.copyOf(headings),
        List.copyOf(sections),
        List.copyOf(links));
  }

  private static void addSection(
      List<RenderedPage.Section> sections, String id, String heading, StringBuilder text) {
    String t = text.toString().strip();
    if (!heading.isEmpty() || !t.isEmpty()) {
      sections.add(new RenderedPage.Section(id, heading, t));
    }
  }

  private static AttributeProvider recordIdsAndMarkExternal(Map<Node, String> ids) {
    return (node, tagName, attributes) -> {
      if (node instanceof Heading && attributes.containsKey("id")) {
        ids.put(node, attributes.get("id"));
      }
      if (node instanceof Link && attributes.getOrDefault("href", "").startsWith("http")) {
        attributes.put("class", "external");
        attributes.put("rel", "noopener noreferrer");
      }
    };
  }

  private static String plainText(Node node) {
    StringBuilder b = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text t) {
            b.append(t.getLiteral());
          }

          @Override
          public void visit(Code c) {
            b.append(c.getLiteral());
          }
        });
    return b.toString().strip();
  }

  /** Points relative links and images at their served URLs and records doc-to-doc links. */
  private final class LinkRewriter extends AbstractVisitor {
    private final String from;
    private final List<RenderedPage.DocLink> links;
    private final List<String> problems;

    LinkRewriter(String from, List<RenderedPage.DocLink> links, List<String> problems) {
      this.from = from;
      this.links = links;
      this.problems = problems;
    }

    @Override
    public void visit(Link link) {
      link.setDestination(rewrite(link.getDestination(), false));
      visitChildren(link);
    }

    @Override
    public void visit(Image image) {
      image.setDestination(rewrite(image.getDestination(), true));
      visitChildren(image);
    }

    private String rewrite(String destination, boolean image) {
      if (destination.isEmpty() || destination.startsWith("/") && !image) {
        return destination; // the site's own pages, such as /app/ or the extension download
      }
      int colon = destination.indexOf(':');
      if (colon > 0 && destination.indexOf('/') > colon) {
        String scheme = destination.substring(0, colon).toLowerCase(Locale.ROOT);
        if (SCHEMES.contains(scheme) && !image) {
          return destination;
        }
        problems.add(from + ": link " + destination + " is not allowed");
        return "";
      }
      int hash = destination.indexOf('#');
      String path = hash < 0 ? destination : destination.substring(0, hash);
      String fragment = hash < 0 ? "" : destination.substring(hash + 1);
      if (path.isEmpty()) {
        links.add(new RenderedPage.DocLink(from, fragment));
        return destination;
      }
      Optional<String> target = DocPaths.resolve(from, path);
      if (target.isEmpty() || !docs.contains(target.get())) {
        problems.add(from + ": link " + destination + " names no file of the manuals");
        return destination;
      }
      if (image == DocSet.isPage(target.get())) {
        problems.add(from + ": " + destination + (image ? " is not an image" : " is an image"));
      }
      links.add(new RenderedPage.DocLink(target.get(), fragment));
      return DocPaths.url(target.get()) + (hash < 0 ? "" : "#" + fragment);
    }
  }
}
