// @ts-check
/**
 * Paints strokes on a 2-D canvas context. The same code paints the board, the strokes being
 * drawn and the exported PNG, so every participant sees the same pixels for the same strokes at
 * the same size.
 */
import { PRESSURE_MAX } from './stroke.js';

/** The board's paper. */
export const PAPER = '#ffffff';

/**
 * @typedef {import('./stroke.js').Point} Point
 * @typedef {{color: string, width: number, pressure: boolean, points: Point[]}} Paintable
 */

/** Width factor at a pressure 0..PRESSURE_MAX: light touches still leave a line. */
const atPressure = (/** @type {number|undefined} */ p) =>
  0.25 + (0.75 * (p ?? PRESSURE_MAX / 2)) / PRESSURE_MAX;

/**
 * Paints one stroke: a smooth curve through the midpoints of its points (round ends), or, with
 * pressure, the same curve in short pieces whose width follows the pressure.
 * @param {CanvasRenderingContext2D} g
 * @param {Paintable} s
 * @param {number} k canvas pixels per board unit
 */
export function paintStroke(g, s, k) {
  const pts = s.points;
  if (pts.length === 0) return;
  const base = Math.max(0.75, s.width * k);
  g.strokeStyle = s.color;
  g.fillStyle = s.color;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  if (pts.length === 1) {
    const r = (s.pressure ? base * atPressure(pts[0].p) : base) / 2;
    g.beginPath();
    g.arc(pts[0].x * k, pts[0].y * k, Math.max(r, 0.5), 0, Math.PI * 2);
    g.fill();
    return;
  }
  if (!s.pressure) {
    g.lineWidth = base;
    g.beginPath();
    g.moveTo(pts[0].x * k, pts[0].y * k);
    for (let i = 1; i < pts.length - 1; i++) {
      const mx = ((pts[i].x + pts[i + 1].x) / 2) * k;
      const my = ((pts[i].y + pts[i + 1].y) / 2) * k;
      g.quadraticCurveTo(pts[i].x * k, pts[i].y * k, mx, my);
    }
    const last = pts[pts.length - 1];
    g.lineTo(last.x * k, last.y * k);
    g.stroke();
    return;
  }
  // Pressure: piece i runs from the midpoint before point i to the midpoint after it.
  let sx = pts[0].x * k;
  let sy = pts[0].y * k;
  for (let i = 1; i < pts.length; i++) {
    const last = i === pts.length - 1;
    const ex = last ? pts[i].x * k : ((pts[i].x + pts[i + 1].x) / 2) * k;
    const ey = last ? pts[i].y * k : ((pts[i].y + pts[i + 1].y) / 2) * k;
    g.lineWidth = Math.max(0.75, base * atPressure(pts[i].p));
    g.beginPath();
    g.moveTo(sx, sy);
    if (last) g.lineTo(ex, ey);
    else g.quadraticCurveTo(pts[i].x * k, pts[i].y * k, ex, ey);
    g.stroke();
    sx = ex;
    sy = ey;
  }
}

/**
 * Paints paper and strokes onto a whole canvas.
 * @param {CanvasRenderingContext2D} g
 * @param {Iterable<Paintable>} strokes in order, bottom first
 * @param {number} width canvas pixels
 * @param {number} height canvas pixels
 * @param {number} k canvas pixels per board unit
 */
export function paintBoard(g, strokes, width, height, k) {
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.fillStyle = PAPER;
  g.fillRect(0, 0, width, height);
  for (const s of strokes) paintStroke(g, s, k);
}
