package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipFile;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.RawHttp;
import org.tfx.sessions.it.support.Traversal;

/**
 * The served manuals: every page reachable from {@code /manual/} answers 200 with working links,
 * images and anchors; and no request, however encoded, gets a file outside the docs set.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManualIT {

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  /** Paths the manuals link to that other parts of the build provide (web client, extension). */
  /** Links from the manual to the app and the extension download, served by other servlets. */
  private static final Set<String> OTHER_FEATURES =
      Set.of("/app/", "/downloads/tfx-sessions-extension.zip");

  @ArquillianResource URL url;
  RawHttp http;

  @BeforeEach
  void setUp() throws Exception {
    http = new RawHttp(url.toURI());
  }

  /** The result of crawling from /manual/. */
  record Crawl(
      Map<String, byte[]> fetched, Map<String, Set<String>> ids, Set<String> otherFeatureLinks) {}

  private Crawl crawl(List<String> failures) {
    Map<String, byte[]> fetched = new TreeMap<>();
    Map<String, Set<String>> ids = new HashMap<>();
    Map<String, Set<String>> anchorsWanted = new TreeMap<>();
    Set<String> other = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of("/manual/"));
    Set<String> seen = new HashSet<>(queue);
    while (!queue.isEmpty()) {
      String path = queue.removeFirst();
      RawHttp.Response r = http.get(path);
      if (r.status() != 200) {
        failures.add(path + " → " + r.status());
        continue;
      }
      fetched.put(path, r.body());
      if (!r.headers().toLowerCase().contains("content-type: text/html")) {
        continue;
      }
      Document doc = Jsoup.parse(r.text(), url.toString() + path.substring(1));
      Set<String> pageIds = new HashSet<>();
      doc.select("[id]").forEach(e -> pageIds.add(e.id()));
      ids.put(path, pageIds);
      for (Element e : doc.select("a[href], img[src], link[href], script[src]")) {
        String attr = e.hasAttr("href") ? "href" : "src";
        String raw = e.attr(attr);
        if (raw.isEmpty()) {
          failures.add(path + ": empty " + attr + " on " + e.tagName());
          continue;
        }
        URI target = URI.create(e.absUrl(attr));
        if (!"127.0.0.1".equals(target.getHost()) && !url.getHost().equals(target.getHost())) {
          continue; // external: not followed, never contacted
        }
        String p = target.getRawPath();
        if (target.getRawFragment() != null) {
          anchorsWanted
              .computeIfAbsent(p, k -> new LinkedHashSet<>())
              .add(target.getRawFragment() + " (from " + path + ")");
        }
        if (OTHER_FEATURES.contains(p)) {
          other.add(p);
        } else if (seen.add(p)) {
          queue.addLast(p);
        }
      }
    }
    anchorsWanted.forEach(
        (page, frags) -> {
          for (String f : frags) {
            String id = f.substring(0, f.indexOf(' '));
            if (ids.containsKey(page) && !ids.get(page).contains(id)) {
              failures.add(page + " has no #" + f);
            }
          }
        });
    return new Crawl(fetched, ids, other);
  }

  @Test
  void everyPageLinkImageAndAnchorFromTheIndexResolves() {
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>();
    Crawl c = crawl(failures);
    assertEquals(List.of(), failures);
    long pages = c.ids().keySet().stream().filter(p -> p.startsWith("/manual/")).count();
    assertTrue(pages >= 20, "pages crawled: " + c.ids().keySet());
    assertTrue(c.fetched().containsKey("/manual/developer/images/architecture.svg"), "an image");
    assertTrue(c.fetched().containsKey("/manual/user/getting-started"));
    assertTrue(c.fetched().containsKey("/manual/developer/protocol"));
    assertTrue(c.fetched().containsKey("/manual-assets/vendor/highlight/highlight.min.js"));
    System.out.printf(
        "ManualIT: %d manual pages, %d URLs fetched in %d ms%n",
        pages, c.fetched().size(), (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void linksToTheAppAndTheExtensionDownloadResolve() throws Exception {
    Crawl c = crawl(new ArrayList<>());
    for (String link : c.otherFeatureLinks()) {
      assertEquals(200, http.get(link).status(), link);
    }
  }

  @Test
  void searchIndexAndRedirectsAreServed() {
    RawHttp.Response index = http.get("/manual/search-index.json");
    assertEquals(200, index.status());
    assertTrue(index.headers().toLowerCase().contains("application/json"));
    assertTrue(index.text().contains("\"url\":\"/manual/developer/protocol#error-codes\""));
    RawHttp.Response moved = http.get("/manual");
    assertEquals(301, moved.status());
    assertTrue(moved.headers().contains("Location: /manual/"), moved.headers());
    assertEquals(301, http.get("/manual/user").status());
    assertEquals(404, http.get("/manual/user/getting-started.md").status());
    assertEquals(404, http.get("/manual/user/nope").status());
  }

  // ---- path traversal ----

  /** Files that must never be served, and a string only their contents contain. */
  private static final Map<String, String> SECRETS =
      Map.of(
          "WEB-INF/classes/META-INF/persistence.xml", "<persistence-unit",
          "WEB-INF/web.xml", "<web-app",
          "META-INF/MANIFEST.MF", "Manifest-Version",
          "WEB-INF/manual/manifest.txt", "developer/images/architecture.svg\n",
          "WEB-INF/manual/docs/user/index.md", "](getting-started.md)",
          "WEB-INF/classes/db/migration/V1__rooms_sessions_widgets.sql", "CREATE TABLE",
          "WEB-INF/classes/coturn/turnserver.conf", "use-auth-secret",
          "WEB-INF/classes/org/tfx/sessions/manual/Manual.class", "\u00ca\u00fe\u00ba\u00be",
          "WEB-INF/lib/commonmark-0.24.0.jar", "PK\u0003\u0004",
          "etc/passwd", "root:x:0:0");

  private static final List<String> BASES =
      List.of(
          "/manual/",
          "/manual/user/",
          "/manual/developer/images/",
          "/assets/",
          "/widgets/",
          "/manual-assets/vendor/",
          "/");

  private static final List<String> DOT_DOTS = Traversal.DOT_DOTS;

  @Test
  void theMarkersReallyOccurInTheFilesTheyStandFor() throws Exception {
    try (ZipFile war = new ZipFile(new File(System.getProperty("it.war")))) {
      for (Map.Entry<String, String> s : SECRETS.entrySet()) {
        byte[] content;
        if (s.getKey().startsWith("etc/")) {
          content = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/" + s.getKey()));
        } else if (war.getEntry(s.getKey()) == null) {
          continue; // e.g. no web.xml: the app registers everything in code
        } else {
          content = war.getInputStream(war.getEntry(s.getKey())).readAllBytes();
        }
        assertTrue(
            RawHttp.indexOf(content, s.getValue().getBytes(StandardCharsets.ISO_8859_1)) >= 0,
            s.getKey() + " holds its marker, so a leak of it would be seen");
      }
    }
  }

  static List<String> payloads() {
    List<String> out = new ArrayList<>();
    String[] deep = {"WEB-INF/classes/META-INF/persistence.xml", "etc/passwd"};
    for (String base : BASES) {
      for (String up : DOT_DOTS) {
        for (String target : deep) {
          out.add(base + up.repeat(target.startsWith("etc") ? 8 : 3) + target);
        }
      }
    }
    for (String secret : SECRETS.keySet()) {
      out.add("/" + secret);
      out.add("/manual/" + secret);
      out.add("/manual/user/../../" + secret);
      out.add("/manual/%2e%2e/" + secret);
      out.add("/manual/..;/" + secret);
      out.add("/manual//" + secret);
      out.add("/manual/" + secret.replace("/", "%2f"));
      out.add("/manual/" + secret.replace("/", "\\"));
      out.add("/manual/file:///" + secret);
      out.add("/assets/../" + secret);
      out.add("/%57EB-INF/" + secret.replaceFirst("^WEB-INF/", ""));
      out.add("/web-inf/" + secret.replaceFirst("^WEB-INF/", ""));
      out.add("/WEB-INF%2f" + secret.replaceFirst("^WEB-INF/", ""));
      out.add("/./" + secret);
      out.add("/manual/user/getting-started/../../../" + secret);
    }
    out.addAll(
        List.of(
            "/manual/user/index.md",
            "/manual/docs/user/index.md",
            "/manual/WEB-INF/manual/docs/user/index.md",
            "/manual/user/getting-started.md",
            "/manual/user/getting-started%00.md",
            "/manual/user/getting-started;.md",
            "/manual/user/getting-started%2ehtml",
            "/manual//etc/passwd",
            "/manual/%2fetc%2fpasswd",
            "/manual/C:\\Windows\\win.ini",
            "/manual/C:%5cWindows%5cwin.ini",
            "/manual/manifest.txt",
            "/manual/search-index.json/../manifest.txt",
            "/manual/user/%2e%2e%2f%2e%2e%2fmanual%2fmanifest.txt",
            "/manual/%u002e%u002e/WEB-INF/web.xml",
            "/manual/..%u2215WEB-INF/web.xml",
            "/manual/%2e%2e%u2216WEB-INF%u2216web.xml",
            "/manual/user/.%2e/.%2e/WEB-INF/manual/manifest.txt",
            "/manual-assets/../WEB-INF/manual/manifest.txt",
            "/widgets/..%252f..%252fWEB-INF%252fweb.xml",
            "/WEB-INF/",
            "/WEB-INF/manual/",
            "/META-INF/",
            "/WEB-INF/lib/",
            "/manual/%00",
            "/manual/user/%00/../../WEB-INF/web.xml"));
    return out;
  }

  @Test
  void noRequestGetsAFileOutsideTheDocsSet() throws Exception {
    List<String> failures = new ArrayList<>();
    Crawl c = crawl(failures);
    assertEquals(List.of(), failures);
    Set<String> legitimate = new HashSet<>();
    for (byte[] b : c.fetched().values()) {
      legitimate.add(sha(b));
    }
    for (String p : List.of("/", "/health", "/api/widgets", "/assets/site.css")) {
      legitimate.add(sha(http.get(p).body()));
    }
    for (Map.Entry<String, byte[]> e : c.fetched().entrySet()) {
      for (String marker : SECRETS.values()) {
        assertTrue(
            RawHttp.indexOf(e.getValue(), marker.getBytes(StandardCharsets.ISO_8859_1)) < 0,
            "marker " + marker + " must not occur in the legitimate " + e.getKey());
      }
    }

    List<String> payloads = payloads();
    long start = System.nanoTime();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> leaks = new ArrayList<>();
    for (String p : payloads) {
      RawHttp.Response r = http.get(p);
      statuses.merge(r.status(), 1, Integer::sum);
      for (Map.Entry<String, String> s : SECRETS.entrySet()) {
        if (RawHttp.indexOf(r.body(), s.getValue().getBytes(StandardCharsets.ISO_8859_1)) >= 0) {
          leaks.add(p + " → " + r.status() + " contains " + s.getKey());
        }
      }
      // Payara answers a URL its decoder rejects (%u002e) with 200 and an empty body before the
      // app sees it: nothing served, so no leak.
      if (r.status() >= 200
          && r.status() < 300
          && r.body().length > 0
          && !legitimate.contains(sha(r.body()))) {
        leaks.add(p + " → " + r.status() + " served something outside the docs and assets");
      }
      // Payara resolves "..;" segments past the root and redirects to the site root: harmless.
      String root = url.toString().replaceAll("/$", "") + "/";
      boolean toRoot = (r.headers() + "\r\n").contains("\nLocation: " + root + "\r\n");
      if (r.status() >= 300
          && r.status() < 400
          && !r.headers().contains("Location: /manual/")
          && !toRoot) {
        leaks.add(p + " → " + r.status() + " redirects elsewhere: " + r.headers());
      }
    }
    System.out.printf(
        "ManualIT: %d traversal payloads in %d ms, statuses %s%n",
        payloads.size(), (System.nanoTime() - start) / 1_000_000, statuses);
    assertTrue(payloads.size() >= 200, "payloads: " + payloads.size());
    assertEquals(List.of(), leaks);
  }

  private static String sha(byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
