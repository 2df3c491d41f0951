// Unit tests of the whiteboard's stroke data: encoding, simplification, validation of what
// peers store, and the eraser's hit test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BOARD_W,
  BOARD_H,
  MAX_POINTS,
  MAX_ENCODED,
  PRESSURE_MAX,
  decodePoints,
  encodePoints,
  fitStroke,
  readStroke,
  simplify,
  strokeValue,
  toBoard,
  touches,
  newKey,
} from '../widgets/draw/stroke.js';
import { MAX_VALUE_BYTES, jsonSize } from '../lib/sdk/shared-state.js';

/** A deterministic pseudo-random generator (tests must not flake). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A wobbly hand-drawn line of n points staying on the board. */
function scribble(n, seed = 1, pressure = false) {
  const r = rng(seed);
  const pts = [];
  let x = 2000;
  let y = 1500;
  for (let i = 0; i < n; i++) {
    x = Math.max(0, Math.min(BOARD_W, x + Math.round((r() - 0.5) * 40)));
    y = Math.max(0, Math.min(BOARD_H, y + Math.round((r() - 0.5) * 40)));
    pts.push(pressure ? { x, y, p: Math.round(r() * PRESSURE_MAX) } : { x, y });
  }
  return pts;
}

test('points round-trip through the text encoding, with and without pressure', () => {
  for (const pressure of [false, true]) {
    const pts = scribble(500, 7, pressure);
    const text = encodePoints(pts, pressure);
    assert.match(text, /^[A-Za-z0-9_-]+$/, 'JSON-safe alphabet only');
    assert.deepEqual(decodePoints(text, pressure), pts);
  }
  // Corners and big jumps (multi-character numbers, negative differences).
  const corners = [
    { x: 0, y: 0 },
    { x: BOARD_W, y: BOARD_H },
    { x: 0, y: BOARD_H },
    { x: BOARD_W, y: 0 },
    { x: 1, y: 1 },
  ];
  assert.deepEqual(decodePoints(encodePoints(corners)), corners);
});

test('a typical point takes a few characters', () => {
  const pts = scribble(1000, 3);
  const text = encodePoints(pts);
  assert.ok(text.length / pts.length <= 4.2, `${text.length / pts.length} chars per point`);
});

test('malformed or off-board point text is refused', () => {
  assert.equal(decodePoints(''), null);
  assert.equal(decodePoints(42), null);
  assert.equal(decodePoints('A!B'), null, 'character outside the alphabet');
  assert.equal(decodePoints('AAA'), null, 'odd count of numbers for x,y');
  assert.equal(decodePoints('g'), null, 'a number that never ends');
  assert.equal(
    decodePoints(
      encodePoints([
        { x: 10, y: 10 },
        { x: -20, y: 10 },
      ]),
    ),
    null,
  );
  assert.equal(decodePoints(encodePoints([{ x: BOARD_W + 1, y: 0 }])), null);
  assert.equal(decodePoints(encodePoints([{ x: 1, y: 1, p: PRESSURE_MAX + 1 }], true), true), null);
  assert.equal(decodePoints('A'.repeat(MAX_ENCODED + 2)), null, 'too long');
  // Too many points, even when short.
  const many = Array.from({ length: MAX_POINTS + 1 }, () => ({ x: 5, y: 5 }));
  assert.equal(decodePoints(encodePoints(many)), null);
  // Numbers that would overflow.
  assert.equal(decodePoints('_'.repeat(40) + 'A'), null);
});

test('simplification keeps the shape within the tolerance and drops redundant points', () => {
  // A straight line of 200 points collapses to its ends.
  const line = Array.from({ length: 200 }, (_, i) => ({ x: 100 + i * 10, y: 500 + i * 5 }));
  assert.deepEqual(simplify(line, 3), [line[0], line[199]]);
  // A curve: every dropped point lies within the tolerance of the kept polyline.
  const curve = Array.from({ length: 400 }, (_, i) => ({
    x: Math.round(2000 + 1500 * Math.cos(i / 60)),
    y: Math.round(1500 + 1000 * Math.sin(i / 60)),
  }));
  const kept = simplify(curve, 3);
  assert.ok(kept.length < curve.length / 3, `${kept.length} of ${curve.length} kept`);
  assert.deepEqual(kept[0], curve[0]);
  assert.deepEqual(kept.at(-1), curve.at(-1));
  for (const p of curve) {
    let best = Infinity;
    for (let i = 1; i < kept.length; i++) best = Math.min(best, distToSeg(p, kept[i - 1], kept[i]));
    assert.ok(best <= 3 + 1e-9, `point ${JSON.stringify(p)} is ${best} away`);
  }
  // Tiny inputs come back unchanged.
  assert.deepEqual(simplify([{ x: 1, y: 2 }]), [{ x: 1, y: 2 }]);
  assert.deepEqual(simplify([]), []);
});

test('simplification keeps a change of pressure along a straight line', () => {
  const pts = Array.from({ length: 50 }, (_, i) => ({ x: i * 20, y: 100, p: i < 25 ? 5 : 60 }));
  const kept = simplify(pts, 3);
  assert.ok(kept.length > 2, 'the pressure step survives');
  assert.ok(kept.some((p) => p.p === 5) && kept.some((p) => p.p === 60));
});

test('fitStroke always fits the point cap and the 32 KiB value limit', () => {
  const huge = scribble(20_000, 11, true);
  const fitted = fitStroke(huge);
  assert.ok(fitted.length <= MAX_POINTS, `${fitted.length} points`);
  const value = strokeValue({
    key: newKey(),
    color: '#112233',
    width: 48,
    pressure: true,
    points: fitted,
  });
  assert.ok(jsonSize(value) < MAX_VALUE_BYTES, `${jsonSize(value)} bytes`);
  // Even MAX_POINTS of the worst case (far jumps with pressure) stays under the limit.
  const r = rng(5);
  const worst = Array.from({ length: MAX_POINTS }, () => ({
    x: Math.round(r() * BOARD_W),
    y: Math.round(r() * BOARD_H),
    p: Math.round(r() * PRESSURE_MAX),
  }));
  const worstValue = strokeValue({
    key: newKey(),
    color: '#112233',
    width: 400,
    pressure: true,
    group: newKey(),
    points: worst,
  });
  assert.ok(jsonSize(worstValue) < MAX_VALUE_BYTES, `${jsonSize(worstValue)} bytes`);
  assert.ok(readStroke(worstValue), 'and it reads back');
});

test('readStroke accepts stored strokes and refuses anything else', () => {
  const pts = scribble(30, 2);
  const v = strokeValue({ key: 'abcDEF123_-x', color: '#0b7fe6', width: 48, points: pts });
  const s = readStroke(v);
  assert.ok(s);
  assert.equal(s.color, '#0b7fe6');
  assert.equal(s.width, 48);
  assert.equal(s.pressure, false);
  assert.equal(s.group, null);
  assert.deepEqual(s.points, pts);
  assert.ok(s.box.x0 <= Math.min(...pts.map((p) => p.x)) - 24);
  const bad = [
    null,
    'stroke',
    [],
    { ...v, key: '<img src=x>' },
    { ...v, key: '' },
    { ...v, color: 'red' },
    { ...v, color: '#12345' },
    { ...v, color: 'url(javascript:alert(1))' },
    { ...v, width: 0 },
    { ...v, width: 48.5 },
    { ...v, width: 10_000 },
    { ...v, width: '48' },
    { ...v, points: 'not encoded!' },
    { ...v, points: ['x'] },
    { ...v, group: 5 },
  ];
  for (const b of bad) assert.equal(readStroke(b), null, JSON.stringify(b));
});

test('toBoard maps screen positions to board units and clamps them', () => {
  assert.deepEqual(toBoard(0, 0, 400), { x: 0, y: 0 });
  assert.deepEqual(toBoard(200, 150, 400), { x: 2000, y: 1500 });
  assert.deepEqual(toBoard(-5, 999, 400), { x: 0, y: BOARD_H });
  assert.deepEqual(toBoard(100, 100, 800, 0.5), { x: 500, y: 500, p: 32 });
  // The same spot on a small and a large board is the same board point.
  assert.deepEqual(toBoard(84, 63, 336), toBoard(184, 138, 736));
});

test('the eraser touches a stroke it crosses or comes near, and no other', () => {
  const v = strokeValue({
    key: 'k1',
    color: '#000000',
    width: 40,
    points: [
      { x: 1000, y: 1000 },
      { x: 2000, y: 1000 },
    ],
  });
  const s = readStroke(v);
  // Crossing the line.
  assert.equal(touches(s, { x: 1500, y: 800 }, { x: 1500, y: 1200 }, 10), true);
  // Near it: 20 (half width) + 30 (radius) reaches 45 away, not 60.
  assert.equal(touches(s, { x: 1500, y: 1045 }, { x: 1500, y: 1045 }, 30), true);
  assert.equal(touches(s, { x: 1500, y: 1060 }, { x: 1600, y: 1060 }, 30), false);
  // Beyond the end of the line.
  assert.equal(touches(s, { x: 2100, y: 1000 }, { x: 2200, y: 1000 }, 30), false);
  // A dot.
  const dot = readStroke(
    strokeValue({ key: 'k2', color: '#000000', width: 20, points: [{ x: 50, y: 50 }] }),
  );
  assert.equal(touches(dot, { x: 0, y: 80 }, { x: 100, y: 80 }, 25), true);
  assert.equal(touches(dot, { x: 0, y: 200 }, { x: 100, y: 200 }, 25), false);
});

test('keys are random and match the stored format', () => {
  const a = newKey();
  const b = newKey();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{12}$/);
});

function distToSeg(p, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
}
