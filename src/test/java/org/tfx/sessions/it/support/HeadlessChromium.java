package org.tfx.sessions.it.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright (never a downloaded browser), one per test class: starting
 * Playwright costs about a second.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");

  private final Playwright playwright;
  private final Browser browser;

  private HeadlessChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  public static HeadlessChromium launch(Path executable, List<String> args) {
    Playwright playwright = Playwright.create();
    try {
      return new HeadlessChromium(
          playwright,
          playwright
              .chromium()
              .launch(new BrowserType.LaunchOptions().setExecutablePath(executable).setArgs(args)));
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  public Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
