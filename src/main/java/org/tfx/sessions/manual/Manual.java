package org.tfx.sessions.manual;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Both manuals, rendered once: an immutable table from request path (below {@code /manual}) to the
 * bytes to send. Only the files of the {@link DocSet} and the search index are in it.
 */
public final class Manual {
  /** Where the build puts the manual inside the WAR (not reachable over HTTP). */
  public static final String WEB_INF = "/WEB-INF/manual/";

  static final String MANIFEST = "manifest.txt";
  static final String SEARCH_INDEX = "search-index.json";
  static final String DOCS = "docs/";

  /** A response body and its content type. */
  public record Resource(String contentType, byte[] body) {
    public Resource {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  private final List<RenderedPage> pages;
  private final Map<String, Resource> resources;
  private final Map<String, String> redirects;
  private final List<String> problems;

  private Manual(
      List<RenderedPage> pages,
      Map<String, Resource> resources,
      Map<String, String> redirects,
      List<String> problems) {
    this.pages = pages;
    this.resources = resources;
    this.redirects = redirects;
    this.problems = problems;
  }

  /**
   * The manual the build put under {@link #WEB_INF}; {@code open} opens a path inside the web app
   * (such as {@code ServletContext::getResourceAsStream}) and only ever gets fixed names or names
   * from the manifest.
   */
  public static Manual fromWebApp(Function<String, InputStream> open) {
    String manifest = readText(open, WEB_INF + MANIFEST);
    DocSet docs = DocSet.fromManifest(manifest, name -> open.apply(WEB_INF + DOCS + name));
    return build(docs, readText(open, WEB_INF + SEARCH_INDEX));
  }

  private static String readText(Function<String, InputStream> open, String path) {
    try (InputStream in = open.apply(path)) {
      if (in == null) {
        throw new IllegalStateException("the WAR holds no " + path + "; was it built by Maven?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders every page of {@code docs}; {@code searchIndex} is served as-is, if not null. */
  public static Manual build(DocSet docs, String searchIndex) {
    List<String> problems = new ArrayList<>();
    MarkdownRenderer renderer = new MarkdownRenderer(docs);
    Map<String, RenderedPage> byName = new LinkedHashMap<>();
    for (String name : docs.names()) {
      if (DocSet.isPage(name)) {
        byName.put(name, renderer.render(name, problems));
      }
    }
    checkAnchors(byName, problems);
    Map<String, List<RenderedPage>> nav = navigation(byName);

    PageTemplate template = new PageTemplate();
    Map<String, Resource> resources = new HashMap<>();
    Map<String, String> redirects = new HashMap<>();
    redirects.put("", DocPaths.ROOT);
    for (String name : docs.names()) {
      String path = DocPaths.url(name).substring(DocPaths.ROOT.length() - 1);
      if (DocSet.isPage(name)) {
        String html = template.page(byName.get(name), nav);
        resources.put(
            path, new Resource("text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8)));
        if (path.length() > 1 && path.endsWith("/")) {
          redirects.put(path.substring(0, path.length() - 1), DocPaths.ROOT + path.substring(1));
        }
      } else {
        resources.put(
            path, new Resource(DocSet.TYPES.get(DocSet.extension(name)), docs.bytes(name)));
      }
    }
    if (searchIndex != null) {
      resources.put(
          "/" + SEARCH_INDEX,
          new Resource(
              "application/json;charset=UTF-8", searchIndex.getBytes(StandardCharsets.UTF_8)));
    }
    return new Manual(
        List.copyOf(byName.values()),
        Map.copyOf(resources),
        Map.copyOf(redirects),
        List.copyOf(problems));
  }

  private static void checkAnchors(Map<String, RenderedPage> byName, List<String> problems) {
    for (RenderedPage page : byName.values()) {
      for (RenderedPage.DocLink link : page.links()) {
        if (link.fragment().isEmpty() || !DocSet.isPage(link.target())) {
          continue;
        }
        RenderedPage target = byName.get(link.target());
        boolean found = target.headings().stream().anyMatch(h -> h.id().equals(link.fragment()));
        if (!found) {
          problems.add(page.name() + ": " + link.target() + " has no anchor #" + link.fragment());
        }
      }
    }
  }

  /**
   * Each manual's pages: its index first, then the pages in the order its index links to them, then
   * any others by name, so a new page shows up even before someone links it.
   */
  private static Map<String, List<RenderedPage>> navigation(Map<String, RenderedPage> byName) {
    Map<String, List<RenderedPage>> nav = new LinkedHashMap<>();
    for (String manual : List.of("user", "developer")) {
      Set<String> order = new LinkedHashSet<>();
      String index = manual + "/index.md";
      if (byName.containsKey(index)) {
        order.add(index);
        for (RenderedPage.DocLink link : byName.get(index).links()) {
          if (DocSet.isPage(link.target()) && link.target().startsWith(manual + "/")) {
            order.add(link.target());
          }
        }
      }
      byName.keySet().stream().filter(n -> n.startsWith(manual + "/")).sorted().forEach(order::add);
      nav.put(manual, order.stream().map(byName::get).toList());
    }
    return Collections.unmodifiableMap(nav);
  }

  /** What is served at {@code path} (the part after {@code /manual}), if anything. */
  public Optional<Resource> find(String path) {
    return Optional.ofNullable(resources.get(path));
  }

  /** Where {@code path} (the part after {@code /manual}) moved to, such as a missing slash. */
  public Optional<String> redirect(String path) {
    return Optional.ofNullable(redirects.get(path));
  }

  public List<RenderedPage> pages() {
    return pages;
  }

  /** Broken links and anchors found while rendering; the build fails unless this is empty. */
  public List<String> problems() {
    return problems;
  }
}
