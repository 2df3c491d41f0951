// Helpers for browser tests of widgets: open one in the dock, reach into its pane.
import { joinRoom } from './harness.js';

/**
 * Opens a widget in the dock and waits until it is mounted.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 */
export async function openWidget(page, id) {
  const dock = page.locator('#tfx-widget-dock');
  if (await dock.isHidden()) await page.locator('#widgets-btn').click();
  await page.locator(`.dock-tab[data-widget-id="${id}"]`).click();
  await page.locator(`.widget-pane[data-widget-id="${id}"]`).waitFor();
  await page.waitForFunction((wid) => globalThis.tfxApp.widgets?.isMounted(wid), id);
}

/** The pane of a widget; Playwright's CSS locators reach into its (open) shadow root. */
export function pane(page, id) {
  return page.locator(`.widget-pane[data-widget-id="${id}"]`);
}

export async function chatSend(page, text) {
  const input = pane(page, 'chat').locator('.chat-input');
  await input.fill(text);
  await input.press('Enter');
}

/** The texts of the chat messages, in order. */
export function chatTexts(page) {
  return pane(page, 'chat').locator('.chat-msg .chat-text').allTextContents();
}

/**
 * Joins with the camera off (widget tests do not need video, and it costs CPU). Actions may
 * wait longer than usual: the suite shares a small machine with other builds.
 * @param {{server: {url: string}, browser: import('playwright-core').Browser}} env
 */
export async function joinQuietly(env, room, name, options) {
  const p = await joinRoom(env.browser, env.server.url, room, name, options);
  p.page.setDefaultTimeout(60_000);
  await p.page.locator('#toggle-cam', { hasText: 'Stop video' }).click();
  return p;
}
