// What a new user meets (issue 21): a normal join without a failed request or a console error;
// axe-core finds no serious or critical problem on any screen, widget or manual page; the whole
// call works from the keyboard (in German); no visible word skips the message catalogues; the
// room and the dock fit 360×740 and 768×1024. Also saves the manual's screenshots of the labelled
// call bar, the dock and the small screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { chatTexts, pane } from './widgets.js';
import { axeAll, keyTo, focused, unmarkedTexts, layoutProblems } from './a11y.js';

const env = useServerAndBrowser();
const timings = {};

/**
 * Pages of the site axe checks besides the app's screens; served by the real server only (the
 * fake one has no manual). Add a page here and it is checked. `optional` pages are checked when
 * the server has them (the operator console comes with the SIP work).
 */
const SITE_PAGES = [
  { path: '/' },
  { path: '/manual/' },
  { path: '/manual/user/' },
  { path: '/manual/user/getting-started' },
  { path: '/manual/user/widgets/chat' },
  { path: '/manual/developer/' },
  { path: '/manual/developer/widget-api' },
  { path: '/console', optional: true },
];

/** Pages whose console axe is writing to (its probes set inline styles the CSP refuses). */
const auditing = new WeakSet();

/** Records what a page gets wrong while it works: console errors, failed and refused requests. */
function watch(page) {
  const problems = [];
  const add = (p) => auditing.has(page) || problems.push(p);
  page.on('console', (m) => m.type() === 'error' && add(`console: ${m.text()}`));
  page.on('pageerror', (e) => add(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => add(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && add(`HTTP ${r.status()}: ${r.url()}`));
  return problems;
}

async function newPage(o = {}) {
  const ctx = await env.browser.newContext({
    viewport: o.viewport ?? { width: 1280, height: 800 },
    locale: o.locale ?? 'en-US',
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
  });
  const page = await ctx.newPage();
  if (o.languages) {
    await page.addInitScript((langs) => {
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => langs });
      Object.defineProperty(Navigator.prototype, 'language', { get: () => langs[0] });
    }, o.languages);
  }
  return page;
}

/** Asserts axe found nothing serious on what `page` shows now. */
async function assertAccessible(page, what) {
  const t0 = Date.now();
  auditing.add(page);
  const found = await axeAll(page).finally(() => setTimeout(() => auditing.delete(page), 200));
  timings.axeMs = (timings.axeMs ?? 0) + Date.now() - t0;
  assert.deepEqual(found, [], `axe on ${what}:\n${found.join('\n')}`);
}

test('a new user: start, invite before joining, a clean join, every screen and widget accessible', async () => {
  const page = await newPage();
  const problems = watch(page);
  await page.goto(`${env.server.url}/app/`);
  await page.locator('[data-screen="landing"]').waitFor();
  // The start page offers the room sizes the server has, not numbers of its own.
  const config = await (await fetch(`${env.server.url}/api/client-config`)).json();
  await page.locator('details.more summary').click();
  const cap = page.locator('#capacity');
  assert.equal(await cap.getAttribute('max'), String(config.maxCapacity));
  assert.equal(await cap.getAttribute('min'), String(config.minCapacity));
  assert.equal(await cap.getAttribute('placeholder'), String(config.defaultCapacity));
  await assertAccessible(page, 'the start page');
  await shot(page, 'landing');
  await page.locator('#room-name').fill('Design review');
  await page.locator('#create-room').click();
  await page.locator('[data-screen="prejoin"]').waitFor();
  const invite = page.url();

  // Pre-join: the host copies the invite link before joining.
  await page.locator('#display-name').fill('Ada');
  await page.locator('#prejoin-invite-copy').click();
  await page.locator('.invite-status', { hasText: 'copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), invite);
  await page
    .locator('video.preview')
    .evaluate(
      (v) => new Promise((r) => (v.videoWidth ? r() : v.addEventListener('loadeddata', r))),
    );
  await assertAccessible(page, 'the pre-join screen');
  await shot(page, 'prejoin');
  await page.locator('#join-now').click();
  await page.locator('[data-screen="room"]').waitFor();
  const roomId = new URL(invite).pathname.split('/').pop();
  const secret = decodeURIComponent(new URL(invite).hash.slice(1));
  const room = { roomId, secret };
  const bob = await joinRoom(env.browser, env.server.url, room, 'Bob');
  const bobProblems = watch(bob.page);

  // Your own tile comes first, on every screen.
  for (const p of [page, bob.page]) {
    await p.locator('figure.tile:not(.screen-share)').nth(1).waitFor();
    assert.equal(
      await p.locator('figure.tile:not(.screen-share)').first().getAttribute('data-local'),
      'true',
    );
  }
  // Every call control says what it does, in words people can read.
  const labels = await page
    .locator('footer.controls button.ctl:visible .ctl-label')
    .allTextContents();
  assert.deepEqual(labels, [
    'Mute',
    'Stop video',
    'Share screen',
    'Devices',
    'Invite',
    'People',
    'Widgets',
    'Leave',
  ]);
  // The in-call invite: a button named for what it does, with the link beside it.
  await page.locator('#copy-invite').click();
  await page.locator('#invite-link-copy', { hasText: 'Copy invite link' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), invite);
  await assertAccessible(page, 'the room with the invite link open');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#invite-popover').isHidden(), true);

  // A normal join with the server's default features: nothing failed, nothing logged in red.
  await page.waitForTimeout(1500);
  assert.deepEqual(problems, [], 'the host page');
  assert.deepEqual(bobProblems, [], 'the guest page');

  await page.locator('#people-btn').click();
  await assertAccessible(page, 'the room with the people panel (owner)');
  await page.locator('#people-btn').click();
  await page.locator('#widgets-btn').click();
  await page.locator('.dock-card').first().waitFor();
  await assertAccessible(page, 'the room with the dock open');
  await shot(page, 'room-dock');

  // Every widget, opened from its labelled tab.
  const ids = await page
    .locator('.dock-tab')
    .evaluateAll((tabs) => tabs.map((t) => t.dataset.widgetId));
  assert.ok(ids.length >= 11, `widgets: ${ids}`);
  const widgetProblems = [];
  for (const id of ids) {
    const tab = page.locator(`.dock-tab[data-widget-id="${id}"]`);
    assert.ok((await tab.innerText()).trim(), `the ${id} tab has a label`);
    await tab.click();
    await page.waitForFunction((wid) => globalThis.tfxApp.widgets?.isMounted(wid), id, {
      timeout: 30_000,
    });
    await page.waitForTimeout(300);
    // every widget's problems at once, so one run shows them all
    await assertAccessible(page, `the ${id} widget`).catch((e) => widgetProblems.push(e.message));
  }
  assert.deepEqual(widgetProblems, []);
  await shot(page, 'room-labelled');

  // The site's own pages, on the real server.
  if (!env.server.fake) {
    for (const { path, optional } of SITE_PAGES) {
      const res = await page.goto(`${env.server.url}${path}`);
      if (optional && res?.status() === 404) {
        console.log(`axe: ${path} is not on this server, not checked`);
        continue;
      }
      assert.equal(res?.status(), 200, path);
      await assertAccessible(page, path);
    }
  }
  await page.context().close();
  await bob.page.context().close();
});

test('the whole call from the keyboard, in German', async () => {
  const room = await createRoom(env.server.url, { name: 'Tastatur' });
  const ada = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const page = await newPage({ locale: 'de-DE', languages: ['de-DE', 'de'] });
  const problems = watch(page);
  await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
  await page.locator('[data-screen="prejoin"]').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  assert.equal(await page.locator('#join-now').textContent(), 'Jetzt teilnehmen');
  await assertAccessible(page, 'the pre-join screen in German');

  // Join: name, then the join button, with Tab and Enter only.
  await keyTo(page, '#display-name');
  await page.keyboard.type('Kai');
  await keyTo(page, '#join-now');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen="room"]').waitFor();
  const session = () =>
    page.evaluate(() => ({
      muted: globalThis.tfxApp.session.muted,
      video: globalThis.tfxApp.session.videoOn,
    }));

  // Mute (Space) and camera off (Enter); the labels say what the next press does.
  await keyTo(page, '#toggle-mic');
  await page.keyboard.press('Space');
  await until(async () => (await session()).muted);
  assert.equal(await page.locator('#toggle-mic .ctl-label').textContent(), 'Ton an');
  await keyTo(page, '#toggle-cam');
  await page.keyboard.press('Enter');
  await until(async () => !(await session()).video);
  assert.equal(await page.locator('#toggle-cam .ctl-label').textContent(), 'Video an');
  const kaiId = await page.evaluate(() => globalThis.tfxApp.session.peerId);
  await ada.page.locator(`figure.tile.muted.no-video[data-peer-id="${kaiId}"]`).waitFor();

  // Open the chat: the Widgets button takes the focus into the dock; arrows pick the tab.
  await keyTo(page, '#widgets-btn');
  await page.keyboard.press('Enter');
  assert.ok((await focused(page, '.dock-tab')).matches, 'the focus moved into the dock');
  for (let i = 0; i < 20 && !(await focused(page, '#dock-tab-chat')).matches; i++) {
    await page.keyboard.press('ArrowRight');
  }
  assert.ok((await focused(page, '#dock-tab-chat')).visible, 'the chat tab has a visible focus');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => globalThis.tfxApp.widgets?.isMounted('chat'));
  await keyTo(page, 'textarea.chat-input');
  await page.keyboard.type('Hallo von der Tastatur');
  await page.keyboard.press('Enter');
  await ada.page.locator('#widgets-btn').click();
  await ada.page.locator('.dock-tab[data-widget-id="chat"]').click();
  await until(async () => (await chatTexts(ada.page)).includes('Hallo von der Tastatur'));
  await assertAccessible(page, 'the room in German with the chat open');

  // Leave.
  await keyTo(page, '#leave');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen="notice"][data-code="LEFT"]').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Du hast die Besprechung verlassen');
  assert.deepEqual(problems, []);
  await page.context().close();
  await ada.page.context().close();
});

/**
 * Built-in widgets whose own words are not in catalogues yet (they would speak English
 * everywhere): none today. Every other built-in widget is opened in the pseudo language and read
 * like the app; a new widget with words outside its catalogue fails here.
 */
const WIDGETS_IN_ENGLISH = [];

test('no visible word skips the catalogues (pseudo language on every screen)', async () => {
  const page = await newPage({ languages: ['en-XA'] });
  const check = async (what) => {
    const found = await unmarkedTexts(page, { english: WIDGETS_IN_ENGLISH });
    assert.deepEqual(found, [], `${what}: words not from a catalogue`);
  };
  await page.goto(`${env.server.url}/app/`);
  await page.locator('details.more summary').click();
  await check('the start page');
  await page.locator('#room-name').fill('Pseudo');
  await page.locator('#create-room').click();
  await page.locator('[data-screen="prejoin"]').waitFor();
  await page.locator('#display-name').fill('Ada');
  await page.locator('#prejoin-invite-copy').click();
  await page.locator('.invite-status:not(:empty)').waitFor();
  await check('the pre-join screen');
  await page.locator('#join-now').click();
  await page.locator('[data-screen="room"]').waitFor();
  await check('the room');
  for (const open of ['#copy-invite', '#devices-btn', '#people-btn', '#widgets-btn']) {
    await page.locator(open).click();
    await page.waitForTimeout(200);
    await check(`the room with ${open} open`);
  }
  const ids = await page
    .locator('.dock-tab')
    .evaluateAll((tabs) => tabs.map((t) => t.dataset.widgetId));
  for (const id of ids.filter((w) => !WIDGETS_IN_ENGLISH.includes(w))) {
    await page.locator(`.dock-tab[data-widget-id="${id}"]`).click();
    await page.waitForFunction((wid) => globalThis.tfxApp.widgets?.isMounted(wid), id);
    await page.waitForTimeout(200);
    await check(`the ${id} widget`);
  }
  await page.locator('#leave').click();
  await page.locator('[data-screen="notice"]').waitFor();
  await check('the notice after leaving');
  await page.goto(`${env.server.url}/r/nosuchroom#nosecret`);
  await page.locator('[data-screen="notice"]').waitFor();
  await check('a notice for a wrong link');
  await page.context().close();
});

for (const [label, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['tablet', { width: 768, height: 1024 }],
]) {
  test(`${viewport.width}×${viewport.height}: the room and the dock fit, nothing cut off or covered`, async () => {
    const room = await createRoom(env.server.url, { name: 'Small screens' });
    const a = await joinRoom(env.browser, env.server.url, room, 'Ada', { viewport });
    const b = await joinRoom(env.browser, env.server.url, room, 'Bob', { viewport });
    const page = a.page;
    await page.locator('figure.tile').nth(1).waitFor();
    await page.waitForTimeout(6000); // the "Bob joined" toast has gone
    assert.deepEqual(await layoutProblems(page), [], 'the room');
    await shot(page, `room-${label}`);
    await page.locator('#widgets-btn').click();
    await page.locator('.dock-tab[data-widget-id="chat"]').click();
    await pane(page, 'chat').locator('.chat-input').waitFor();
    assert.deepEqual(await layoutProblems(page), [], 'the dock with the chat');
    await shot(page, `room-${label}-dock`);
    await page.locator('#widgets-btn').click();
    await page.locator('#copy-invite').click();
    assert.deepEqual(await layoutProblems(page), [], 'the invite link');
    await page.locator('#copy-invite').click();
    await page.locator('#people-btn').click();
    assert.deepEqual(await layoutProblems(page), [], 'the people panel');
    await a.page.context().close();
    await b.page.context().close();
  });
}

test.after(() => console.log('timings', JSON.stringify(timings)));
