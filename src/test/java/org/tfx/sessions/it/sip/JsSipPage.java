package org.tfx.sessions.it.sip;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A plain JsSIP client in its own browser context: a test page (served by this test, at {@code
 * /sip-test/} of the server's origin, so {@code /sip} is same-origin) with JsSIP from the client
 * build ({@code extension/dist/test/jssip.js}) and {@code sip/browser/client.js}.
 */
public final class JsSipPage implements AutoCloseable {
  /**
   * Flags for WebRTC on a loopback-only host (see RECIPES): fake media, 127.0.0.1 candidates; and
   * no Local Network Access checks, which block a page the test serves itself (its address is
   * unknown to Chromium, so "public") from opening a WebSocket to 127.0.0.1.
   */
  public static final List<String> BROWSER_ARGS =
      List.of(
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection",
          "--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks",
          "--autoplay-policy=no-user-gesture-required");

  private static final Path JSSIP = Path.of("extension", "dist", "test", "jssip.js");

  private final BrowserContext context;
  private final Page page;

  private JsSipPage(BrowserContext context, Page page) {
    this.context = context;
    this.page = page;
  }

  public static boolean available() {
    return Files.isRegularFile(JSSIP);
  }

  public static JsSipPage open(Browser browser, URI base) throws IOException {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions().setPermissions(List.of("microphone", "camera")));
    Map<String, byte[]> files =
        Map.of(
            "client.html", resource("client.html"),
            "client.js", resource("client.js"),
            "jssip.js", Files.readAllBytes(JSSIP));
    String prefix = base.toString().replaceAll("/$", "") + "/sip-test/";
    context.route(
        prefix + "**",
        route -> {
          String name = route.request().url().substring(prefix.length());
          byte[] body = files.get(name);
          if (body == null) {
            route.fulfill(new com.microsoft.playwright.Route.FulfillOptions().setStatus(404));
            return;
          }
          route.fulfill(
              new com.microsoft.playwright.Route.FulfillOptions()
                  .setStatus(200)
                  .setContentType(name.endsWith(".html") ? "text/html" : "text/javascript")
                  .setBodyBytes(body));
        });
    Page page = context.newPage();
    page.navigate(prefix + "client.html");
    return new JsSipPage(context, page);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = JsSipPage.class.getResourceAsStream("/sip/browser/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Starts the user agent: it registers at once; {@code autoAnswer} answers every call. */
  public void start(String user, String password, String domain, boolean autoAnswer) {
    page.evaluate(
        "([u, p, d, a]) => window.sip.start(u, p, d, a)",
        List.of(user, password, domain, autoAnswer));
  }

  /** Waits until an event starting with {@code event} happened (e.g. "registered", "ended"). */
  public void await(String event, long millis) {
    try {
      page.waitForFunction(
          "e => window.sip.has(e)", event, new Page.WaitForFunctionOptions().setTimeout(millis));
    } catch (RuntimeException e) {
      throw new AssertionError("no '" + event + "' within " + millis + " ms; events: " + events());
    }
  }

  /** How many events so far start with {@code prefix}. */
  public int count(String prefix) {
    return ((Number)
            page.evaluate("p => window.sip.events.filter(e => e.startsWith(p)).length", prefix))
        .intValue();
  }

  /** Waits until at least {@code n} events start with {@code prefix}. */
  public void awaitCount(String prefix, int n, long millis) {
    try {
      page.waitForFunction(
          "([p, n]) => window.sip.events.filter(e => e.startsWith(p)).length >= n",
          List.of(prefix, n),
          new Page.WaitForFunctionOptions().setTimeout(millis));
    } catch (RuntimeException e) {
      throw new AssertionError(n + " × '" + prefix + "' not seen; events: " + events());
    }
  }

  public String events() {
    return String.valueOf(page.evaluate("() => window.sip.events.join(', ')"));
  }

  public void call(String target) {
    page.evaluate("t => window.sip.call(t)", target);
  }

  public void answer() {
    page.evaluate("() => window.sip.answer()");
  }

  public void hangup() {
    page.evaluate("() => window.sip.hangup()");
  }

  public void register() {
    page.evaluate("() => window.sip.register()");
  }

  /** Audio received in the call so far: inbound RTP bytes and total audio energy. */
  public double[] audioIn() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) page.evaluate("() => window.sip.audioIn()");
    return new double[] {
      ((Number) m.get("bytes")).doubleValue(), ((Number) m.get("energy")).doubleValue()
    };
  }

  /** Waits until received audio bytes and energy both grew past what they were. */
  public void awaitAudioGrowing(long millis) throws InterruptedException {
    double[] first = audioIn();
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      double[] now = audioIn();
      if (now[0] > first[0] && now[1] > first[1] && now[1] > 0) {
        return;
      }
    }
    throw new AssertionError(
        "no growing audio: " + java.util.Arrays.toString(audioIn()) + "; events: " + events());
  }

  @Override
  public void close() {
    try {
      page.evaluate("() => window.sip && window.sip.stop()");
    } catch (RuntimeException e) {
      // the page is gone already
    }
    context.close();
  }
}
