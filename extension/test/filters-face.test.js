// Pure parts of the video filters and face widgets and of the video pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EFFECTS,
  blockSize,
  blurRadius,
  clampStrength,
  isEffect,
  maskToAlpha,
} from '../widgets/filters/effects.js';
import { MASKS, faceFrame, isMask, toFace } from '../widgets/face/overlays.js';
import { RateMeter, checkStage, sortStages, STAGE_ORDER } from '../ui/media/video-pipeline.js';
import { LazyModel } from '../ui/media/vision.js';

test('maskToAlpha: soft edge between 0.25 and 0.75, clamped', () => {
  const mask = new Float32Array([0, 0.25, 0.5, 0.75, 1, -3, 7]);
  const rgba = new Uint8ClampedArray(mask.length * 4).fill(9);
  maskToAlpha(mask, rgba);
  const alpha = [...rgba].filter((_, i) => i % 4 === 3);
  assert.deepEqual(alpha, [0, 0, 128, 255, 255, 0, 255]);
  // colour channels untouched
  assert.equal(rgba[0], 9);
});

test('effect strengths scale with the frame and stay in range', () => {
  assert.equal(clampStrength(0), 1);
  assert.equal(clampStrength(99), 10);
  assert.equal(clampStrength(Number.NaN), 5);
  assert.ok(blurRadius(10, 1280) === 2 * blurRadius(10, 640));
  assert.ok(blurRadius(1, 160) >= 1);
  assert.ok(blockSize(1, 640) >= 2 && blockSize(10, 640) > blockSize(1, 640));
  assert.ok(isEffect('sepia') && !isEffect('<img>') && !isEffect(undefined));
  assert.deepEqual(
    EFFECTS.map((e) => e.id),
    ['none', 'grayscale', 'sepia', 'blur', 'pixelate'],
  );
});

test('toFace maps detector pixels and normalised keypoints to frame pixels', () => {
  const d = {
    boundingBox: { originX: 100, originY: 40, width: 50, height: 50 },
    categories: [{ score: 0.93 }],
    keypoints: [
      { x: 0.5, y: 0.25 },
      { x: 0.6, y: 0.25 },
    ],
  };
  const f = toFace(d, 320, 180, 640, 360);
  assert.deepEqual(
    { x: f.x, y: f.y, w: f.width, h: f.height, s: f.score },
    { x: 200, y: 80, w: 100, h: 100, s: 0.93 },
  );
  assert.deepEqual(f.points, [
    { x: 320, y: 90 },
    { x: 384, y: 90 },
  ]);
  assert.equal(toFace({}, 1, 1, 1, 1), null);
  assert.equal(toFace({ boundingBox: { originX: Number.NaN } }, 1, 1, 1, 1), null);
});

test('faceFrame: eye line gives centre, size and roll; the box is the fallback', () => {
  const tilted = faceFrame({
    x: 0,
    y: 0,
    width: 100,
    height: 100,
    score: 1,
    points: [
      { x: 40, y: 50 },
      { x: 60, y: 70 },
    ],
  });
  assert.deepEqual([tilted.cx, tilted.cy], [50, 60]);
  assert.ok(Math.abs(tilted.angle - Math.PI / 4) < 1e-9);
  assert.ok(Math.abs(tilted.eye - Math.hypot(20, 20)) < 1e-9);
  const box = faceFrame({ x: 10, y: 20, width: 100, height: 80, score: 1, points: [] });
  assert.deepEqual(box, { cx: 60, cy: 52, eye: 40, angle: 0 });
  assert.ok(isMask('party-hat') && !isMask('hat<script>'));
  assert.equal(MASKS[0].id, 'none');
});

test('stages run by order, then in the order they were added; bad stages are refused', () => {
  const s = (order, seq) => ({ order, seq, process() {} });
  const sorted = sortStages([s(200, 1), s(100, 3), s(100, 2), s(-5, 4)]);
  assert.deepEqual(
    sorted.map((x) => [x.order, x.seq]),
    [
      [-5, 4],
      [100, 2],
      [100, 3],
      [200, 1],
    ],
  );
  assert.ok(STAGE_ORDER.filter < STAGE_ORDER.overlay);
  assert.throws(() => checkStage(null), TypeError);
  assert.throws(() => checkStage({ order: 1 }), TypeError);
  assert.throws(() => checkStage({ order: Number.NaN, process() {} }), TypeError);
  checkStage({ order: 1, process() {} });
});

test('RateMeter counts the last second', () => {
  const m = new RateMeter();
  for (let t = 0; t < 2000; t += 100) m.tick(t);
  assert.equal(m.rate(1999), 10);
  assert.equal(m.rate(5000), 0);
});

test('mergeFaces keeps the surest of overlapping finds and every separate one', async () => {
  const { mergeFaces, overlap } = await import('../widgets/face/overlays.js');
  const f = (x, score) => ({ x, y: 0, width: 100, height: 100, score, points: [] });
  assert.equal(overlap(f(0, 1), f(0, 1)), 1);
  assert.equal(overlap(f(0, 1), f(200, 1)), 0);
  const kept = mergeFaces([f(0, 0.6), f(10, 0.9), f(300, 0.7)], 0.3);
  assert.deepEqual(
    kept.map((k) => [k.x, k.score]),
    [
      [10, 0.9],
      [300, 0.7],
    ],
  );
});

test('LazyModel: one load at a time, a failed load says why and may be tried again', async () => {
  let calls = 0;
  let changes = 0;
  let closed = 0;
  let fail = true;
  const model = new LazyModel(
    async () => {
      calls++;
      if (fail) throw new Error('no model');
      return { close: () => closed++ };
    },
    { logAs: 'test model', unavailable: 'Not here.', onChange: () => changes++ },
  );
  assert.equal(model.state, '');
  const error = console.error;
  console.error = () => {};
  try {
    model.load();
    model.load();
    assert.equal(model.state, 'loading');
    await model.loading;
  } finally {
    console.error = error;
  }
  assert.equal(calls, 1);
  assert.equal(changes, 1);
  assert.equal(model.state, 'failed');
  assert.equal(model.error, 'Not here.');

  fail = false;
  model.load();
  assert.equal(model.error, '');
  assert.equal(model.state, 'loading');
  model.close();
  await model.loading;
  assert.equal(model.state, 'ready');
  assert.equal(changes, 2);
  assert.equal(closed, 1);
  model.load();
  assert.equal(calls, 2);
});
