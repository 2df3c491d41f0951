// @ts-check
/**
 * Where each participant goes in the recorded picture: the same rules as the room's grid.
 * Cameras fill a grid of 16:9 tiles as large as fits; while screens are shared they take the
 * space and the cameras a strip below them. Pure: no DOM, unit-tested.
 */

/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/**
 * Lays `count` tiles of 16:9 into a box, centred, as large as possible.
 * @param {number} count
 * @param {Rect} box
 * @param {number} gap
 * @returns {Rect[]}
 */
export function gridRects(count, box, gap) {
  if (count <= 0) return [];
  let best = { w: 0, cols: 1 };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const w = Math.min(
      (box.w - gap * (cols - 1)) / cols,
      ((box.h - gap * (rows - 1)) / rows) * (16 / 9),
    );
    if (w > best.w) best = { w, cols };
  }
  const w = Math.max(1, Math.floor(best.w));
  const h = Math.floor((w * 9) / 16);
  const rows = Math.ceil(count / best.cols);
  const top = box.y + Math.floor((box.h - rows * h - (rows - 1) * gap) / 2);
  /** @type {Rect[]} */
  const out = [];
  for (let r = 0; r < rows; r++) {
    const inRow = Math.min(best.cols, count - r * best.cols);
    const left = box.x + Math.floor((box.w - inRow * w - (inRow - 1) * gap) / 2);
    for (let c = 0; c < inRow; c++) {
      out.push({ x: left + c * (w + gap), y: top + r * (h + gap), w, h });
    }
  }
  return out;
}

/**
 * @param {number} cameras how many camera tiles (participants)
 * @param {number} screens how many screen shares
 * @param {number} width of the picture
 * @param {number} height of the picture
 * @returns {{cameras: Rect[], screens: Rect[]}}
 */
export function layoutTiles(cameras, screens, width, height) {
  const pad = Math.round(height * 0.025);
  const gap = Math.round(height * 0.015);
  const box = { x: pad, y: pad, w: width - 2 * pad, h: height - 2 * pad };
  if (screens === 0) return { cameras: gridRects(cameras, box, gap), screens: [] };
  if (cameras === 0) return { cameras: [], screens: gridRects(screens, box, gap) };
  // The camera strip: one row, at most a fifth of the height.
  const stripH = Math.floor(box.h * 0.2);
  const strip = { x: box.x, y: box.y + box.h - stripH, w: box.w, h: stripH };
  const area = { x: box.x, y: box.y, w: box.w, h: box.h - stripH - gap };
  const camW = Math.min(
    Math.floor((stripH * 16) / 9),
    Math.floor((strip.w - gap * (cameras - 1)) / cameras),
  );
  const camH = Math.floor((camW * 9) / 16);
  const left = strip.x + Math.floor((strip.w - cameras * camW - (cameras - 1) * gap) / 2);
  const top = strip.y + Math.floor((stripH - camH) / 2);
  return {
    screens: gridRects(screens, area, gap),
    cameras: Array.from({ length: cameras }, (_, i) => ({
      x: left + i * (camW + gap),
      y: top,
      w: camW,
      h: camH,
    })),
  };
}

/**
 * The part of a source picture to draw into a tile: `cover` crops to fill (cameras), `contain`
 * shows all of it (screens) and returns the smaller target.
 * @param {number} sw source width
 * @param {number} sh source height
 * @param {Rect} dst
 * @param {'cover'|'contain'} fit
 * @returns {{sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number}}
 */
export function fitRect(sw, sh, dst, fit) {
  if (sw <= 0 || sh <= 0) return { sx: 0, sy: 0, sw: 0, sh: 0, dx: dst.x, dy: dst.y, dw: 0, dh: 0 };
  const src = sw / sh;
  const box = dst.w / dst.h;
  if (fit === 'cover') {
    if (src > box) {
      const w = sh * box;
      return { sx: (sw - w) / 2, sy: 0, sw: w, sh, dx: dst.x, dy: dst.y, dw: dst.w, dh: dst.h };
    }
    const h = sw / box;
    return { sx: 0, sy: (sh - h) / 2, sw, sh: h, dx: dst.x, dy: dst.y, dw: dst.w, dh: dst.h };
  }
  if (src > box) {
    const h = dst.w / src;
    return { sx: 0, sy: 0, sw, sh, dx: dst.x, dy: dst.y + (dst.h - h) / 2, dw: dst.w, dh: h };
  }
  const w = dst.h * src;
  return { sx: 0, sy: 0, sw, sh, dx: dst.x + (dst.w - w) / 2, dy: dst.y, dw: w, dh: dst.h };
}
