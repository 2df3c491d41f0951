// Browser tests of the web client (issue 5 acceptance): media both ways, data channel, full
// mesh, leave, reload, signalling drop. Runs against TFX_SERVER_URL, else the fake server.
//   npm run build && unshare -n sh -c 'ip link set lo up; npm run e2e'
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, mediaStats, until, shot } from './harness.js';

/** Installed before any page script: lets a test cut the signalling socket and hold it down. */
function wsControl() {
  const Native = globalThis.WebSocket;
  const g = /** @type {any} */ (globalThis);
  g.__tfxSockets = [];
  g.__tfxBlockUntil = 0;
  g.WebSocket = class extends Native {
    constructor(url, protocols) {
      // Same origin (CSP allows it), a path with no endpoint: the handshake fails like a network would.
      super(
        Date.now() < g.__tfxBlockUntil ? String(url).replace(/\/signal$/, '/signal-blocked') : url,
        protocols,
      );
      g.__tfxSockets.push(this);
    }
  };
}

const timings = {};
const env = useServerAndBrowser({ onClose: () => console.log('timings', JSON.stringify(timings)) });

const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);

/** Frames decoded from `fromId` as seen by `page`. */
async function framesFrom(page, fromId) {
  return (await mediaStats(page))[fromId]?.framesDecoded ?? 0;
}

async function assertMediaFlows(page, fromId, label) {
  const f0 = await until(async () => {
    const s = (await mediaStats(page))[fromId];
    return s && s.videoWidth > 0 && s.framesDecoded > 0 && s.energy > 0 && s.playing && s;
  }, 10_000);
  const f1 = await until(async () => {
    const n = await framesFrom(page, fromId);
    return n > f0.framesDecoded && n;
  }, 5_000);
  assert.ok(f1 > f0.framesDecoded, `${label}: frames advance`);
}

test('two peers: video and audio both ways, a data-channel message round-trips', async () => {
  const room = await createRoom(env.server.url, { name: 'Pair' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob');
  const [ida, idb] = [await peerIdOf(a.page), await peerIdOf(b.page)];
  // join → first remote video frame, as the newcomer sees it
  await until(async () => (await framesFrom(b.page, ida)) > 0, 10_000, 20);
  timings.joinToFirstFrameMs = Date.now() - b.joinClickedAt;

  await assertMediaFlows(a.page, idb, 'A sees B');
  // B's test tone lights up B's tile on A's screen (the speaking ring)
  await a.page.locator(`figure.tile.speaking[data-peer-id="${idb}"]`).waitFor({ timeout: 5000 });
  await assertMediaFlows(b.page, ida, 'B sees A');

  // data channel: B echoes what A sends
  await b.page.evaluate(() => {
    const ch = globalThis.tfxApp.session.channel('e2e');
    ch.on('message', (m) => ch.send(m.from, { echo: m.payload, via: m.via }));
  });
  const echo = await a.page.evaluate(
    (to) =>
      new Promise((resolve, reject) => {
        const ch = globalThis.tfxApp.session.channel('e2e');
        ch.on('message', (m) => resolve(m));
        setTimeout(() => reject(new Error('no echo')), 5000);
        ch.send(to, 'ping-1');
      }),
    idb,
  );
  assert.deepEqual(echo.payload, { echo: 'ping-1', via: 'datachannel' });
  assert.equal(echo.via, 'datachannel');
  await a.page.context().close();
  await b.page.context().close();
});

test('three peers: full mesh, leave, reload, signalling drop', async () => {
  const room = await createRoom(env.server.url, { name: 'Design review' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob');
  const c = await joinRoom(env.browser, env.server.url, room, 'Chen');
  const pages = { a: a.page, b: b.page, c: c.page };
  await c.page.addInitScript(wsControl);
  if (process.env.DEBUG) {
    await c.page.addInitScript(() => {
      const g = /** @type {any} */ (globalThis);
      const Native = g.WebSocket;
      g.WebSocket = class extends Native {
        constructor(u, p) {
          super(u, p);
          console.log('ws open attempt', u);
          this.addEventListener('message', (e) =>
            console.log('ws <', String(e.data).slice(0, 160)),
          );
          this.addEventListener('close', (e) => console.log('ws close', e.code, e.reason));
          const send = this.send.bind(this);
          this.send = (d) => (console.log('ws >', String(d).slice(0, 160)), send(d));
        }
      };
    });
    c.page.on('console', (m) => console.log('[C]', Date.now() % 100000, m.text()));
  }
  const ids = {};
  for (const [k, p] of Object.entries(pages)) ids[k] = await peerIdOf(p);

  // full mesh: everyone receives frames from both others
  for (const [k, p] of Object.entries(pages)) {
    for (const other of Object.keys(pages).filter((o) => o !== k)) {
      await until(async () => (await framesFrom(p, ids[other])) > 3, 10_000);
    }
  }
  await a.page.waitForTimeout(300);
  await shot(a.page, 'room-3-people');
  await shot(pages.b, 'room-3-people-bob');

  // reload: C reloads and is back in the call without any action
  const t0 = Date.now();
  await c.page.reload();
  await c.page.locator('[data-screen="room"]').waitFor({ timeout: 10_000 });
  assert.equal(await peerIdOf(c.page), ids.c, 'same seat after reload');
  await until(
    async () => (await framesFrom(c.page, ids.a)) > 0 && (await framesFrom(c.page, ids.b)) > 0,
    10_000,
  );
  const fa = await framesFrom(a.page, ids.c);
  await until(async () => (await framesFrom(a.page, ids.c)) > fa, 10_000);
  timings.reloadBackInCallMs = Date.now() - t0;
  assert.ok(timings.reloadBackInCallMs < 10_000);

  // signalling socket cut for 5 s: media keeps flowing, the session resumes
  const before = await framesFrom(a.page, ids.c);
  await c.page.evaluate(() => {
    const g = /** @type {any} */ (globalThis);
    g.__tfxBlockUntil = Date.now() + 5000;
    for (const ws of g.__tfxSockets) ws.close();
  });
  await c.page.locator('.banner:not([hidden])').waitFor({ timeout: 3000 });
  await c.page.waitForTimeout(2500);
  const during = await framesFrom(a.page, ids.c);
  assert.ok(during > before + 10, `media flows while signalling is down (${before} → ${during})`);
  const t1 = Date.now();
  await until(() => c.page.evaluate(() => globalThis.tfxApp.session.state === 'joined'), 15_000);
  timings.resumeAfterDropMs = Date.now() - t1 + 2500;
  assert.equal(await peerIdOf(c.page), ids.c, 'same seat after the drop');
  await c.page.locator('.banner').waitFor({ state: 'hidden', timeout: 3000 });
  const peersOfA = await a.page.evaluate(() =>
    [...globalThis.tfxApp.session.peers.values()].map((p) => p.state),
  );
  assert.deepEqual(peersOfA, ['connected', 'connected']);

  // leave: the others drop B's tile within 2 s
  const t2 = Date.now();
  await b.page.locator('#leave').click();
  await Promise.all(
    [a.page, c.page].map((p) =>
      p
        .locator(`figure.tile[data-peer-id="${ids.b}"]`)
        .waitFor({ state: 'detached', timeout: 2000 }),
    ),
  );
  timings.leaveSeenMs = Date.now() - t2;
  for (const p of Object.values(pages)) await p.context().close();
});
