// "Present this tab" in the MV3 extension: the service worker gets a chrome.tabCapture stream
// id for another tab, the extension's room page opens it and shares it; a web-client peer
// receives it as a screen with frames; stopping removes it. Also the popup's button and the
// refusals (no such tab, the meeting's own tab). Then the Recording widget records in the
// extension's room page (the presented tab included) and the file downloads from there.
//
// Two launch differences, both only here: Chromium's fake camera/microphone flags make tab
// capture fail (NotFoundError), so the extension's browser runs without them (its room page
// joins without camera); and `--allowlisted-extension-id` stands in for the user's click on
// the toolbar button, which is what grants tab capture for a tab in real use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openWidget, pane } from './widgets.js';
import {
  startServer,
  launch,
  launchWithExtension,
  createRoom,
  joinRoom,
  until,
  shot,
  here,
  meanColour,
} from './harness.js';

const EXTENSION_ID = 'fppgfecofegoimljfpigcgaddhhebeda';
const WAIT = 60_000;
let server;
let extDir;
before(async () => {
  server = await startServer();
  extDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-unpacked-screen-'));
  fs.cpSync(path.join(here, 'dist/extension'), extDir, { recursive: true });
  fs.writeFileSync(path.join(extDir, 'server.json'), JSON.stringify({ serverUrl: server.url }));
});
after(async () => {
  await server?.close();
  fs.rmSync(extDir, { recursive: true, force: true });
});

const present = (page, tabId) =>
  page.evaluate(
    (id) =>
      globalThis.chrome.runtime.sendMessage({
        target: 'background',
        type: 'present-tab',
        data: { tabId: id },
      }),
    tabId,
  );

test('extension: present another tab in the meeting with tab capture; a web peer sees it', async () => {
  const { ctx, userDataDir } = await launchWithExtension(extDir, {
    fakeMedia: false,
    args: [`--allowlisted-extension-id=${EXTENSION_ID}`],
  });
  const browser = await launch();
  try {
    const room = await createRoom(server.url, { name: 'Tab demo' });
    const roomPage = await ctx.newPage();
    roomPage.setDefaultTimeout(WAIT);
    await roomPage.goto(
      `chrome-extension://${EXTENSION_ID}/room.html?room=${room.roomId}#${encodeURIComponent(room.secret)}`,
    );
    await roomPage.locator('#display-name').fill('Presenter');
    await roomPage.locator('#join-now').click();
    await roomPage.locator('[data-screen="room"]').waitFor({ timeout: WAIT });
    const web = await joinRoom(browser, server.url, room, 'Viewer');
    web.page.setDefaultTimeout(WAIT);
    const presenterId = await roomPage.evaluate(() => globalThis.tfxApp.session.peerId);

    // The tab to present: a "slide" of one known colour, opened in the background.
    const tabId = await roomPage.evaluate(
      async (url) => (await globalThis.chrome.tabs.create({ url, active: false })).id,
      'data:text/html,<title>Slide</title><body style="margin:0;background:rgb(240,200,40)">',
    );
    const roomTabId = await roomPage.evaluate(
      async () => (await globalThis.chrome.tabs.getCurrent()).id,
    );

    // Refusals first: nothing is shared.
    assert.deepEqual(await present(roomPage, -3), { ok: false, error: 'bad-tab' });
    assert.deepEqual(await present(roomPage, roomTabId), { ok: false, error: 'same-tab' });

    // The popup offers it while a meeting is open.
    const popup = await ctx.newPage();
    await popup.setViewportSize({ width: 340, height: 520 });
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await popup.locator('#popup-present').waitFor({ timeout: WAIT });
    await shot(popup, 'extension-popup-present');
    await popup.close();

    const t0 = Date.now();
    const answer = await present(roomPage, tabId);
    assert.deepEqual(answer, { ok: true });
    await roomPage
      .locator('figure.tile.screen-share[data-screen-of="local"]')
      .waitFor({ timeout: WAIT });
    const remoteTile = web.page.locator(
      `figure.tile.screen-share[data-screen-of="${presenterId}"]`,
    );
    await remoteTile.waitFor({ timeout: WAIT });
    const frames = () =>
      web.page.evaluate(async (id) => {
        const st = await globalThis.tfxApp.session.getStats(id);
        return st?.screens[0]?.framesDecoded ?? 0;
      }, presenterId);
    const f1 = await until(frames, WAIT);
    await until(async () => (await frames()) > f1, WAIT);
    const ms = Date.now() - t0;
    // The web peer sees the presented tab's colour, not a black frame or the camera.
    let last = null;
    const colour = await until(async () => {
      const [r, g, b] = (last = await meanColour(remoteTile.locator('video')));
      // Tab capture letterboxes the page into the capture size: the mean is the slide's hue
      // (240:200:40) darkened by black bars, so compare proportions.
      return r > 60 && Math.abs(r / g - 1.2) < 0.25 && b < r / 3 && last;
    }, WAIT).catch(() => assert.fail(`the remote screen shows ${last}, not the slide's colour`));
    assert.ok(colour);
    await shot(web.page, 'extension-present-tab-remote');

    // Record 2 s in the extension's room page, the presented tab in the picture.
    await openWidget(roomPage, 'recording');
    const rec = pane(roomPage, 'recording');
    await rec.locator('.rec-start').click();
    await web.page
      .locator('.pill.indicator[data-widget-id="recording"]', { hasText: 'Recording by Presenter' })
      .waitFor();
    await until(async () => (await rec.locator('.rec-time').textContent()) >= '0:02', WAIT);
    await shot(roomPage, 'extension-recording');
    const [download] = await Promise.all([
      roomPage.waitForEvent('download', { timeout: WAIT }),
      rec.locator('.rec-stop').click(),
    ]);
    const file = path.join(extDir, 'rec.webm');
    await download.saveAs(file);
    const info = JSON.parse(
      execFileSync('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_type:format=duration',
        '-of',
        'json',
        file,
      ]).toString(),
    );
    assert.deepEqual(info.streams.map((x) => x.codec_type).sort(), ['audio', 'video']);
    assert.ok(Number(info.format.duration) >= 1.5, `duration ${info.format.duration}`);

    // Stop from the meeting's control bar: gone on the web side.
    await roomPage.locator('#share-screen').click();
    await remoteTile.waitFor({ state: 'detached', timeout: WAIT });
    console.log(`extension present-tab: frames at the web peer after ${ms} ms`);
  } finally {
    await browser.close();
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
