// The recording widget in real Chromium: 3 s of a 2-peer call (with a screen share) become a
// WebM file that ffprobe reads as VP8/VP9 video + Opus audio of ≥ 2.5 s, with sound in it; the
// other peer sees "● Recording by …" while it runs and not after. The indicator also goes away
// when the recorder reloads or leaves mid-recording, and reaches a late joiner.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { openWidget, pane } from './widgets.js';

const env = useServerAndBrowser();
/** Generous: on a loaded 2-core machine one step can take many seconds. */
const WAIT = 60_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-rec-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Joins with the generous timeout for every later step of the page. */
async function join(room, name, opts) {
  const j = await joinRoom(env.browser, env.server.url, room, name, opts);
  j.page.setDefaultTimeout(WAIT);
  return j;
}

const pill = (page) => page.locator('.indicators .pill.indicator[data-widget-id="recording"]');

/** Clicks a button that ends a recording and saves the file it downloads. */
async function saveDownload(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), click()]);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

function probe(file) {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,width,height:format=duration,format_name',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(out.toString());
}

test('recording: 3 s of a 2-peer call become a WebM that ffprobe accepts; the other peer saw the indicator', async () => {
  const room = await createRoom(env.server.url, { name: 'Recorded' });
  const a = await join(room, 'Ada', { ownerToken: room.ownerToken });
  const b = await join(room, 'Bob');
  // Bob shares a screen, so the recording has a screen tile too.
  await b.page.evaluate(() => document.querySelector('#share-screen').click()); // see screen.e2e.js
  await a.page.locator('figure.tile.screen-share').waitFor({ timeout: WAIT });

  await openWidget(a.page, 'recording');
  const p = pane(a.page, 'recording');
  assert.equal(await p.locator('.rec-status').textContent(), 'Nobody is recording.');
  assert.equal(await pill(b.page).count(), 0);
  await p.locator('.rec-start').click();
  const started = Date.now();
  await pill(b.page).waitFor({ timeout: WAIT });
  const seenMs = Date.now() - started;
  assert.equal(await pill(b.page).textContent(), '● Recording by Ada');
  assert.match(await pill(a.page).textContent(), /^● Recording · \d:\d\d$/);
  // Bob's pane (the widget runs in the background for everyone) says so too.
  await openWidget(b.page, 'recording');
  await pane(b.page, 'recording')
    .locator('.rec-status', { hasText: 'Ada is recording this call.' })
    .waitFor();

  // Record 3 s of recorded time.
  await until(async () => {
    const t = await p.locator('.rec-time').textContent();
    return t >= '0:03';
  }, WAIT);
  await shot(a.page, 'widget-recording');
  await shot(b.page, 'widget-recording-indicator');
  const { file, name } = await saveDownload(a.page, () => p.locator('.rec-stop').click());
  assert.match(name, /^tfx-recording-\d{4}-\d\d-\d\d-\d{6}-[A-Za-z0-9_-]+\.webm$/);
  await pill(b.page).waitFor({ state: 'detached', timeout: WAIT });
  await pill(a.page).waitFor({ state: 'detached' });
  await pane(b.page, 'recording')
    .locator('.rec-status', { hasText: 'Nobody is recording.' })
    .waitFor();

  const info = probe(file);
  const video = info.streams.find((s) => s.codec_type === 'video');
  const audio = info.streams.find((s) => s.codec_type === 'audio');
  assert.ok(video && ['vp8', 'vp9'].includes(video.codec_name), JSON.stringify(info.streams));
  assert.deepEqual([video.width, video.height], [1280, 720]);
  assert.ok(audio && audio.codec_name === 'opus', JSON.stringify(info.streams));
  const duration = Number(info.format.duration);
  assert.ok(duration >= 2.5, `duration ${duration} s`);
  assert.ok(info.format.format_name.includes('webm'));
  // The mix has sound in it (both fake microphones play a tone): ffmpeg's volumedetect.
  const vol = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-af', 'volumedetect', '-vn', '-f', 'null', '-'],
    { encoding: 'utf8' },
  ).stderr;
  const mean = Number(vol.match(/mean_volume: (-?[\d.]+) dB/)?.[1]);
  assert.ok(mean > -50, `mean volume ${mean} dB`);
  // The saved recording is listed and can be saved again.
  assert.equal(await p.locator('.rec-item').count(), 1);
  await shot(a.page, 'widget-recording-saved');
  console.log(
    `recording: indicator seen by the other peer after ${seenMs} ms; file ${fs.statSync(file).size} bytes, ${duration.toFixed(2)} s, ${video.codec_name}+${audio.codec_name}, mean ${mean} dB`,
  );
  for (const pg of [a.page, b.page]) await pg.context().close();
});

test('recording: the indicator reaches a late joiner and goes away when the recorder reloads or leaves', async () => {
  const room = await createRoom(env.server.url, { name: 'Recorded 2' });
  const a = await join(room, 'Ada', { ownerToken: room.ownerToken });
  const b = await join(room, 'Bob');
  await openWidget(a.page, 'recording');
  await pane(a.page, 'recording').locator('.rec-start').click();
  await pill(b.page).waitFor({ timeout: WAIT });

  // Ada reloads in the middle of it: the browser asks first, she confirms.
  a.page.once('dialog', (d) => d.accept());
  await a.page.reload();
  await a.page.locator('[data-screen="room"]').waitFor();
  await pill(b.page).waitFor({ state: 'detached', timeout: WAIT });
  assert.equal(await pill(a.page).count(), 0);

  // She records again; Cyd joins meanwhile and sees it at once.
  await openWidget(a.page, 'recording');
  await pane(a.page, 'recording').locator('.rec-start').click();
  await pill(b.page).waitFor({ timeout: WAIT });
  const c = await join(room, 'Cyd');
  await pill(c.page).waitFor({ timeout: WAIT });
  assert.equal(await pill(c.page).textContent(), '● Recording by Ada');

  // Leaving while recording saves the file and ends the indicator for everyone.
  a.page.once('dialog', (d) => d.accept());
  const { file } = await saveDownload(a.page, () => a.page.locator('#leave').click());
  assert.ok(fs.statSync(file).size > 0);
  for (const pg of [b.page, c.page]) await pill(pg).waitFor({ state: 'detached', timeout: WAIT });
  for (const pg of [a.page, b.page, c.page]) await pg.context().close();
});
