package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Media;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.support.Deployments;
import org.tfx.sessions.it.support.HeadlessChromium;

/**
 * The manual in a real browser (the Debian chromium, headless): pages render under the site's CSP
 * with highlighted code and no console errors, the search box finds text from both manuals, and
 * screenshots land in target/screenshots/manual-*.png for people to look at.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManualBrowserIT {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static HeadlessChromium chromium;
  private static Browser browser;

  @Deployment(testable = false)
  static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  @BeforeAll
  static void launch() throws Exception {
    Files.createDirectories(SHOTS);
    chromium =
        HeadlessChromium.launch(
            HeadlessChromium.DEBIAN_CHROMIUM,
            List.of("--no-proxy-server", "--disable-background-networking"));
    browser = chromium.browser();
  }

  @AfterAll
  static void close() {
    if (chromium != null) {
      chromium.close();
    }
  }

  private String base() {
    return url.toString().replaceAll("/$", "");
  }

  /** Opens {@code path} in a fresh page and fails on console errors (CSP violations included). */
  private Page open(String path, List<String> errors) {
    Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1366, 900));
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type())) {
            errors.add(path + ": " + m.text());
          }
        });
    page.onPageError(e -> errors.add(path + ": " + e));
    page.navigate(base() + path);
    page.waitForLoadState();
    return page;
  }

  @Test
  void pagesRenderWithHighlightedCodeUnderTheCsp() {
    List<String> errors = new ArrayList<>();
    for (String path :
        List.of(
            "/manual/developer/protocol",
            "/manual/developer/deployment",
            "/manual/user/getting-started",
            "/manual/developer/architecture")) {
      Page page = open(path, errors);
      if (page.locator("pre code[class*=language-]").count() > 0) {
        page.waitForSelector("pre code.hljs");
      }
      assertTrue(page.locator("nav.manual-nav a[aria-current=page]").count() == 1, path);
      assertTrue(page.locator("aside.manual-toc a").count() >= 2, path + " has a TOC");
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(
                  SHOTS.resolve(
                      "manual" + path.substring("/manual".length()).replace('/', '-') + ".png"))
              .setFullPage(false));
      page.close();
    }
    Page arch = open("/manual/developer/architecture", errors);
    Object width = arch.evalOnSelector("article img", "img => img.complete ? img.naturalWidth : 0");
    assertTrue(((Number) width).intValue() > 0, "the architecture diagram loads");
    arch.close();

    Page print = open("/manual/user/privacy", errors);
    print.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
    assertEquals(
        "none", print.evalOnSelector("nav.manual-nav", "n => getComputedStyle(n).display"));
    print.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve("manual-print-privacy.png")));
    print.close();

    Page home = open("/", errors);
    home.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("manual-home.png")));
    home.close();
    assertEquals(List.of(), errors);
  }

  @Test
  void searchFindsTermsFromBothManuals() {
    List<String> errors = new ArrayList<>();
    Page page = open("/manual/user/", errors);
    page.fill("#manual-search", "pg_dump");
    page.waitForSelector("#manual-search-results li a");
    String first = page.locator("#manual-search-results li a").first().getAttribute("href");
    assertTrue(first.startsWith("/manual/developer/operations"), first);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("manual-search.png")));

    page.fill("#manual-search", "knock admit");
    page.waitForSelector("#manual-search-results li a[href^='/manual/user/room-controls']");
    page.locator("#manual-search-results li a[href^='/manual/user/room-controls']").first().click();
    page.waitForURL("**/manual/user/room-controls**");

    page.fill("#manual-search", "zzqxnotaword");
    page.waitForSelector("#manual-search-results li.empty");
    page.close();
    assertEquals(List.of(), errors);
  }
}
