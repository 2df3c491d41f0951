// @ts-check
/**
 * What the face widget draws over each detected face: the box, the six landmarks and fun
 * masks. All vector art drawn with canvas paths from the landmarks (no images).
 *
 * Landmarks (MediaPipe BlazeFace, in this order): right eye, left eye, nose tip, mouth centre,
 * right ear tragion, left ear tragion — "right" is the person's right, the viewer's left.
 */

/**
 * @typedef {{x: number, y: number}} Point pixel coordinates in the frame
 * @typedef {{x: number, y: number, width: number, height: number, score: number, points: Point[]}} Face
 * @typedef {'none'|'party-hat'|'sunglasses'|'cat'|'crown'|'moustache'} MaskId
 */

/** @type {ReadonlyArray<{id: MaskId, label: string}>} */
export const MASKS = Object.freeze([
  { id: 'none', label: 'None' },
  { id: 'party-hat', label: 'Party hat' },
  { id: 'sunglasses', label: 'Sunglasses' },
  { id: 'cat', label: 'Cat' },
  { id: 'crown', label: 'Crown' },
  { id: 'moustache', label: 'Moustache' },
]);

/** @param {unknown} v @returns {v is MaskId} */
export const isMask = (v) => MASKS.some((m) => m.id === v);

export const LANDMARK_NAMES = Object.freeze([
  'right eye',
  'left eye',
  'nose',
  'mouth',
  'right ear',
  'left ear',
]);

/**
 * A detection from MediaPipe Tasks (`boundingBox` in pixels of the detector input, keypoints
 * normalised 0..1) mapped to frame pixels.
 * @param {any} d a Detection
 * @param {number} inW detector input width
 * @param {number} inH detector input height
 * @param {number} outW frame width
 * @param {number} outH frame height
 * @returns {Face|null}
 */
export function toFace(d, inW, inH, outW, outH) {
  const b = d?.boundingBox;
  if (!b || !Number.isFinite(b.originX) || !Number.isFinite(b.width)) return null;
  const sx = outW / inW;
  const sy = outH / inH;
  return {
    x: b.originX * sx,
    y: b.originY * sy,
    width: b.width * sx,
    height: b.height * sy,
    score: Number(d.categories?.[0]?.score ?? 0),
    points: (d.keypoints ?? []).map((/** @type {{x: number, y: number}} */ k) => ({
      x: k.x * outW,
      y: k.y * outH,
    })),
  };
}

/**
 * Intersection over union of two faces' boxes.
 * @param {Face} a
 * @param {Face} b
 */
export function overlap(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * One face per place: of faces whose boxes overlap by more than `iou`, the surest stays.
 * @param {Face[]} faces
 * @param {number} iou
 * @returns {Face[]}
 */
export function mergeFaces(faces, iou) {
  /** @type {Face[]} */
  const kept = [];
  for (const f of [...faces].sort((a, b) => b.score - a.score)) {
    if (kept.every((k) => overlap(k, f) <= iou)) kept.push(f);
  }
  return kept;
}

/**
 * Geometry of a face the masks are drawn in: centre between the eyes, eye distance, roll angle
 * (from the eye line) and the box. Falls back to the box when landmarks are missing.
 * @param {Face} f
 */
export function faceFrame(f) {
  const [re, le] = f.points;
  if (re && le) {
    // Person's right eye is on the viewer's left: the eye line goes from re to le.
    const dx = le.x - re.x;
    const dy = le.y - re.y;
    return {
      cx: (re.x + le.x) / 2,
      cy: (re.y + le.y) / 2,
      eye: Math.hypot(dx, dy) || f.width * 0.4,
      angle: Math.atan2(dy, dx),
    };
  }
  return { cx: f.x + f.width / 2, cy: f.y + f.height * 0.4, eye: f.width * 0.4, angle: 0 };
}

/**
 * @param {CanvasRenderingContext2D|OffscreenCanvasRenderingContext2D} ctx
 * @param {Face} f
 * @param {{box: boolean, landmarks: boolean, mask: MaskId}} o
 */
export function drawFace(ctx, f, o) {
  const unit = Math.max(1, f.width / 100);
  if (o.mask !== 'none') drawMask(ctx, f, o.mask);
  if (o.box) {
    ctx.lineWidth = Math.max(2, 2.5 * unit);
    ctx.strokeStyle = '#7bffb0';
    ctx.strokeRect(f.x, f.y, f.width, f.height);
    const label = `${Math.round(f.score * 100)}%`;
    ctx.font = `600 ${Math.round(Math.max(11, 11 * unit))}px system-ui, sans-serif`;
    const tw = ctx.measureText(label).width;
    ctx.fillStyle = '#7bffb0';
    ctx.fillRect(f.x - ctx.lineWidth / 2, f.y - 16 * unit, tw + 8 * unit, 16 * unit);
    ctx.fillStyle = '#06210f';
    ctx.fillText(label, f.x + 3 * unit, f.y - 4 * unit);
  }
  if (o.landmarks) {
    f.points.forEach((p, i) => {
      ctx.beginPath();
      ctx.arc(p.x, p.y, Math.max(2.5, 3 * unit), 0, Math.PI * 2);
      ctx.fillStyle = i < 2 ? '#5ad1ff' : i < 4 ? '#ffd166' : '#ff7ab6';
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#0b0f18';
      ctx.stroke();
    });
  }
}

/**
 * @param {CanvasRenderingContext2D|OffscreenCanvasRenderingContext2D} ctx
 * @param {Face} f
 * @param {MaskId} mask
 */
function drawMask(ctx, f, mask) {
  const g = faceFrame(f);
  const e = g.eye; // eye distance: the unit of every mask
  ctx.save();
  ctx.translate(g.cx, g.cy);
  ctx.rotate(g.angle);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  switch (mask) {
    case 'party-hat':
      partyHat(ctx, e);
      break;
    case 'sunglasses':
      sunglasses(ctx, e);
      break;
    case 'cat':
      cat(ctx, e);
      break;
    case 'crown':
      crown(ctx, e);
      break;
    case 'moustache':
      moustache(ctx, e);
      break;
    default:
  }
  ctx.restore();
}

/** @typedef {CanvasRenderingContext2D|OffscreenCanvasRenderingContext2D} Ctx */

/** @param {Ctx} ctx @param {number} e */
function partyHat(ctx, e) {
  const base = -1.35 * e; // forehead top, above the eyes
  const w = 1.1 * e;
  const top = base - 2.2 * e;
  const grad = ctx.createLinearGradient(-w, base, w, top);
  grad.addColorStop(0, '#ff4f8b');
  grad.addColorStop(1, '#8a4dff');
  ctx.beginPath();
  ctx.moveTo(-w, base);
  ctx.lineTo(0, top);
  ctx.lineTo(w, base);
  ctx.closePath();
  ctx.fillStyle = grad;
  ctx.fill();
  // stripes
  ctx.save();
  ctx.clip();
  ctx.strokeStyle = 'rgba(255,255,255,0.75)';
  ctx.lineWidth = 0.16 * e;
  for (let i = 1; i <= 3; i++) {
    const y = base - (i * (base - top)) / 4;
    ctx.beginPath();
    ctx.moveTo(-w, y + 0.3 * e);
    ctx.lineTo(w, y - 0.3 * e);
    ctx.stroke();
  }
  ctx.restore();
  // dots on the brim and the pompom
  const colours = ['#ffd166', '#5ad1ff', '#7bffb0'];
  for (let i = 0; i < 5; i++) {
    ctx.beginPath();
    ctx.arc(-w + (i + 0.5) * ((2 * w) / 5), base - 0.06 * e, 0.13 * e, 0, Math.PI * 2);
    ctx.fillStyle = colours[i % 3];
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(0, top, 0.28 * e, 0, Math.PI * 2);
  ctx.fillStyle = '#ffd166';
  ctx.fill();
}

/** @param {Ctx} ctx @param {number} e */
function sunglasses(ctx, e) {
  const r = 0.42 * e;
  ctx.fillStyle = 'rgba(12,14,22,0.92)';
  ctx.strokeStyle = '#1b1f2c';
  ctx.lineWidth = 0.09 * e;
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.ellipse(side * 0.5 * e, 0.02 * e, r * 1.05, r * 0.8, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    // glint
    ctx.beginPath();
    ctx.ellipse(side * 0.5 * e - 0.15 * e, -0.12 * e, 0.12 * e, 0.06 * e, -0.5, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(255,255,255,0.55)';
    ctx.fill();
    ctx.fillStyle = 'rgba(12,14,22,0.92)';
  }
  ctx.beginPath();
  ctx.moveTo(-0.12 * e, -0.05 * e);
  ctx.quadraticCurveTo(0, -0.16 * e, 0.12 * e, -0.05 * e);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(-0.93 * e, -0.05 * e);
  ctx.lineTo(-1.25 * e, -0.1 * e);
  ctx.moveTo(0.93 * e, -0.05 * e);
  ctx.lineTo(1.25 * e, -0.1 * e);
  ctx.stroke();
}

/** @param {Ctx} ctx @param {number} e */
function cat(ctx, e) {
  // ears
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.moveTo(side * 0.35 * e, -1.3 * e);
    ctx.lineTo(side * 1.05 * e, -2.25 * e);
    ctx.lineTo(side * 1.25 * e, -1.05 * e);
    ctx.closePath();
    ctx.fillStyle = '#3a3340';
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(side * 0.55 * e, -1.3 * e);
    ctx.lineTo(side * 1.0 * e, -1.95 * e);
    ctx.lineTo(side * 1.1 * e, -1.2 * e);
    ctx.closePath();
    ctx.fillStyle = '#ff9cc2';
    ctx.fill();
  }
  // nose
  ctx.beginPath();
  ctx.moveTo(-0.14 * e, 0.62 * e);
  ctx.lineTo(0.14 * e, 0.62 * e);
  ctx.lineTo(0, 0.78 * e);
  ctx.closePath();
  ctx.fillStyle = '#ff7ab6';
  ctx.fill();
  // whiskers
  ctx.strokeStyle = 'rgba(250,250,255,0.9)';
  ctx.lineWidth = 0.05 * e;
  for (const side of [-1, 1]) {
    for (const k of [-1, 0, 1]) {
      ctx.beginPath();
      ctx.moveTo(side * 0.3 * e, (0.85 + k * 0.08) * e);
      ctx.lineTo(side * 1.2 * e, (0.8 + k * 0.22) * e);
      ctx.stroke();
    }
  }
}

/** @param {Ctx} ctx @param {number} e */
function crown(ctx, e) {
  const base = -1.3 * e;
  const w = 0.95 * e;
  const h = 0.9 * e;
  ctx.beginPath();
  ctx.moveTo(-w, base);
  ctx.lineTo(-w, base - h * 0.55);
  ctx.lineTo(-w * 0.5, base - h * 0.3);
  ctx.lineTo(0, base - h);
  ctx.lineTo(w * 0.5, base - h * 0.3);
  ctx.lineTo(w, base - h * 0.55);
  ctx.lineTo(w, base);
  ctx.closePath();
  const grad = ctx.createLinearGradient(0, base - h, 0, base);
  grad.addColorStop(0, '#ffe27a');
  grad.addColorStop(1, '#e0a800');
  ctx.fillStyle = grad;
  ctx.fill();
  ctx.strokeStyle = '#a67c00';
  ctx.lineWidth = 0.06 * e;
  ctx.stroke();
  for (const [x, c] of /** @type {Array<[number, string]>} */ ([
    [-0.55, '#ff4f8b'],
    [0, '#5ad1ff'],
    [0.55, '#7bffb0'],
  ])) {
    ctx.beginPath();
    ctx.arc(x * w, base - 0.2 * e, 0.12 * e, 0, Math.PI * 2);
    ctx.fillStyle = c;
    ctx.fill();
  }
}

/** @param {Ctx} ctx @param {number} e */
function moustache(ctx, e) {
  const y = 0.98 * e; // between nose and mouth
  ctx.beginPath();
  ctx.moveTo(0, y - 0.05 * e);
  ctx.bezierCurveTo(0.25 * e, y - 0.3 * e, 0.65 * e, y - 0.2 * e, 0.8 * e, y - 0.35 * e);
  ctx.bezierCurveTo(0.75 * e, y + 0.05 * e, 0.35 * e, y + 0.2 * e, 0, y + 0.08 * e);
  ctx.bezierCurveTo(-0.35 * e, y + 0.2 * e, -0.75 * e, y + 0.05 * e, -0.8 * e, y - 0.35 * e);
  ctx.bezierCurveTo(-0.65 * e, y - 0.2 * e, -0.25 * e, y - 0.3 * e, 0, y - 0.05 * e);
  ctx.closePath();
  ctx.fillStyle = '#2b1d14';
  ctx.fill();
}
