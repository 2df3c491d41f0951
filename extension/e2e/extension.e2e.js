// The unpacked MV3 extension in Chromium: it loads with the pinned id, creates a room from its
// popup, the room opens in an extension page, and a web-client peer joins with media both ways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer,
  launch,
  launchWithExtension,
  joinRoom,
  mediaStats,
  until,
  shot,
  here,
} from './harness.js';
import { openWidget, chatSend, chatTexts } from './widgets.js';

const EXTENSION_ID = 'fppgfecofegoimljfpigcgaddhhebeda';
let server;
let extDir;
before(async () => {
  server = await startServer();
  // As the server does for its download: the built extension plus server.json.
  extDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-unpacked-'));
  fs.cpSync(path.join(here, 'dist/extension'), extDir, { recursive: true });
  fs.writeFileSync(path.join(extDir, 'server.json'), JSON.stringify({ serverUrl: server.url }));
});
after(async () => {
  await server?.close();
  fs.rmSync(extDir, { recursive: true, force: true });
});

test('extension: pinned id, create from popup, web peer joins, media both ways', async () => {
  const { ctx, userDataDir } = await launchWithExtension(extDir);
  const browser = await launch();
  try {
    const sw = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
    assert.equal(new URL(sw.url()).host, EXTENSION_ID);

    const popup = await ctx.newPage();
    await popup.setViewportSize({ width: 340, height: 420 });
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    await popup.locator('#popup-room-name').fill('From the extension');
    await shot(popup, 'extension-popup');
    const [roomPage] = await Promise.all([
      ctx.waitForEvent('page'),
      popup.locator('#popup-create').click(),
    ]);
    await roomPage.waitForURL(/room\.html\?room=/);
    const url = new URL(roomPage.url());
    const room = {
      roomId: url.searchParams.get('room'),
      secret: decodeURIComponent(url.hash.slice(1)),
    };
    assert.ok(room.roomId && room.secret);

    await roomPage.locator('#display-name').fill('Extension user');
    await roomPage.locator('#join-now').click();
    await roomPage.locator('[data-screen="room"]').waitFor();
    assert.equal(
      await roomPage.evaluate(() => globalThis.tfxApp.session.owner),
      true,
      'creator is owner',
    );

    const web = await joinRoom(browser, server.url, room, 'Web user');
    const extId = await roomPage.evaluate(() => globalThis.tfxApp.session.peerId);
    const webId = await web.page.evaluate(() => globalThis.tfxApp.session.peerId);
    for (const [page, from] of [
      [roomPage, webId],
      [web.page, extId],
    ]) {
      await until(async () => {
        const all = await mediaStats(page);
        const s = all[from];
        if (process.env.DEBUG) console.log(page === roomPage ? 'ext' : 'web', JSON.stringify(all));
        return s && s.framesDecoded > 3 && s.energy > 0 && s.videoWidth > 0;
      }, 10_000);
    }
    await shot(roomPage, 'extension-room');

    // Widgets run from the extension's own files (MV3: no remote code) and talk to the web's.
    await openWidget(roomPage, 'chat');
    assert.match(
      await roomPage.evaluate(() => globalThis.tfxApp.widgets.runtimes.get('chat').entry.moduleUrl),
      /^chrome-extension:\/\/fppgfecofegoimljfpigcgaddhhebeda\/widgets\/chat\//,
    );
    await chatSend(roomPage, 'Hello from the extension');
    await openWidget(web.page, 'chat');
    await until(async () => (await chatTexts(web.page)).includes('Hello from the extension'));
    await chatSend(web.page, 'Hello from the web');
    await until(async () => (await chatTexts(roomPage)).includes('Hello from the web'));
  } finally {
    await browser.close();
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('extension options: server.json is the default, the user can change and reset it', async () => {
  const { ctx, userDataDir } = await launchWithExtension(extDir);
  try {
    const page = await ctx.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    const input = page.locator('#server-url');
    await input.waitFor();
    assert.equal(await input.inputValue(), server.url, 'default comes from server.json');
    await input.fill('https://meet.example.org/');
    await page.locator('#save').click();
    await page.locator('#options-status', { hasText: 'Saved' }).waitFor();
    const stored = await page.evaluate(() => globalThis.chrome.storage.local.get('serverUrl'));
    assert.equal(stored.serverUrl, 'https://meet.example.org');
    await page.locator('#reset').click();
    await page.locator('#options-status', { hasText: 'default' }).waitFor();
    assert.deepEqual(
      await page.evaluate(() => globalThis.chrome.storage.local.get('serverUrl')),
      {},
    );
    assert.equal(await input.inputValue(), server.url);
  } finally {
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('server unreachable: the room page says so and offers to try again', async () => {
  const dead = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-unpacked-dead-'));
  fs.cpSync(path.join(here, 'dist/extension'), dead, { recursive: true });
  fs.writeFileSync(
    path.join(dead, 'server.json'),
    JSON.stringify({ serverUrl: 'http://127.0.0.1:9' }),
  );
  const { ctx, userDataDir } = await launchWithExtension(dead);
  try {
    const page = await ctx.newPage();
    await page.goto(`chrome-extension://${EXTENSION_ID}/room.html?room=abcdEFGH#secret`);
    await page.locator('[data-code="ERR_SERVER_UNREACHABLE"]').waitFor();
    await page
      .locator('[data-code="ERR_SERVER_UNREACHABLE"] button', { hasText: 'Try again' })
      .waitFor();
    await shot(page, 'server-unreachable');
  } finally {
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(dead, { recursive: true, force: true });
  }
});
