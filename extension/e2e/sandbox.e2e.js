// The tutorial's sample third-party widget (docs/developer/samples/wave), registered with the
// server through tfx.widgets.thirdParty (ClientE2EIT and with-war.sh do that), in real Chromium:
// it runs in a sandboxed frame, waves reach the other participant, its shared state reaches a
// late joiner — and the frame can reach nothing but its bridge: not the meeting page, not this
// origin's storage, not the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, until, shot } from './harness.js';
import { openWidget, joinQuietly } from './widgets.js';

const env = useServerAndBrowser();
/** The fake server has no third-party widgets: these run on the real WAR (ClientE2EIT, with-war.sh). */
const skip = process.env.TFX_SERVER_URL
  ? false
  : 'needs the real server with the sample registered';

/** The wave widget's frame element in a participant's page. */
const frameEl = (page) => page.locator('iframe.widget-frame[data-widget-id="wave"]');
/** Locators inside the widget's frame. */
const inWave = (page) => page.frameLocator('iframe.widget-frame[data-widget-id="wave"]');
/** The Playwright Frame of the widget, to run code inside it. */
async function waveFrame(page) {
  return until(() => page.frames().find((f) => f.url().includes('/widget-frame/wave')), 30_000);
}
const counts = (page) => inWave(page).locator('.wave-people li').allTextContents();

test(
  'sandbox: the sample Wave widget runs sandboxed, waves arrive, late joiners get the counts',
  { skip },
  async () => {
    const catalogue = await (await fetch(`${env.server.url}/api/widgets`)).json();
    const wave = catalogue.find((w) => w.id === 'wave');
    assert.ok(wave, 'the server lists the sample widget');
    assert.equal(wave.thirdParty, true);
    assert.equal(wave.frame, '/widget-frame/wave');

    const room = await createRoom(env.server.url, { name: 'Waves' });
    const a = await joinQuietly(env, room, 'Ada', { ownerToken: room.ownerToken });
    const b = await joinQuietly(env, room, 'Bob');
    await openWidget(a.page, 'wave');
    await openWidget(b.page, 'wave');
    assert.equal(await frameEl(a.page).getAttribute('sandbox'), 'allow-scripts');

    // Both frames list both participants, with nobody having waved.
    for (const p of [a.page, b.page]) {
      await until(async () => (await counts(p)).length === 2, 30_000);
    }
    assert.deepEqual((await counts(a.page)).sort(), ['Ada (you)👋 0', 'Bob👋 0']);

    // Ada waves: Bob's copy shows it (a message) and both counts go up (shared state).
    await inWave(a.page).getByRole('button', { name: '👋 Wave' }).click();
    await inWave(b.page).locator('.wave-last', { hasText: 'Ada waves at everyone!' }).waitFor();
    await inWave(a.page).locator('.wave-last', { hasText: 'You waved.' }).waitFor();
    await until(async () => (await counts(b.page)).includes('Ada👋 1'), 30_000);
    await inWave(b.page).getByRole('button', { name: '👋 Wave' }).click();
    await inWave(b.page).getByRole('button', { name: '👋 Wave' }).click();
    await until(async () => (await counts(a.page)).includes('Bob👋 2'), 30_000);
    await shot(a.page, 'widget-sandbox-wave');

    // A late joiner gets the counts from the others, through the bridge into its own frame.
    const c = await joinQuietly(env, room, 'Cyd');
    await openWidget(c.page, 'wave');
    await until(async () => {
      const list = await counts(c.page);
      return list.includes('Ada👋 1') && list.includes('Bob👋 2') && list.includes('Cyd (you)👋 0');
    }, 30_000);

    for (const p of [a.page, b.page, c.page]) await p.context().close();
  },
);

test(
  'sandbox: the frame cannot reach the meeting page, this origin or the network',
  { skip },
  async () => {
    const room = await createRoom(env.server.url, { name: 'Walls' });
    const a = await joinQuietly(env, room, 'Ada', { ownerToken: room.ownerToken });
    await openWidget(a.page, 'wave');
    const frame = await waveFrame(a.page);
    await inWave(a.page).locator('.wave-people li').first().waitFor();

    const probe = await frame.evaluate(async (server) => {
      /** @param {() => unknown} fn what the widget tries */
      const attempt = async (fn) => {
        try {
          const v = await fn();
          return `allowed: ${typeof v === 'string' ? v.slice(0, 40) : typeof v}`;
        } catch (e) {
          return `refused: ${e?.name}`;
        }
      };
      return {
        origin: self.origin,
        parentDocument: await attempt(() => parent.document.title),
        topApp: await attempt(() => String(top.tfxApp.session.peerId)),
        parentLocation: await attempt(() => parent.location.href),
        localStorage: await attempt(() => localStorage.getItem('x')),
        sessionStorage: await attempt(() => sessionStorage.length),
        cookie: await attempt(() => document.cookie),
        fetchServer: await attempt(() => fetch(`${server}/api/widgets`).then((r) => r.status)),
        webSocket: await attempt(
          () =>
            new Promise((resolve, reject) => {
              const ws = new WebSocket(`${server.replace('http', 'ws')}/ws`);
              ws.onopen = () => resolve('open');
              ws.onerror = () => reject(Object.assign(new Error('ws'), { name: 'WebSocketError' }));
            }),
        ),
      };
    }, env.server.url);

    assert.equal(probe.origin, 'null', 'an opaque origin');
    assert.match(probe.parentDocument, /^refused: SecurityError/);
    assert.match(probe.topApp, /^refused: SecurityError/);
    assert.match(probe.parentLocation, /^refused: SecurityError/);
    assert.match(probe.localStorage, /^refused: SecurityError/);
    assert.match(probe.sessionStorage, /^refused: SecurityError/);
    assert.match(probe.cookie, /^refused: SecurityError/);
    assert.match(probe.fetchServer, /^refused: TypeError/, 'connect-src none');
    assert.match(probe.webSocket, /^refused: /, 'connect-src none');

    // The page the frame loads is made a sandbox by its own headers too.
    const res = await fetch(`${env.server.url}/widget-frame/wave`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /sandbox allow-scripts/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /allow-same-origin/);
    // Built-in widgets have no frame page: they are part of the product.
    assert.equal((await fetch(`${env.server.url}/widget-frame/chat`)).status, 404);

    // The meeting page is untouched by all that.
    assert.equal(await a.page.evaluate(() => globalThis.tfxApp.session.state), 'joined');
    await a.page.context().close();
  },
);
