// Browser tests of the video filters widget and the outgoing video pipeline (issue 7): what B
// receives from A turns grey with "Black & white" and colourful again with "None"; every effect
// keeps the frame rate (measured on B's side, reported); background blur changes the picture;
// camera off/on and a camera switch keep working while a filter runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, createRoom, joinRoom, until, shot, SCREENSHOTS } from './harness.js';
import { openWidget, pane } from './widgets.js';
import {
  launchWithCamera,
  patternY4m,
  pictureStats,
  receivedFps,
  untilPicture,
} from './camera-files.js';

/** @type {{server: any, browser: import('playwright-core').Browser}} */
const env = /** @type {any} */ ({});
before(async () => {
  env.server = await startServer();
  env.browser = await launchWithCamera(patternY4m());
});
after(async () => {
  await env.browser?.close();
  await env.server?.close();
});

const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);
const remoteVideo = (id) => `figure.tile[data-peer-id="${id}"] video`;

/**
 * Picks a choice in the filters pane (radio buttons styled as chips). A click from script:
 * Playwright's pointer click waits for animation frames, which a loaded 2-core machine running
 * two calls through video pipelines can delay past any timeout.
 */
async function choose(page, group, label) {
  const input = pane(page, 'filters')
    .locator(`#filters-${group} label.filters-choice`, { hasText: label })
    .locator('input');
  await input.evaluate((el) => el.click());
  assert.equal(await input.isChecked(), true);
}

/** A's own pipeline counters. */
const pipeline = (page) => page.evaluate(() => globalThis.tfxApp.videoPipeline.stats());

test('filters: B sees A in black & white, then in colour again; fps per filter', async () => {
  const room = await createRoom(env.server.url, { name: 'Filters' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob');
  const ida = await peerIdOf(a.page);
  const sel = remoteVideo(ida);
  // A failed picture wait reports A's pipeline and B's decoder.
  const who = { sender: a.page, receiver: b.page, senderId: ida };
  /** Waits until what B receives from A passes `check`; returns that picture. */
  const bSees = (check, ms) =>
    untilPicture(
      async () => {
        const s = await pictureStats(b.page, sel);
        return s && check(s) ? s : null;
      },
      ms,
      who,
    );
  await bSees((s) => s.width === 640, 20_000);

  // The fake camera is colourful.
  const plain = await pictureStats(b.page, sel);
  assert.ok(plain.chroma > 25, `colourful camera expected: ${JSON.stringify(plain)}`);
  const fps = { none: await receivedFps(b.page, ida) };

  await openWidget(a.page, 'filters');
  await choose(a.page, 'effect', 'Black & white');
  // Every sampled pixel of what B receives is grey (R≈G≈B up to codec noise).
  const grey = await bSees((s) => s.chroma < 4 && s.light > 30, 15_000);
  assert.ok(grey.samples > 2000);
  // Still the picture, not a flat grey: black & white keeps the luma, so it keeps the luma
  // detail (`focus`: 1.2–1.7× the colour picture's in 9 runs; a flat grey has none). Not
  // `sharp`, which also counts the colour edges black & white drops by design (0.63–0.72 of
  // the colour picture's, too close to any bound once the encoder adapts to a busy CPU).
  assert.ok(grey.focus > plain.focus * 0.5, `structure kept: ${JSON.stringify({ grey, plain })}`);
  assert.equal((await pipeline(a.page)).engine, 'track-processor');
  // A's own tile shows what is sent.
  const ownTile = await pictureStats(a.page, 'figure.tile[data-local="true"] video');
  assert.ok(ownTile.chroma < 4, `own tile filtered too: ${JSON.stringify(ownTile)}`);
  fps.grayscale = await receivedFps(b.page, ida);
  await shot(a.page, 'widget-filters');

  // Camera off and on again while the filter runs: B gets frames, still grey.
  await a.page.locator('#toggle-cam').click();
  await a.page.locator('#toggle-cam').click();
  await bSees((s) => s.chroma < 4, 10_000);

  // Off: colour returns and the camera itself is sent again.
  await choose(a.page, 'effect', 'None');
  await bSees((s) => s.chroma > 25, 15_000);
  assert.equal((await pipeline(a.page)).engine, null);
  assert.equal(
    await a.page.evaluate(
      () =>
        globalThis.tfxApp.session.outgoingTrack('video') ===
        globalThis.tfxApp.session.localStream.getVideoTracks()[0],
    ),
    true,
  );

  // Each other effect: the picture changes the way it should, and the frame rate holds.
  const stageMs = {};
  for (const [label, key, check] of [
    ['Sepia', 'sepia', (s) => s.chroma > 5 && s.chroma < plain.chroma * 0.8],
    ['Blur', 'blur', (s) => s.sharp < plain.sharp * 0.6],
    ['Pixelate', 'pixelate', (s) => s.sharp < plain.sharp * 0.8],
  ]) {
    await choose(a.page, 'effect', label);
    await bSees(check, 15_000);
    fps[key] = await receivedFps(b.page, ida);
    stageMs[key] = (await pipeline(a.page)).stageMs['filters:filters'];
  }
  await choose(a.page, 'effect', 'None');

  // Background blur (person segmentation): the model loads and the picture visibly changes.
  const before = await bSees((s) => s.chroma > 25, 15_000);
  await choose(a.page, 'background', 'Blur');
  await pane(a.page, 'filters').locator('.filters[data-segmenter="ready"]').waitFor({
    timeout: 60_000,
  });
  const blurred = await bSees((s) => s.focus < before.focus * 0.3, 20_000);
  fps.backgroundBlur = await receivedFps(b.page, ida);
  stageMs.backgroundBlur = (await pipeline(a.page)).stageMs['filters:filters'];
  await shot(a.page, 'widget-filters-background');

  // Switching the camera while the pipeline runs: it follows the new device, B keeps
  // receiving processed video, the old camera track is stopped.
  const switched = await a.page.evaluate(async () => {
    const s = globalThis.tfxApp.session;
    const old = s.localStream.getVideoTracks()[0];
    const media = await navigator.mediaDevices.getUserMedia({
      video: { width: 640, height: 360 },
    });
    await s.replaceTrack(media.getVideoTracks()[0]);
    await new Promise((r) => setTimeout(r, 1500));
    const st = globalThis.tfxApp.videoPipeline.stats();
    return {
      oldState: old.readyState,
      sent: s.outgoingTrack('video') !== s.localStream.getVideoTracks()[0],
      fps: st.fps,
    };
  });
  assert.equal(switched.oldState, 'ended');
  assert.equal(switched.sent, true);
  assert.ok(switched.fps > 0, JSON.stringify(switched));
  const framesBefore = (await b.page.evaluate((id) => globalThis.tfxApp.session.getStats(id), ida))
    ?.video?.framesDecoded;
  await untilPicture(
    async () => {
      const st = await b.page.evaluate((id) => globalThis.tfxApp.session.getStats(id), ida);
      return st.video.framesDecoded > framesBefore + 10;
    },
    10_000,
    who,
  );
  const afterSwitch = await pictureStats(b.page, sel);
  assert.ok(
    afterSwitch.focus < before.focus * 0.3,
    `still blurred after the switch: ${JSON.stringify({ before, blurred, afterSwitch })}`,
  );

  await choose(a.page, 'background', 'Keep');
  await until(async () => (await pipeline(a.page)).engine === null);

  const report = { fps, stageMs, plain, grey, before, blurred, afterSwitch };
  console.log('filters fps (received by B, 640×360, camera 30 fps):', JSON.stringify(report));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, 'filters-fps.json'), JSON.stringify(report, null, 2));
  for (const p of [a.page, b.page]) await p.context().close();
});
