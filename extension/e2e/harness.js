// Shared set-up for the browser tests: a server (the real one from TFX_SERVER_URL, else the
// fake one from test/helpers) and headless Chromium with fake media, loopback only.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startFakeServer } from '../test/helpers/fake-server.js';
import { SERVER_SETTINGS } from './sites.js';

export const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS =
  process.env.TFX_SCREENSHOTS ?? path.resolve(here, '../target/screenshots');

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/** @returns {Promise<{url: string, close: () => Promise<void>, fake: any}>} */
export async function startServer() {
  if (process.env.TFX_SERVER_URL) {
    return {
      url: process.env.TFX_SERVER_URL.replace(/\/+$/, ''),
      close: async () => {},
      fake: null,
    };
  }
  // The same settings ClientE2EIT gives the real server (embedding site, share sources).
  const fake = await startFakeServer({ graceMs: 20_000, ...SERVER_SETTINGS });
  return { url: fake.url, close: () => fake.close(), fake };
}

/**
 * Colourful test video and a tone as the fake camera/mic (nicer screenshots for the manuals),
 * made once with ffmpeg when it is installed; Chromium's built-in fake devices otherwise.
 */
function fakeMediaArgs() {
  if (process.env.TFX_E2E_BUILTIN_MEDIA) return [];
  const dir = path.join(os.tmpdir(), 'tfx-e2e-media');
  const y4m = path.join(dir, 'camera.y4m');
  const wav = path.join(dir, 'mic-loud.wav');
  try {
    if (!fs.existsSync(y4m) || !fs.existsSync(wav)) {
      fs.mkdirSync(dir, { recursive: true });
      const q = ['-hide_banner', '-loglevel', 'error', '-y'];
      execFileSync('ffmpeg', [
        ...q,
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=640x360:rate=15',
        '-t',
        '4',
        '-pix_fmt',
        'yuv420p',
        y4m + '.tmp.y4m',
      ]);
      execFileSync('ffmpeg', [
        ...q,
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=4,volume=5',
        '-ar',
        '48000',
        '-ac',
        '1',
        wav + '.tmp.wav',
      ]);
      fs.renameSync(y4m + '.tmp.y4m', y4m);
      fs.renameSync(wav + '.tmp.wav', wav);
    }
    return [`--use-file-for-fake-video-capture=${y4m}`, `--use-file-for-fake-audio-capture=${wav}`];
  } catch {
    return [];
  }
}
const MEDIA_ARGS = fakeMediaArgs();

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BROWSER_ARGS, ...MEDIA_ARGS],
  });
}

/** A browser whose camera/microphone prompts are answered "Block". */
export async function launchDenied() {
  const args = BROWSER_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...args, '--deny-permission-prompts'],
  });
}

/**
 * A persistent context with the unpacked extension loaded.
 * @param {string} extDir
 * @param {{fakeMedia?: boolean, args?: string[]}} [options] fakeMedia: false drops the fake
 *   camera/microphone flags (Chromium's tab capture fails under them); args: more flags
 */
export async function launchWithExtension(extDir, { fakeMedia = true, args = [] } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-ext-'));
  const fake = new Set(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...(fakeMedia ? BROWSER_ARGS : BROWSER_ARGS.filter((a) => !fake.has(a))),
      ...(fakeMedia ? MEDIA_ARGS : []),
      ...args,
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
    ],
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
  });
  return { ctx, userDataDir };
}

/** POST /api/rooms from node. */
export async function createRoom(serverUrl, body = {}) {
  const r = await fetch(`${serverUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status !== 201 && r.status !== 200) throw new Error(`create room: HTTP ${r.status}`);
  return r.json();
}

/**
 * Opens the web client for a room, fills the pre-join screen and joins. `onPage(page)` runs
 * before the first navigation.
 * @returns {Promise<{page: import('playwright-core').Page, joinClickedAt: number}>}
 */
export async function joinRoom(
  browser,
  serverUrl,
  room,
  name,
  { ownerToken, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, onPage } = {},
) {
  const ctx = await browser.newContext({
    viewport,
    deviceScaleFactor,
    permissions: ['camera', 'microphone'],
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] pageerror`, e));
  // Warnings and errors the page logs (a failing video stage, a model that did not load…):
  // when a test fails, what the page said is in its output.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      console.error(`[${name}] console.${m.type()}: ${m.text()}`);
    }
  });
  // e.g. init scripts and listeners that must be in place before the first navigation
  await onPage?.(page);
  if (ownerToken) {
    await page.goto(`${serverUrl}/app/`);
    await page.evaluate(
      ([id, t]) => localStorage.setItem(`tfx.owner.${id}`, t),
      [room.roomId, ownerToken],
    );
  }
  await page.goto(`${serverUrl}/r/${room.roomId}#${room.secret}`);
  await page.locator('#display-name').fill(name);
  await page
    .locator('video.preview')
    .evaluate(
      (v) =>
        new Promise((res) =>
          v.videoWidth > 0 ? res() : v.addEventListener('loadeddata', () => res(), { once: true }),
        ),
    );
  const joinClickedAt = Date.now();
  await page.locator('#join-now').click();
  await page.locator('[data-screen="room"]').waitFor();
  return { page, joinClickedAt };
}

/**
 * A `joinRoom` onPage hook for a peer whose network lets only relayed traffic through: every
 * RTCPeerConnection of the page is relay-only (iceTransportPolicy 'relay').
 * @param {import('playwright-core').Page} page
 */
export async function relayOnly(page) {
  page.setDefaultTimeout(90_000);
  await page.addInitScript(() => {
    const Native = globalThis.RTCPeerConnection;
    const relay = (c) => ({ ...(c ?? {}), iceTransportPolicy: 'relay' });
    globalThis.RTCPeerConnection = class extends Native {
      constructor(config) {
        super(relay(config));
      }
      setConfiguration(config) {
        return super.setConfiguration(relay(config));
      }
    };
  });
}

/** Summary of what this page receives from each remote peer (video frames, audio energy). */
export function mediaStats(page) {
  return page.evaluate(async () => {
    const s = globalThis.tfxApp.session;
    const out = {};
    for (const id of s.links.keys()) {
      const st = await s.getStats(id);
      const tile = document.querySelector(`figure.tile[data-peer-id="${id}"] video`);
      out[id] = {
        framesDecoded: st?.video?.framesDecoded ?? 0,
        energy: st?.audio?.totalAudioEnergy ?? 0,
        videoWidth: tile?.videoWidth ?? 0,
        playing: tile ? !tile.paused : false,
        connectionState: st?.connectionState,
        candidates: st?.candidatePair,
      };
    }
    return out;
  });
}

/** Polls fn until it returns truthy or the time is up. */
export async function until(fn, ms = 10_000, step = 100) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, step));
  }
  throw new Error(`condition not met within ${ms} ms (last: ${JSON.stringify(last)})`);
}

export function shot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Registers before/after hooks that start a server and a browser for one test file.
 * @param {{onClose?: () => void}} [options]
 * @returns {{server: any, browser: import('playwright-core').Browser}} filled in before the tests run
 */
export function useServerAndBrowser(options = {}) {
  const env = /** @type {any} */ ({ server: null, browser: null });
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
    options.onClose?.();
  });
  return env;
}

/**
 * The mean colour [r, g, b] of what a <video> element shows (scaled down to 32×18), to check
 * that a picture really arrived and is the right one.
 * @param {import('playwright-core').Locator} video
 */
export function meanColour(video) {
  return video.evaluate((v) => {
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 18;
    const g = c.getContext('2d');
    g.drawImage(v, 0, 0, 32, 18);
    const d = g.getImageData(0, 0, 32, 18).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += d[i + k];
    return sum.map((x) => Math.round(x / (d.length / 4)));
  });
}
