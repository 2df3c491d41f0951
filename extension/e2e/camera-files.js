// Fake cameras made from files for browser tests that need a particular picture: a colourful
// test pattern at 30 fps, or a real portrait photo. Each test file that uses one launches its
// own browser (the shared harness keeps its defaults).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BROWSER_ARGS, CHROMIUM, until } from './harness.js';

const DIR = path.join(os.tmpdir(), 'tfx-e2e-media');
const Q = ['-hide_banner', '-loglevel', 'error', '-y'];

/**
 * A portrait photo from a Debian package: scikit-image's "astronaut" (Eileen Collins, NASA,
 * public domain), in `python3-skimage`. `.ci/run` installs the package.
 */
export const PORTRAIT = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';

/**
 * Where the face of the portrait is in the 640×360 camera picture made by {@link portraitY4m}
 * (the 512×512 photo scaled to 360×360, x + 140): in the photo it spans about x 177–272,
 * y 82–177 (brows to chin, cheek to cheek), i.e. x 264–331, y 58–124 in the camera picture.
 */
export const PORTRAIT_FACE = { cx: 298, cy: 91, size: 67 };

/** Makes (once) a file with ffmpeg; returns its path. */
function make(name, args) {
  const out = path.join(DIR, name);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(DIR, { recursive: true });
    const tmp = `${out}.tmp${path.extname(out)}`;
    execFileSync('ffmpeg', [...Q, ...args, tmp]);
    fs.renameSync(tmp, out);
  }
  return out;
}

/** ffmpeg's colourful test pattern, 640×360 at 30 fps. */
export function patternY4m() {
  return make('pattern-30.y4m', [
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=30',
    '-t',
    '4',
    '-pix_fmt',
    'yuv420p',
  ]);
}

/**
 * The portrait for 3 s, then a blank grey picture for 2 s (the fake camera loops the file), at
 * 15 fps, 640×360.
 */
export function portraitY4m() {
  if (!fs.existsSync(PORTRAIT)) {
    throw new Error(`${PORTRAIT} is missing: apt-get install python3-skimage`);
  }
  return make('portrait-blank.y4m', [
    '-loop',
    '1',
    '-framerate',
    '15',
    '-t',
    '3',
    '-i',
    PORTRAIT,
    '-f',
    'lavfi',
    '-i',
    'color=c=0x808080:size=640x360:rate=15:duration=2',
    '-filter_complex',
    '[0:v]scale=360:360,pad=640:360:140:0:black,setsar=1,format=yuv420p[p];' +
      '[1:v]setsar=1,format=yuv420p[b];[p][b]concat=n=2:v=1[v]',
    '-map',
    '[v]',
    '-r',
    '15',
    '-pix_fmt',
    'yuv420p',
  ]);
}

/**
 * A browser whose fake camera plays `y4m`. Its pages wait up to 90 s for an action (not 30 s):
 * these tests run two video calls through canvas pipelines and detectors, and on a loaded
 * 2-core machine a click was seen to take longer than 30 s to be dispatched.
 */
export async function launchWithCamera(y4m) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BROWSER_ARGS, `--use-file-for-fake-video-capture=${y4m}`],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    ctx.setDefaultTimeout(90_000);
    return ctx;
  };
  return browser;
}

/**
 * @typedef {{x: number, y: number, w: number, h: number}} Region in video pixels
 * @typedef {{sharp: number, focus: number}} Detail
 * @typedef {{width: number, height: number, chroma: number, light: number, samples: number}
 *   & Detail & {regions: Record<string, Detail>}} Picture
 */

/**
 * Statistics of one frame a page shows in a <video> (drawn into a canvas): mean chroma
 * (|R−G|+|G−B|+|B−R|)/3 and mean brightness over a grid of sampled pixels, and the detail of
 * the whole frame and of each named region, all from the same frame (the fake cameras loop
 * files that change picture, so two readings may see two different frames).
 *
 * Detail is measured two ways. `sharp`, the mean absolute difference of horizontal neighbours
 * (R and G), is what an edge-preserving effect keeps and noise adds to. `focus`, the mean
 * squared luma gradient (horizontal and vertical), is what blur takes away: spreading a step
 * over k pixels keeps its summed absolute difference but divides its squared one by about k,
 * so flat colour bars with soft edges still score low.
 * @param {import('playwright-core').Page} page
 * @param {string} selector of the <video>
 * @param {Record<string, Region>} [regions]
 * @returns {Promise<Picture|null>}
 */
export function picture(page, selector, regions = {}) {
  return page.evaluate(([sel, regs]) => {
    const v = /** @type {HTMLVideoElement} */ (document.querySelector(sel));
    if (!v || !v.videoWidth) return null;
    const W = v.videoWidth;
    const H = v.videoHeight;
    const c = new OffscreenCanvas(W, H);
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(v, 0, 0, W, H);
    const d = g.getImageData(0, 0, W, H).data;
    let chroma = 0;
    let light = 0;
    let n = 0;
    for (let y = 4; y < H; y += 9) {
      for (let x = 4; x < W; x += 9) {
        const i = (y * W + x) * 4;
        const [r, gg, b] = [d[i], d[i + 1], d[i + 2]];
        chroma += (Math.abs(r - gg) + Math.abs(gg - b) + Math.abs(b - r)) / 3;
        light += (r + gg + b) / 3;
        n++;
      }
    }
    const luma = (/** @type {number} */ i) => (2 * d[i] + 5 * d[i + 1] + d[i + 2]) / 8;
    const detail = (/** @type {{x: number, y: number, w: number, h: number}} */ R) => {
      let sharp = 0;
      let focus = 0;
      let m = 0;
      for (let y = R.y; y < Math.min(H, R.y + R.h) - 1; y++) {
        for (let x = R.x; x < Math.min(W, R.x + R.w) - 1; x++) {
          const i = (y * W + x) * 4;
          sharp += Math.abs(d[i] - d[i + 4]) + Math.abs(d[i + 1] - d[i + 5]);
          const l = luma(i);
          focus += (luma(i + 4) - l) ** 2 + (luma(i + 4 * W) - l) ** 2;
          m++;
        }
      }
      return { sharp: sharp / m, focus: focus / m };
    };
    /** @type {Record<string, {sharp: number, focus: number}>} */
    const out = {};
    for (const [name, R] of Object.entries(regs)) out[name] = detail(R);
    return {
      width: W,
      height: H,
      chroma: chroma / n,
      light: light / n,
      samples: n,
      ...detail({ x: 0, y: 0, w: W, h: H }),
      regions: out,
    };
  }, /** @type {const} */ ([selector, regions]));
}

/**
 * {@link picture} of the whole frame; with `region`, `sharp` and `focus` are that region's.
 * @param {import('playwright-core').Page} page
 * @param {string} selector of the <video>
 * @param {Region} [region]
 */
export async function pictureStats(page, selector, region) {
  const p = await picture(page, selector, region ? { region } : {});
  if (!p || !region) return p;
  return { ...p, ...p.regions.region };
}

/**
 * What B receives from A: frames per second (inbound-rtp `framesPerSecond`), averaged over
 * `seconds` one-second readings.
 */
export async function receivedFps(page, peerId, seconds = 3) {
  const values = [];
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    values.push(
      await page.evaluate(
        async (id) => (await globalThis.tfxApp.session.getStats(id))?.video?.framesPerSecond ?? 0,
        peerId,
      ),
    );
  }
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

/**
 * What the sender's video pipeline and filters pane and the receiver's decoder are doing: put
 * into the message of a failed wait, so that a picture that never changed says why.
 * @param {import('playwright-core').Page} sender
 * @param {import('playwright-core').Page} receiver
 * @param {string} senderId the sender's peer id
 */
export async function videoDiagnostics(sender, receiver, senderId) {
  const a = await sender.evaluate(() => {
    const s = globalThis.tfxApp.session;
    const el = /** @type {HTMLElement|null} */ (
      document
        .querySelector('.widget-pane[data-widget-id="filters"]')
        ?.shadowRoot?.querySelector('.filters') ?? null
    );
    return {
      pipeline: globalThis.tfxApp.videoPipeline.stats(),
      filters: el ? { ...el.dataset, fps: el.querySelector('.filters-fps')?.textContent } : null,
      sending: s.outgoingTrack('video')?.label ?? null,
      sendingIsCamera: s.outgoingTrack('video') === s.localStream?.getVideoTracks()[0],
    };
  });
  const b = await receiver.evaluate(async (id) => {
    const st = await globalThis.tfxApp.session.getStats(id);
    return { framesDecoded: st?.video?.framesDecoded, fps: st?.video?.framesPerSecond };
  }, senderId);
  return { sender: a, receiver: b };
}

/**
 * Polls `fn` like `until`, four times a second (each reading draws and scans a whole frame,
 * which on two cores is felt by the sender's pipeline and encoder), and when time is up fails
 * with the video diagnostics as well.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {number} ms
 * @param {{sender: import('playwright-core').Page, receiver: import('playwright-core').Page, senderId: string}} who
 * @returns {Promise<T>}
 */
export async function untilPicture(fn, ms, { sender, receiver, senderId }) {
  try {
    return await until(fn, ms, 250);
  } catch (err) {
    const diag = await videoDiagnostics(sender, receiver, senderId);
    throw new Error(`${/** @type {Error} */ (err).message}; ${JSON.stringify(diag)}`, {
      cause: err,
    });
  }
}
