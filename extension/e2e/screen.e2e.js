// Screen sharing in real Chromium: the fake media flags make getDisplayMedia pick a fake screen
// without a prompt (no extra launch flags needed). A shares → B receives an extra video track
// with frames and shows a screen tile next to A's camera; a late joiner gets it too; the Stop
// button and the browser's own "Stop sharing" (the track ends) remove it everywhere; two people
// share at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot, meanColour } from './harness.js';

const env = useServerAndBrowser();
/** Generous: on a loaded 2-core machine one step can take many seconds. */
const WAIT = 60_000;
const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);

/** Inbound video of one connection, straight from the raw stats: camera and screens. */
function inboundVideo(page, fromId) {
  return page.evaluate(async (id) => {
    const s = globalThis.tfxApp.session;
    const st = await s.getStats(id);
    if (!st) return null;
    const raw = [];
    st.report.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'video') raw.push(r.framesDecoded ?? 0);
    });
    return {
      camera: st.video?.framesDecoded ?? 0,
      screens: st.screens.map((x) => x.framesDecoded),
      raw,
    };
  }, fromId);
}

/** Waits until the screen that `fromId` shares is decoding new frames on `page`. */
async function screenFrames(page, fromId) {
  const first = await until(async () => {
    const v = await inboundVideo(page, fromId);
    return v && v.screens.length === 1 && v.screens[0] > 0 && v;
  }, WAIT);
  return until(async () => {
    const v = await inboundVideo(page, fromId);
    return v.screens[0] > first.screens[0] && v.camera > first.camera && v;
  }, WAIT);
}

/**
 * Presses a share button. A mouse click waits for Chromium's (auto-answered) picker dialog,
 * seconds normally and over 30 s on a loaded machine; a DOM click runs the same handler, and
 * the fake UI needs no user activation.
 */
async function pressShare(page) {
  await page.bringToFront();
  await page.evaluate(() =>
    /** @type {HTMLElement} */ (document.querySelector('#share-screen')).click(),
  );
}

/** Joins with the generous timeout for every later step of the page. */
async function join(room, name, opts) {
  const j = await joinRoom(env.browser, env.server.url, room, name, opts);
  j.page.setDefaultTimeout(WAIT);
  return j;
}

const screenTile = (page, of) => page.locator(`figure.tile.screen-share[data-screen-of="${of}"]`);

test('screen sharing: extra track with frames, own tile, late joiner, stop, browser stop, two sharers', async () => {
  const room = await createRoom(env.server.url, { name: 'Screens' });
  const a = await join(room, 'Ada', { ownerToken: room.ownerToken });
  const b = await join(room, 'Bob');
  const [ida, idb] = [await peerIdOf(a.page), await peerIdOf(b.page)];
  // Ada shares: the picker is answered by the fake UI.
  const shareBtn = a.page.locator('#share-screen');
  assert.equal(await shareBtn.innerText(), 'Share screen');
  const t0 = Date.now();
  await pressShare(a.page);
  await screenTile(a.page, 'local').waitFor({ timeout: WAIT });
  assert.equal(await shareBtn.innerText(), 'Stop sharing');
  await screenTile(b.page, ida).waitFor({ timeout: WAIT });
  const tileMs = Date.now() - t0;
  const v = await screenFrames(b.page, ida);
  const framesMs = Date.now() - t0;
  assert.equal(v.raw.filter((f) => f > 0).length, 2, 'a second inbound video decodes frames');
  assert.match(await screenTile(b.page, ida).locator('.tile-name').textContent(), /Ada · screen/);
  // The camera tile of Ada is still there, next to her screen.
  assert.equal(await b.page.locator(`figure.tile[data-peer-id="${ida}"]`).count(), 1);
  assert.equal(await b.page.locator('#video-grid').getAttribute('class'), 'grid presenting');
  const box = await screenTile(b.page, ida).boundingBox();
  const cam = await b.page.locator(`figure.tile[data-peer-id="${ida}"]`).boundingBox();
  assert.ok(box.width > cam.width * 1.5, `screen tile is larger (${box.width} vs ${cam.width})`);
  const playing = await screenTile(b.page, ida)
    .locator('video')
    .evaluate((el) => el.videoWidth > 0 && !el.paused);
  assert.ok(playing, 'the screen plays on the remote side');
  // Chromium's fake screen is green; the fake camera is colour bars.
  const [r, g, bl] = await meanColour(screenTile(b.page, ida).locator('video'));
  assert.ok(g > r + 40 && g > bl + 40, `the remote screen shows the fake screen: ${[r, g, bl]}`);
  await shot(b.page, 'screen-share-remote');
  await shot(a.page, 'screen-share-own');

  // A late joiner gets the share in progress.
  const c = await join(room, 'Cyd');
  const t1 = Date.now();
  await screenTile(c.page, ida).waitFor({ timeout: WAIT });
  await screenFrames(c.page, ida);
  const lateMs = Date.now() - t1;

  // Stop with the button: gone everywhere, the camera stays.
  await pressShare(a.page);
  await screenTile(a.page, 'local').waitFor({ state: 'detached' });
  for (const p of [b.page, c.page]) {
    await screenTile(p, ida).waitFor({ state: 'detached', timeout: WAIT });
    assert.equal(await p.locator(`figure.tile[data-peer-id="${ida}"]`).count(), 1);
    assert.equal(await p.locator('#video-grid').getAttribute('class'), 'grid');
  }
  assert.equal(await shareBtn.innerText(), 'Share screen');
  assert.equal(
    await a.page.evaluate(() => globalThis.tfxApp.session.screenStream),
    null,
    'the capture is released',
  );

  // Two share at once; then Bob's browser ends his capture ("Stop sharing" in its bar).
  await pressShare(a.page);
  await pressShare(b.page);
  for (const [p, other] of [
    [a.page, idb],
    [b.page, ida],
    [c.page, ida],
    [c.page, idb],
  ]) {
    await screenTile(p, other).waitFor({ timeout: WAIT });
  }
  await screenFrames(a.page, idb);
  assert.equal(await c.page.locator('figure.tile.screen-share').count(), 2);
  await shot(c.page, 'screen-share-two');
  await b.page.evaluate(() =>
    globalThis.tfxApp.session.screenStream.getVideoTracks()[0].dispatchEvent(new Event('ended')),
  );
  for (const p of [a.page, c.page]) {
    await screenTile(p, idb).waitFor({ state: 'detached', timeout: WAIT });
  }
  await screenTile(b.page, 'local').waitFor({ state: 'detached' });
  assert.equal(await b.page.locator('#share-screen').innerText(), 'Share screen');
  assert.equal(await c.page.locator('figure.tile.screen-share').count(), 1, "Ada's share goes on");

  console.log(
    `screen share: remote tile after ${tileMs} ms, frames after ${framesMs} ms; late joiner ${lateMs} ms`,
  );
  for (const p of [a.page, b.page, c.page]) await p.context().close();
});
