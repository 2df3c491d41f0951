// Browser tests of multilingual communication (issue 7): a participant set to English types a
// caption and writes in the chat; a participant set to German reads both in German through the
// translator chain (the server endpoint, answered here by a deterministic fake dictionary), can
// switch to the original, and sees "translation unavailable" when no translator works. Also
// records what the Web Speech API does in this headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { openWidget, pane, chatSend } from './widgets.js';

const env = useServerAndBrowser();
/** Generous: the test machine may be shared and loaded. */
const WAIT = 30_000;
const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);
/** The text of an element, or null while it is not there (for polling). */
const text = (locator) => locator.textContent({ timeout: 1_000 }).catch(() => null);
const attr = (locator, name) => locator.getAttribute(name, { timeout: 1_000 }).catch(() => null);

/** English → German, word by word (so that half-typed captions translate too). */
const WORDS = {
  good: 'gut',
  morning: 'Morgen',
  everyone: 'zusammen',
  hello: 'hallo',
  from: 'aus',
  the: 'dem',
  chat: 'Chat',
};
const german = (q) =>
  q.replace(/[A-Za-z]+/g, (w) => {
    const t = WORDS[w.toLowerCase()];
    if (!t) return w;
    return w[0] === w[0].toUpperCase() ? t[0].toUpperCase() + t.slice(1) : t;
  });

/**
 * Answers the page's /api/translate calls like the server with a configured service would
 * (or, `unavailable`, like one whose service fails), and records the requests. The client config
 * says the server translates, as it would with `tfx.translate.url` set: widgets ask the
 * translation endpoints only then.
 */
async function fakeTranslateEndpoint(page, { unavailable = false } = {}) {
  const requests = [];
  await page.route('**/api/client-config*', async (route) => {
    const real = await route.fetch();
    const config = { ...(await real.json()), translate: true };
    await route.fulfill({ response: real, body: JSON.stringify(config) });
  });
  await page.route('**/api/translate**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const json = (status, body) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (unavailable) {
      return json(503, {
        code: 'translation-unavailable',
        message: 'no translation service is configured on this server (tfx.translate.url)',
      });
    }
    if (url.pathname.endsWith('/languages')) {
      return json(200, [{ code: 'en', name: 'English', targets: ['de'] }]);
    }
    const body = req.postDataJSON();
    requests.push({
      body,
      roomId: url.searchParams.get('roomId'),
      secret: req.headers()['x-room-secret'],
    });
    if (body.source !== 'en' || body.target !== 'de') {
      return json(400, { code: 'invalid-request', message: 'pair not supported' });
    }
    return json(200, { translatedText: german(body.q), cached: false });
  });
  return requests;
}

test('captions and chat reach a German reader in German; originals on demand; unavailable state', async () => {
  const room = await createRoom(env.server.url, { name: 'Languages' });
  let requests = [];
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    onPage: (page) => fakeTranslateEndpoint(page),
  });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bernd', {
    onPage: async (page) => (requests = await fakeTranslateEndpoint(page)),
  });
  for (const p of [a.page, b.page]) p.setDefaultTimeout(60_000);
  const [ida, idb] = [await peerIdOf(a.page), await peerIdOf(b.page)];

  // Both set their language in the captions widget; each sees the other's announced.
  await openWidget(a.page, 'captions');
  await openWidget(b.page, 'captions');
  const capA = pane(a.page, 'captions');
  const capB = pane(b.page, 'captions');
  await capA.locator('#captions-language').selectOption('en');
  await capB.locator('#captions-language').selectOption('de');
  await until(
    async () =>
      (await text(capA.locator(`.cap-person[data-peer-id="${idb}"] .cap-lang`))) ===
      'speaks German',
    WAIT,
  );
  await until(
    async () =>
      (await text(capB.locator(`.cap-person[data-peer-id="${ida}"] .cap-lang`))) ===
      'speaks English',
    WAIT,
  );
  await until(async () => (await attr(capB.locator('.tr-status'), 'data-state')) === 'ready', WAIT);

  // Speech captions: what the Web Speech API does in this browser is shown, typing still works.
  await capB.locator('.cap-mic').click();
  const speech = capB.locator('.cap-speech-status');
  await until(
    async () => ['unavailable', 'listening'].includes(await attr(speech, 'data-state')),
    WAIT,
  );
  console.log(
    `# speech recognition here: ${await speech.getAttribute('data-state')}: ${await speech.textContent()}`,
  );

  // Ada types a caption: Bernd sees it live (in his pane and on Ada's tile) before she sends it.
  const input = capA.locator('.cap-input');
  await input.pressSequentially('Good morning everyone', { delay: 15 });
  const liveRow = capB.locator(`.cap-live-row[data-author="${ida}"]`);
  await liveRow.waitFor({ timeout: WAIT });
  const overlay = b.page.locator(`figure.tile[data-peer-id="${ida}"] .tfx-caption`);
  await until(async () => (await text(overlay)) === 'Gut Morgen zusammen', WAIT);
  await input.press('Enter');

  // Finished, the caption is in Bernd's transcript in German, the original one click away.
  const row = capB.locator(`.cap-row[data-author="${ida}"]`);
  await until(async () => (await text(row.locator('.tr-body'))) === 'Gut Morgen zusammen', WAIT);
  await shot(b.page, 'widget-captions');
  assert.equal(await liveRow.count(), 0, 'the live line gave way to the finished caption');
  assert.equal(await row.locator('.cap-lang').textContent(), 'English');
  assert.match(
    await row.locator('.tr-note').textContent(),
    /^Translated from English · Show original$/,
  );
  await row.locator('.tr-toggle').click();
  assert.equal(await row.locator('.tr-body').textContent(), 'Good morning everyone');
  assert.equal(await row.locator('.tr-body').getAttribute('lang'), 'en');
  await row.locator('.tr-toggle').click();
  assert.equal(await row.locator('.tr-body').textContent(), 'Gut Morgen zusammen');
  // Ada reads her own words as she wrote them.
  const own = capA.locator(`.cap-row[data-author="${ida}"]`);
  await own.waitFor();
  assert.equal(await own.locator('.tr-body').textContent(), 'Good morning everyone');
  assert.equal(await own.locator('.tr-note').isHidden(), true);

  // The translation went through the server endpoint with the room's credentials.
  const asked = requests.find((r) => r.body.q === 'Good morning everyone');
  assert.deepEqual(asked, {
    body: { q: 'Good morning everyone', source: 'en', target: 'de' },
    roomId: room.roomId,
    secret: room.secret,
  });

  // Chat: Ada writes in English, Bernd reads German (his language choice is shared by widgets).
  await openWidget(a.page, 'chat');
  await chatSend(a.page, 'Hello from the chat');
  await openWidget(b.page, 'chat');
  const chatB = pane(b.page, 'chat');
  assert.equal(await chatB.locator('#chat-language').inputValue(), 'de');
  const msg = chatB.locator('.chat-msg').last();
  await until(async () => (await text(msg.locator('.chat-text'))) === 'Hallo aus dem Chat', WAIT);
  assert.match(
    await msg.locator('.tr-note').textContent(),
    /Translated from English · Show original/,
  );
  await msg.locator('.tr-toggle').click();
  assert.equal(await msg.locator('.chat-text').textContent(), 'Hello from the chat');
  await msg.locator('.tr-toggle').click();
  await shot(b.page, 'widget-chat-translated');

  // No translator works (the server has no service; this Chromium's built-in Translator lacks
  // the model and may not download it): Bernd reloads, sees "unavailable", and reads originals.
  await b.page.unrouteAll();
  await fakeTranslateEndpoint(b.page, { unavailable: true });
  await b.page.reload();
  await b.page.locator('[data-screen="room"]').waitFor();
  await openWidget(b.page, 'captions');
  const status = pane(b.page, 'captions').locator('.tr-status');
  await until(async () => (await attr(status, 'data-state')) === 'unavailable', WAIT);
  assert.equal(
    await status.textContent(),
    'Translation unavailable — messages are shown as written.',
  );
  const again = pane(b.page, 'captions').locator(`.cap-row[data-author="${ida}"]`);
  await until(
    async () => (await text(again.locator('.tr-note'))) === 'English · not translated',
    WAIT,
  );
  assert.equal(await again.locator('.tr-body').textContent(), 'Good morning everyone');
  await openWidget(b.page, 'chat');
  const chatAgain = pane(b.page, 'chat');
  await until(
    async () =>
      (await text(chatAgain.locator('.chat-msg').last().locator('.chat-text'))) ===
      'Hello from the chat',
    WAIT,
  );
  await until(
    async () => (await attr(chatAgain.locator('.tr-status'), 'data-state')) === 'unavailable',
  );
  assert.equal(await chatAgain.locator('.tr-status').isVisible(), true);
  await shot(b.page, 'widget-captions-unavailable');
  for (const p of [a.page, b.page]) await p.context().close();
});
