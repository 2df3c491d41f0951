package org.tfx.sessions.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tfx.sessions.it.sip.ConsoleClient;
import org.tfx.sessions.it.sip.JsSipPage;
import org.tfx.sessions.it.sip.Sipp;
import org.tfx.sessions.it.support.Api;
import org.tfx.sessions.it.support.ApiIntegrationTest;
import org.tfx.sessions.it.support.HeadlessChromium;

/**
 * SIP in real browsers, one Chromium for all: JsSIP clients over {@code /sip} calling each other
 * with audio both ways, CANCEL, a wrong password and the lockout; a WebSocket client calling a sipp
 * phone on UDP; the operator console (accounts, live registrations and calls, the listener off and
 * on, its lockout and CSRF); the phone widget in a room calling a JsSIP client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipBrowserIT extends ApiIntegrationTest {
  private static final String PASSWORD = "sip-password-2";
  private static final String DOMAIN = "127.0.0.1";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static HeadlessChromium chromium;
  private ConsoleClient console;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.DEBIAN_CHROMIUM), "chromium is not installed");
    assumeTrue(JsSipPage.available(), "no extension/dist/test/jssip.js: build the client first");
    if (chromium == null) {
      chromium = HeadlessChromium.launch(HeadlessChromium.DEBIAN_CHROMIUM, JsSipPage.BROWSER_ARGS);
    }
    console = ConsoleClient.signIn(base);
    for (String u : List.of("alice-b", "bob-b", "carol-b", "dave-b", "frank-b")) {
      console.addAccount(u, PASSWORD);
    }
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  /**
   * The console and the widget are the same servlets and the same /sip on every container; the
   * JsSIP tests above already cover /sip per container, so these run on the embedded stage only.
   */
  private static void embeddedStageOnly() {
    assumeTrue(
        System.getProperty("it.server", "embedded").equals("embedded"),
        "container-independent: runs on the embedded stage");
  }

  private Browser browser() {
    return chromium.browser();
  }

  @Test
  @Order(1)
  void twoBrowsersRegisterCallHearEachOtherAndHangUp() throws Exception {
    try (JsSipPage a = JsSipPage.open(browser(), base);
        JsSipPage b = JsSipPage.open(browser(), base)) {
      aliceCallsBob(a, b);
      b.answer();
      a.await("confirmed", 10_000);
      b.await("confirmed", 10_000);
      a.awaitAudioGrowing(10_000);
      b.awaitAudioGrowing(10_000);

      a.hangup();
      a.await("ended:Terminated", 10_000);
      b.await("ended:Terminated", 10_000);
    }
  }

  /** alice-b in {@code a} calls bob-b in {@code b}, until bob's phone rings. */
  private static void aliceCallsBob(JsSipPage a, JsSipPage b) {
    a.start("alice-b", PASSWORD, DOMAIN, false);
    b.start("bob-b", PASSWORD, DOMAIN, false);
    a.await("registered", 10_000);
    b.await("registered", 10_000);
    a.call("sip:bob-b@" + DOMAIN);
    b.await("incoming", 10_000);
    a.await("progress:180", 10_000);
  }

  @Test
  @Order(2)
  void cancelBeforeTheAnswerEndsTheRinging() throws Exception {
    try (JsSipPage a = JsSipPage.open(browser(), base);
        JsSipPage b = JsSipPage.open(browser(), base)) {
      aliceCallsBob(a, b);
      a.hangup(); // before the answer: a CANCEL
      b.await("failed:Canceled", 10_000);
      a.await("failed:Canceled", 10_000);
    }
  }

  @Test
  @Order(3)
  void aWrongPasswordGets401ThenTheAddressIsLockedOutWith403() throws Exception {
    try (JsSipPage c = JsSipPage.open(browser(), base)) {
      c.start("carol-b", "not-the-password", DOMAIN, false);
      c.await("regfailed:401", 10_000);
      for (int i = 0; i < 5 && !c.events().contains("regfailed:403"); i++) {
        int failures = c.count("regfailed");
        c.register();
        c.awaitCount("regfailed", failures + 1, 10_000);
      }
      c.await("regfailed:403", 1_000);
      assertFalse(c.events().contains("registered,"), c.events());
    }
    try (JsSipPage right = JsSipPage.open(browser(), base)) {
      right.start("carol-b", PASSWORD, DOMAIN, false);
      right.await("regfailed:403", 10_000); // locked out even with the right password now
    }
  }

  @Test
  @Order(4)
  void aWebSocketClientCallsASippPhoneOnUdp() throws Exception {
    assumeTrue(Files.isExecutable(Sipp.EXECUTABLE), "sipp (Debian sip-tester) is not installed");
    try (Sipp.Phone dave =
            Sipp.Phone.register(Sipp.Mode.UDP, 25073, "dave-b", PASSWORD, "answer-webrtc.xml");
        JsSipPage a = JsSipPage.open(browser(), base)) {
      console.awaitRegistered("dave-b", true, Duration.ofSeconds(10));
      a.start("alice-b", PASSWORD, DOMAIN, false);
      a.await("registered", 10_000);
      a.call("sip:dave-b@" + DOMAIN);
      a.await("progress:180", 10_000);
      a.await("confirmed", 10_000);
      a.hangup();
      a.await("ended:Terminated", 10_000);
      long deadline = System.currentTimeMillis() + 5_000;
      while (!dave.trace().contains("BYE sip:") && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      String trace = dave.trace();
      assertTrue(trace.contains("BYE sip:"), () -> "the BYE never crossed to UDP:\n" + trace);
      assertTrue(trace.contains(";transport=ws;lr>"), "double Record-Route names the WS side");
      assertTrue(trace.contains(";transport=udp;lr>"), "… and the UDP side");
    }
  }

  @Test
  @Order(5)
  void theConsoleManagesAccountsShowsRegistrationsAndCallsAndTurnsTheListenerOffAndOn()
      throws Exception {
    embeddedStageOnly();
    BrowserContext context =
        browser().newContext(new Browser.NewContextOptions().setViewportSize(1200, 900));
    try (JsSipPage erin = JsSipPage.open(browser(), base);
        JsSipPage bob = JsSipPage.open(browser(), base)) {
      Page page = context.newPage();
      page.navigate(base + "console");
      page.locator("#password").fill(ConsoleClient.PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      Locator add = page.locator("#add-account");
      String erinName = "erin-" + Long.toString(System.nanoTime() % 1_000_000, 36);
      add.locator("input[name=username]").fill(erinName);
      add.locator("input[name=displayName]").fill("Erin <b>Example</b>");
      add.locator("input[name=password]").fill(PASSWORD);
      add.getByRole(AriaRole.BUTTON).click();
      String flash = page.locator("#flash").textContent();
      assertTrue(flash.startsWith("Added " + erinName), flash);
      assertEquals(
          "Erin <b>Example</b>",
          page.locator("tr[data-user=" + erinName + "] input[name=displayName]").inputValue(),
          "names are shown as text");

      erin.start(erinName, PASSWORD, DOMAIN, false);
      bob.start("bob-b", PASSWORD, DOMAIN, true);
      erin.await("registered", 10_000);
      bob.await("registered", 10_000);
      page.locator("#registrations").getByText(erinName).waitFor();

      erin.call("sip:bob-b@" + DOMAIN);
      erin.await("confirmed", 10_000);
      Locator call = page.locator("#calls tr", new Page.LocatorOptions().setHasText(erinName));
      call.getByText("in call").waitFor();
      Files.createDirectories(SCREENSHOTS);
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(SCREENSHOTS.resolve("console.png"))
              .setFullPage(true));
      erin.hangup();
      call.waitFor(
          new Locator.WaitForOptions()
              .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));

      assertTrue(options(25085).passed(), "OPTIONS answered while the listener is on");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn off")).click();
      page.locator("#listener-state").getByText("off").waitFor();
      assertFalse(options(25086).passed(), "no answer while the listener is off");
      page.locator("#port").fill(String.valueOf(Sipp.serverPort()));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Turn on")).click();
      page.locator("#listener-state").getByText("Listening").waitFor();
      assertTrue(options(25087).passed(), "answered again once turned on");
    } finally {
      context.close();
    }
  }

  private static Sipp.Result options(int localPort) throws Exception {
    return Sipp.run(
        Sipp.scenario("options.xml", Map.of()), Sipp.Mode.UDP, localPort, "probe", null, null, 2);
  }

  @Test
  @Order(6)
  void thePhoneWidgetInARoomCallsAJsSipClientAndTheyHearEachOther() throws Exception {
    embeddedStageOnly();
    Api.NewRoom room = api.createRoom();
    BrowserContext context =
        browser()
            .newContext(
                new Browser.NewContextOptions()
                    .setPermissions(List.of("camera", "microphone"))
                    .setViewportSize(1280, 800));
    // Every RTCPeerConnection of the room page, to measure the phone call's audio.
    context.addInitScript(
        "(() => { const P = window.RTCPeerConnection; window.__pcs = [];"
            + " window.RTCPeerConnection = function (...a) { const pc = new P(...a);"
            + " window.__pcs.push(pc); return pc; };"
            + " window.RTCPeerConnection.prototype = P.prototype; })();");
    try (JsSipPage frank = JsSipPage.open(browser(), base)) {
      frank.start("frank-b", PASSWORD, DOMAIN, true);
      frank.await("registered", 10_000);
      Page page = context.newPage();
      page.navigate(base + "r/" + room.roomId() + "#" + room.secret());
      page.locator("#display-name").fill("Grace");
      page.locator("video.preview")
          .evaluate(
              "v => new Promise(r => v.videoWidth > 0 ? r()"
                  + " : v.addEventListener('loadeddata', () => r(), { once: true }))");
      page.locator("#join-now").click();
      page.locator("[data-screen=room]").waitFor();
      if (page.locator("#tfx-widget-dock").isHidden()) {
        page.locator("#widgets-btn").click();
      }
      page.locator(".dock-tab[data-widget-id=phone]").click();
      page.locator(".widget-pane[data-widget-id=phone] #phone-user").waitFor();
      page.locator("#phone-user").fill("alice-b");
      page.locator("#phone-password").fill(PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      page.locator(".phone-status").getByText("Signed in as alice-b").waitFor();
      page.locator("#phone-target").fill("frank-b");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Call").setExact(true))
          .click();
      page.locator(".phone-status").getByText("In call with frank-b").waitFor();
      frank.await("confirmed", 10_000);
      frank.awaitAudioGrowing(10_000);
      double first = phoneAudioEnergy(page);
      Thread.sleep(1_500);
      double later = phoneAudioEnergy(page);
      assertTrue(later > first && later > 0, "the phone hears frank: " + first + " → " + later);
      Files.createDirectories(SCREENSHOTS);
      page.screenshot(
          new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("phone-widget.png")));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hang up")).click();
      frank.await("ended:Terminated", 10_000);
      page.locator(".phone-status").getByText("Signed in as").waitFor();
    } finally {
      context.close();
    }
  }

  private static double phoneAudioEnergy(Page page) {
    return ((Number)
            page.evaluate(
                "async () => { let e = 0; for (const pc of window.__pcs) {"
                    + " (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp'"
                    + " && r.kind === 'audio') e += r.totalAudioEnergy || 0; }); } return e; }"))
        .doubleValue();
  }

  @Test
  @Order(99)
  void theConsoleRefusesMissingCsrfAndLocksOutAfterFiveWrongPasswords() throws Exception {
    embeddedStageOnly();
    BrowserContext context = browser().newContext();
    try {
      Page page = context.newPage();
      page.navigate(base + "console");
      page.locator("#password").fill(ConsoleClient.PASSWORD);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      page.locator("#add-account").waitFor();
      int noToken =
          page.request()
              .post(
                  base + "console/accounts",
                  RequestOptions.create()
                      .setForm(FormData.create().set("action", "delete").set("username", "bob-b")))
              .status();
      assertEquals(403, noToken, "a form without its CSRF token is refused");
      assertTrue(
          page.request().get(base + "console").text().contains("bob-b"), "bob-b was not deleted");

      BrowserContext stranger = browser().newContext(); // no session cookie: the login page
      Page login = stranger.newPage();
      login.navigate(base + "console");
      for (int i = 0; i < 5; i++) {
        login.locator("#password").fill("wrong-" + i);
        login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        login.locator(".error").waitFor();
      }
      assertTrue(login.locator(".error").textContent().contains("Too many wrong passwords"));
      login.locator("#password").fill(ConsoleClient.PASSWORD);
      login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      assertTrue(
          login.locator(".error").textContent().contains("Too many wrong passwords"),
          "the right password does not help while locked out");
      stranger.close();
    } finally {
      context.close();
    }
  }
}
