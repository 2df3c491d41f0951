// Browser tests of the Draw widget (issue 6): strokes drawn with the mouse by one peer appear,
// pixel for pixel, on the others' boards — live while being drawn, for a late joiner on a wider
// HiDPI dock, after a reload and while the pane was closed; the eraser, undo and clear reach
// everyone; the PNG export is a real PNG of the drawing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useServerAndBrowser, createRoom, until, shot, SCREENSHOTS } from './harness.js';
import { openWidget, pane, joinQuietly } from './widgets.js';

const env = useServerAndBrowser();
/** Polls for a condition; generous, the machine may be busy. */
const soon = (fn, ms = 30_000) => until(fn, ms);

const join = (room, name, options) => joinQuietly(env, room, name, options);

/** Non-paper pixels of a canvas: {w, h, set: pixel indices} (white is the paper). */
function inked(page, which = 'base') {
  return pane(page, 'draw')
    .locator(`canvas.draw-${which}`)
    .evaluate((c, mode) => {
      const g = c.getContext('2d');
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const set = [];
      for (let i = 0; i < d.length; i += 4) {
        const ink =
          mode === 'live' ? d[i + 3] > 40 : d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235;
        if (ink) set.push(i / 4);
      }
      return { w: c.width, h: c.height, set };
    }, which);
}

/** Share of a's ink that b also has (same canvas size). */
function overlap(a, b) {
  assert.equal(a.w, b.w);
  assert.equal(a.h, b.h);
  if (a.set.length === 0 && b.set.length === 0) return 1;
  const inB = new Set(b.set);
  const common = a.set.filter((i) => inB.has(i)).length;
  return common / Math.max(a.set.length, b.set.length);
}

/**
 * Share of a's ink found on b, a board of another size: each inked pixel of a, scaled to b,
 * must have ink within a pixel or two on b.
 */
function scaledOverlap(a, b) {
  const inB = new Set(b.set);
  const sx = b.w / a.w;
  const sy = b.h / a.h;
  const reach = Math.ceil(Math.max(sx, sy));
  const sample = a.set.filter((_, i) => i % 7 === 0);
  let found = 0;
  for (const idx of sample) {
    const x = Math.floor(((idx % a.w) + 0.5) * sx);
    const y = Math.floor((Math.floor(idx / a.w) + 0.5) * sy);
    let hit = false;
    for (let dy = -reach; dy <= reach && !hit; dy++) {
      for (let dx = -reach; dx <= reach && !hit; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < b.w && yy < b.h && inB.has(yy * b.w + xx)) hit = true;
      }
    }
    if (hit) found++;
  }
  return sample.length ? found / sample.length : 1;
}

/** The board's position on screen. */
async function boardBox(page) {
  const box = await pane(page, 'draw').locator('canvas.draw-live').boundingBox();
  assert.ok(box && box.width > 100, `board on screen: ${JSON.stringify(box)}`);
  return box;
}

/**
 * Draws through points given in board fractions (0..1) with the mouse.
 * @param {{release?: boolean, steps?: number}} [o] release: false keeps the button down
 */
async function drawPath(page, points, o = {}) {
  const box = await boardBox(page);
  const at = ([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: o.steps ?? 6 });
  if (o.release !== false) await page.mouse.up();
}

const tool = (page, name) => pane(page, 'draw').locator(`button[aria-label="${name}"]`);

/** Waits until b's board shows what a's shows (> 95% of the ink in common) and returns both. */
async function sameBoard(a, b, min = 0.95) {
  let last = 0;
  await soon(async () => {
    const [x, y] = await Promise.all([inked(a), inked(b)]);
    if (x.w !== y.w || x.h !== y.h) return false;
    last = overlap(x, y);
    return last > min && x.set.length > 0 === y.set.length > 0;
  }).catch((e) => {
    throw new Error(`boards differ (overlap ${last}): ${e.message}`);
  });
  return Promise.all([inked(a), inked(b)]);
}

test('draw: strokes reach every board live and for late joiners; eraser, undo, clear, PNG', async () => {
  const room = await createRoom(env.server.url, { name: 'Draw' });
  const a = await join(room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await join(room, 'Bob');
  await openWidget(a.page, 'draw');
  await openWidget(b.page, 'draw');
  assert.equal((await inked(a.page)).set.length, 0, 'the board starts empty');

  // A draws a zig-zag; before A lets go, B already sees it on its live layer.
  await drawPath(
    a.page,
    [
      [0.1, 0.2],
      [0.3, 0.7],
      [0.5, 0.25],
      [0.7, 0.75],
      [0.9, 0.3],
    ],
    { release: false },
  );
  await soon(async () => (await inked(b.page, 'live')).set.length > 200);
  assert.match(await pane(b.page, 'draw').locator('.draw-status').textContent(), /Ada is drawing/);
  await a.page.mouse.up();
  const [a1] = await sameBoard(a.page, b.page);
  assert.ok(a1.set.length > 500, `a visible stroke (${a1.set.length} px)`);
  // Once stored, the stroke leaves B's live layer.
  await soon(async () => (await inked(b.page, 'live')).set.length === 0);

  // A second stroke, red and bold; the board's colours are the chosen ones.
  await tool(a.page, 'Red').click();
  await tool(a.page, 'Bold line').click();
  await drawPath(a.page, [
    [0.15, 0.85],
    [0.5, 0.55],
    [0.85, 0.85],
  ]);
  const [a2] = await sameBoard(a.page, b.page);
  assert.ok(a2.set.length > a1.set.length + 500, 'the bold stroke adds ink');
  const red = await pane(b.page, 'draw')
    .locator('canvas.draw-base')
    .evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] < 110 && d[i + 2] < 110) n++;
      return n;
    });
  assert.ok(red > 300, `B sees red ink (${red} px)`);

  // C joins late, on a widened dock with a HiDPI screen: the same drawing, scaled and crisp.
  const c = await join(room, 'Cyd', { deviceScaleFactor: 2 });
  await openWidget(c.page, 'draw');
  await c.page.locator('#tfx-widget-dock .dock-expand').click();
  let c2;
  await soon(async () => {
    c2 = await inked(c.page);
    return c2.w > a2.w * 2 && scaledOverlap(a2, c2) > 0.95 && scaledOverlap(c2, a2) > 0.95;
  });
  const cssWidth = await pane(c.page, 'draw')
    .locator('canvas.draw-base')
    .evaluate((el) => el.getBoundingClientRect().width);
  assert.equal(c2.w, Math.round(cssWidth * 2), 'canvas backed at device pixels');
  assert.ok(cssWidth > 500, `the widened dock shows a larger board (${cssWidth} px)`);

  // B reloads: the drawing is still there.
  await b.page.reload();
  await b.page.locator('[data-screen="room"]').waitFor();
  await openWidget(b.page, 'draw');
  await sameBoard(a.page, b.page);

  // Undo takes back A's own last stroke, everywhere.
  await tool(a.page, 'Undo my last stroke').click();
  await soon(async () => (await inked(a.page)).set.length < a2.set.length - 500);
  await sameBoard(a.page, b.page);
  const a3 = await inked(a.page);
  assert.ok(overlap(a3, a1) > 0.95, 'back to the first stroke');
  await soon(async () => scaledOverlap(a3, await inked(c.page)) > 0.95);

  // B erases A's stroke (whole strokes go, nothing is painted white), then undoes the erase.
  await tool(b.page, 'Eraser').click();
  await drawPath(b.page, [
    [0.3, 0.05],
    [0.3, 0.95],
  ]);
  await soon(async () => (await inked(a.page)).set.length === 0);
  await sameBoard(a.page, b.page);
  assert.equal(
    await b.page.evaluate(
      () => globalThis.tfxApp.widgets.runtimes.get('draw').state.list('strokes').length,
    ),
    0,
    'the erased stroke is removed from the shared list',
  );
  await tool(b.page, 'Undo my last stroke').click();
  await soon(async () => overlap(await inked(a.page), a1) > 0.95);
  await sameBoard(a.page, b.page);

  // While B's dock is closed, A draws: it lands, B gets a badge and sees it when opening.
  await b.page.locator('#tfx-widget-dock button[aria-label="Close widgets"]').click();
  await tool(a.page, 'Blue').click();
  await tool(a.page, 'Medium line').click();
  await drawPath(a.page, [
    [0.2, 0.5],
    [0.4, 0.45],
    [0.6, 0.55],
    [0.8, 0.5],
  ]);
  // The closed dock's button counts it; inside the dock, the widget's tab is marked.
  await b.page.locator('#widgets-btn .btn-badge:not([hidden])').waitFor();
  assert.equal(
    await b.page.locator('.dock-tab[data-widget-id="draw"] .dock-badge').textContent(),
    '•',
  );
  await openWidget(b.page, 'draw');
  const [a4] = await sameBoard(a.page, b.page);
  assert.ok(a4.set.length > a1.set.length + 300);
  assert.equal(
    await b.page.locator('.dock-tab[data-widget-id="draw"] .dock-badge').isHidden(),
    true,
  );

  // PNG export: a real PNG of the drawing at 2400 × 1800.
  const [download] = await Promise.all([
    a.page.waitForEvent('download'),
    tool(a.page, 'Download as PNG').click(),
  ]);
  assert.match(download.suggestedFilename(), /^whiteboard-\d{4}-\d{2}-\d{2}-\d{4}\.png$/);
  const file = fs.readFileSync(await download.path());
  assert.deepEqual([...file.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(file.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.equal(file.readUInt32BE(16), 2400);
  assert.equal(file.readUInt32BE(20), 1800);
  // It decodes, and has the ink of the board at its scale.
  const exported = await a.page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const set = [];
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) set.push(i / 4);
    }
    return { w: c.width, h: c.height, set };
  }, file.toString('base64'));
  assert.ok(scaledOverlap(a4, exported) > 0.95, 'the PNG shows the board');

  // Clear asks first; cancelling keeps everything.
  await tool(b.page, 'Clear the board for everyone').click();
  const confirm = pane(b.page, 'draw').locator('.draw-confirm');
  await confirm.waitFor();
  await confirm.locator('button', { hasText: 'Cancel' }).click();
  assert.equal(await confirm.isHidden(), true);
  assert.ok((await inked(a.page)).set.length > 0);
  await tool(b.page, 'Clear the board for everyone').click();
  await confirm.locator('button', { hasText: 'Clear board' }).click();
  for (const p of [a.page, b.page, c.page]) {
    await soon(async () => (await inked(p)).set.length === 0);
  }
  assert.match(await pane(c.page, 'draw').locator('.draw-status').textContent(), /empty/);

  // A sketch in every colour and width, for the manual: C's wide HiDPI board shows it all.
  const sketch = [
    [
      'Blue',
      'Bold line',
      [
        [0.08, 0.86],
        [0.92, 0.86],
      ],
    ],
    [
      'Orange',
      'Bold line',
      [
        [0.2, 0.84],
        [0.2, 0.5],
        [0.42, 0.3],
        [0.64, 0.5],
        [0.64, 0.84],
      ],
    ],
    [
      'Black',
      'Medium line',
      [
        [0.2, 0.5],
        [0.64, 0.5],
      ],
    ],
    [
      'Purple',
      'Medium line',
      [
        [0.36, 0.84],
        [0.36, 0.64],
        [0.48, 0.64],
        [0.48, 0.84],
      ],
    ],
    [
      'Yellow',
      'Bold line',
      [
        [0.8, 0.14],
        [0.86, 0.2],
        [0.8, 0.26],
        [0.74, 0.2],
        [0.8, 0.14],
      ],
    ],
    [
      'Green',
      'Medium line',
      [
        [0.76, 0.84],
        [0.78, 0.62],
        [0.82, 0.84],
      ],
    ],
    [
      'Red',
      'Fine line',
      [
        [0.08, 0.12],
        [0.14, 0.08],
        [0.2, 0.12],
        [0.26, 0.08],
        [0.32, 0.12],
      ],
    ],
  ];
  for (const [colour, width, pts] of sketch) {
    await tool(a.page, colour).click();
    await tool(a.page, width).click();
    await drawPath(a.page, pts, { steps: 8 });
  }
  const picture = await inked(a.page);
  await soon(async () => scaledOverlap(picture, await inked(c.page)) > 0.95);
  await shot(c.page, 'widget-draw');
  await pane(c.page, 'draw').screenshot({ path: `${SCREENSHOTS}/widget-draw-pane.png` });

  for (const p of [a.page, b.page, c.page]) await p.context().close();
});
