// @ts-check
/**
 * Strokes of the whiteboard as data: the board's coordinate system, the compact text encoding of
 * a stroke's points, simplification, validation of what peers send, and hit testing for the
 * eraser. No DOM here (unit-tested under node).
 *
 * Points are integers in board units: x in [0, BOARD_W], y in [0, BOARD_H], the same on every
 * screen; each participant scales the board to its dock. A stroke's points are encoded as text:
 * the first point absolute, then differences, each number zig-zag encoded as a variable-length
 * run of base-64 characters (5 data bits per character, the 6th says "more follows"). A typical
 * point takes 2–4 characters, and the text needs no escaping in JSON.
 */

export const BOARD_W = 4000;
export const BOARD_H = 3000;
/** Most points one stored stroke may have; longer strokes are split while drawing. */
export const MAX_POINTS = 1200;
/** Pressure is stored as an integer 0..PRESSURE_MAX. */
export const PRESSURE_MAX = 63;
/** Stroke widths (board units) a stroke may have. */
export const MIN_WIDTH = 4;
export const MAX_WIDTH = 400;
/** Longest encoded point text (a full stroke with pressure is far below). */
export const MAX_ENCODED = 24_000;
/** Simplification tolerance in board units (about a quarter of a device pixel on a wide dock). */
export const SIMPLIFY_TOLERANCE = 3;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

const HEX_COLOUR = /^#[0-9a-f]{6}$/;
const KEY = /^[A-Za-z0-9_-]{1,24}$/;

/**
 * @typedef {{x: number, y: number, p?: number}} Point board units; p: pressure 0..PRESSURE_MAX
 *
 * @typedef {object} Stroke a stroke checked and decoded
 * @property {string} key unique per stroke, also names it while it is being drawn
 * @property {string} color '#rrggbb'
 * @property {number} width board units
 * @property {boolean} pressure whether points carry pressure
 * @property {string|null} group parts of one long stroke share a group (undone together)
 * @property {Point[]} points
 * @property {{x0: number, y0: number, x1: number, y1: number}} box bounds incl. half the width
 *
 * @typedef {object} StrokeValue a stroke as stored in ctx.state (list "strokes")
 * @property {string} key
 * @property {string} color
 * @property {number} width
 * @property {string} points encoded with encodePoints
 * @property {1} [pressure] present when the points carry pressure
 * @property {string} [group]
 */

/** @param {number} n */
const zigzag = (n) => (n >= 0 ? n * 2 : -n * 2 - 1);
/** @param {number} z */
const unzigzag = (z) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/**
 * @param {number[]} out character codes (appended to)
 * @param {number} n a safe integer
 */
function writeNumber(out, n) {
  let z = zigzag(n);
  while (z >= 32) {
    out.push(ALPHABET.charCodeAt(32 + (z % 32)));
    z = Math.floor(z / 32);
  }
  out.push(ALPHABET.charCodeAt(z));
}

/**
 * Encodes points (integers) as text.
 * @param {Point[]} points
 * @param {boolean} [pressure] also encode each point's pressure
 * @returns {string}
 */
export function encodePoints(points, pressure = false) {
  /** @type {number[]} */
  const out = [];
  let px = 0;
  let py = 0;
  let pp = 0;
  for (const pt of points) {
    const x = Math.round(pt.x);
    const y = Math.round(pt.y);
    writeNumber(out, x - px);
    writeNumber(out, y - py);
    px = x;
    py = y;
    if (pressure) {
      const p = Math.round(pt.p ?? PRESSURE_MAX / 2);
      writeNumber(out, p - pp);
      pp = p;
    }
  }
  let s = '';
  for (let i = 0; i < out.length; i += 4096) s += String.fromCharCode(...out.slice(i, i + 4096));
  return s;
}

/**
 * Decodes text from encodePoints; null when it is malformed or leaves the board.
 * @param {unknown} text
 * @param {boolean} [pressure]
 * @returns {Point[]|null}
 */
export function decodePoints(text, pressure = false) {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_ENCODED) return null;
  const dims = pressure ? 3 : 2;
  /** @type {number[]} */
  const nums = [];
  let z = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const d = code < 128 ? DIGIT[code] : -1;
    if (d < 0) return null;
    z += (d % 32) * scale;
    if (d >= 32) {
      scale *= 32;
      if (scale > 2 ** 30) return null;
    } else {
      nums.push(unzigzag(z));
      z = 0;
      scale = 1;
    }
  }
  if (scale !== 1 || nums.length % dims !== 0) return null;
  if (nums.length / dims > MAX_POINTS) return null;
  /** @type {Point[]} */
  const points = [];
  let x = 0;
  let y = 0;
  let p = 0;
  for (let i = 0; i < nums.length; i += dims) {
    x += nums[i];
    y += nums[i + 1];
    if (x < 0 || x > BOARD_W || y < 0 || y > BOARD_H) return null;
    if (pressure) {
      p += nums[i + 2];
      if (p < 0 || p > PRESSURE_MAX) return null;
      points.push({ x, y, p });
    } else {
      points.push({ x, y });
    }
  }
  return points;
}

/**
 * Ramer–Douglas–Peucker simplification: drops points that lie within `tolerance` of the line
 * through their neighbours that are kept. Pressure counts as a third coordinate, so that a
 * change of pressure along a straight line survives.
 * @param {Point[]} points
 * @param {number} [tolerance] board units
 * @returns {Point[]}
 */
export function simplify(points, tolerance = SIMPLIFY_TOLERANCE) {
  const n = points.length;
  if (n <= 2) return points.slice();
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = tolerance * tolerance;
  /** @type {Array<[number, number]>} */
  const stack = [[0, n - 1]];
  while (stack.length) {
    const [a, b] = /** @type {[number, number]} */ (stack.pop());
    let worst = -1;
    let worstD = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segDist2(points[i], points[a], points[b]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Simplifies until the stroke fits MAX_POINTS (raising the tolerance if it must).
 * @param {Point[]} points
 * @returns {Point[]}
 */
export function fitStroke(points) {
  let tol = SIMPLIFY_TOLERANCE;
  let out = simplify(points, tol);
  while (out.length > MAX_POINTS) {
    tol *= 1.6;
    out = simplify(points, tol);
  }
  return out;
}

/** Pressure weighs as much as this many board units per step in simplification. */
const PRESSURE_WEIGHT = 2;

/**
 * Squared distance from p to the segment a–b (pressure as a third coordinate).
 * @param {Point} p
 * @param {Point} a
 * @param {Point} b
 */
function segDist2(p, a, b) {
  const az = (a.p ?? 0) * PRESSURE_WEIGHT;
  const bz = (b.p ?? 0) * PRESSURE_WEIGHT;
  const pz = (p.p ?? 0) * PRESSURE_WEIGHT;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const dz = bz - az;
  const len2 = dx * dx + dy * dy + dz * dz;
  let t = len2 === 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy + (pz - az) * dz) / len2;
  t = Math.max(0, Math.min(1, t));
  const ex = a.x + t * dx - p.x;
  const ey = a.y + t * dy - p.y;
  const ez = az + t * dz - pz;
  return ex * ex + ey * ey + ez * ez;
}

/**
 * A board point from a position on the canvas, clamped to the board.
 * @param {number} cssX
 * @param {number} cssY
 * @param {number} cssWidth the board's width on screen
 * @param {number} [pressure] 0..1, or undefined
 * @returns {Point}
 */
export function toBoard(cssX, cssY, cssWidth, pressure) {
  const k = BOARD_W / cssWidth;
  /** @type {Point} */
  const pt = {
    x: Math.round(Math.max(0, Math.min(BOARD_W, cssX * k))),
    y: Math.round(Math.max(0, Math.min(BOARD_H, cssY * k))),
  };
  if (pressure !== undefined) {
    pt.p = Math.round(Math.max(0, Math.min(1, pressure)) * PRESSURE_MAX);
  }
  return pt;
}

/**
 * A stroke value for ctx.state.
 * @param {{key: string, color: string, width: number, points: Point[], pressure?: boolean, group?: string}} s
 * @returns {StrokeValue}
 */
export function strokeValue(s) {
  /** @type {StrokeValue} */
  const v = {
    key: s.key,
    color: s.color,
    width: s.width,
    points: encodePoints(s.points, !!s.pressure),
  };
  if (s.pressure) v.pressure = 1;
  if (s.group) v.group = s.group;
  return v;
}

/** @param {unknown} c */
export const isColour = (c) => typeof c === 'string' && HEX_COLOUR.test(c);
/** @param {unknown} k */
export const isKey = (k) => typeof k === 'string' && KEY.test(k);
/** @param {unknown} w */
export const isWidth = (w) =>
  typeof w === 'number' && Number.isInteger(w) && w >= MIN_WIDTH && w <= MAX_WIDTH;

/**
 * Checks and decodes a stroke from ctx.state (peers may store anything).
 * @param {unknown} value
 * @returns {Stroke|null}
 */
export function readStroke(value) {
  const v = /** @type {any} */ (value);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  if (!isKey(v.key) || !isColour(v.color) || !isWidth(v.width)) return null;
  if (v.group !== undefined && !isKey(v.group)) return null;
  const pressure = v.pressure === 1;
  const points = decodePoints(v.points, pressure);
  if (!points) return null;
  return {
    key: v.key,
    color: v.color,
    width: v.width,
    pressure,
    group: v.group ?? null,
    points,
    box: bounds(points, v.width / 2),
  };
}

/**
 * @param {Point[]} points
 * @param {number} pad
 */
export function bounds(points, pad) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.x < x0) x0 = p.x;
    if (p.y < y0) y0 = p.y;
    if (p.x > x1) x1 = p.x;
    if (p.y > y1) y1 = p.y;
  }
  return { x0: x0 - pad, y0: y0 - pad, x1: x1 + pad, y1: y1 + pad };
}

/**
 * Whether the eraser, moved from a to b with the given radius, touches a stroke.
 * @param {Stroke} s
 * @param {Point} a
 * @param {Point} b
 * @param {number} radius board units
 */
export function touches(s, a, b, radius) {
  const reach = radius + s.width / 2;
  const { box } = s;
  if (
    Math.max(a.x, b.x) < box.x0 - radius ||
    Math.min(a.x, b.x) > box.x1 + radius ||
    Math.max(a.y, b.y) < box.y0 - radius ||
    Math.min(a.y, b.y) > box.y1 + radius
  ) {
    return false;
  }
  const pts = s.points;
  if (pts.length === 1) return segSegDist2(pts[0], pts[0], a, b) <= reach * reach;
  for (let i = 1; i < pts.length; i++) {
    if (segSegDist2(pts[i - 1], pts[i], a, b) <= reach * reach) return true;
  }
  return false;
}

/**
 * Squared distance between segments p1–p2 and q1–q2 (2-D).
 * @param {Point} p1
 * @param {Point} p2
 * @param {Point} q1
 * @param {Point} q2
 */
export function segSegDist2(p1, p2, q1, q2) {
  if (intersect(p1, p2, q1, q2)) return 0;
  return Math.min(
    pointSeg2(p1, q1, q2),
    pointSeg2(p2, q1, q2),
    pointSeg2(q1, p1, p2),
    pointSeg2(q2, p1, p2),
  );
}

/**
 * @param {Point} p
 * @param {Point} a
 * @param {Point} b
 */
function pointSeg2(p, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const ex = a.x + t * dx - p.x;
  const ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

/**
 * @param {Point} p1
 * @param {Point} p2
 * @param {Point} q1
 * @param {Point} q2
 */
function intersect(p1, p2, q1, q2) {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * @param {Point} a
 * @param {Point} b
 * @param {Point} c
 */
const cross = (a, b, c) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);

/** A fresh random key (12 characters of the base-64 alphabet). */
export function newKey() {
  const b = new Uint8Array(12);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => ALPHABET[x % 64]).join('');
}
