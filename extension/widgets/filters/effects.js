// @ts-check
/**
 * The picture effects of the filters widget, drawn with the 2D canvas API on the frame of the
 * outgoing video pipeline. Colour effects are canvas filters; blurs are computed at a quarter
 * of the resolution and scaled back up (the result looks the same and costs ~1/16 on a CPU);
 * pixelation is a nearest-neighbour scale down and up.
 */

/** @typedef {'none'|'grayscale'|'sepia'|'blur'|'pixelate'} EffectId */

/** @type {ReadonlyArray<{id: EffectId, label: string, strength: boolean}>} */
export const EFFECTS = Object.freeze([
  { id: 'none', label: 'None', strength: false },
  { id: 'grayscale', label: 'Black & white', strength: false },
  { id: 'sepia', label: 'Sepia', strength: false },
  { id: 'blur', label: 'Blur', strength: true },
  { id: 'pixelate', label: 'Pixelate', strength: true },
]);

/** @param {unknown} v @returns {v is EffectId} */
export const isEffect = (v) => EFFECTS.some((e) => e.id === v);

/**
 * Strength 1..10 → blur radius in pixels at full resolution for a frame of that width.
 * @param {number} strength
 * @param {number} width
 */
export function blurRadius(strength, width) {
  return Math.max(1, Math.round(((clampStrength(strength) * 2.4) / 640) * width));
}

/**
 * Strength 1..10 → size of one pixelation block in pixels for a frame of that width.
 * @param {number} strength
 * @param {number} width
 */
export function blockSize(strength, width) {
  return Math.max(2, Math.round(((4 + clampStrength(strength) * 3) / 640) * width));
}

/** @param {number} s */
export function clampStrength(s) {
  return Math.min(10, Math.max(1, Math.round(Number.isFinite(s) ? s : 5)));
}

/**
 * Writes a person-probability mask (0..1 per pixel) into the alpha channel of RGBA pixels,
 * with a soft edge: below `lo` transparent, above `hi` opaque, linear between.
 * @param {Float32Array} mask
 * @param {Uint8ClampedArray} rgba length 4 × mask.length
 * @param {number} [lo]
 * @param {number} [hi]
 */
export function maskToAlpha(mask, rgba, lo = 0.25, hi = 0.75) {
  const scale = 255 / (hi - lo);
  for (let i = 0, j = 3; i < mask.length; i++, j += 4) {
    const v = (mask[i] - lo) * scale;
    rgba[j] = v <= 0 ? 0 : v >= 255 ? 255 : v;
  }
}

/** A canvas the effects keep between frames. */
class Scratch {
  constructor() {
    this.canvas = new OffscreenCanvas(1, 1);
    this.ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
  }
  /**
   * @param {number} w
   * @param {number} h
   */
  size(w, h) {
    w = Math.max(1, Math.round(w));
    h = Math.max(1, Math.round(h));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    return this.ctx;
  }
}

/**
 * Draws the effects onto pipeline frames; keeps its scratch canvases between frames.
 */
export class EffectPainter {
  constructor() {
    this._small = new Scratch();
    this._blurred = new Scratch();
    this._person = new Scratch();
  }

  /**
   * Replaces the frame on `ctx` by a blurred copy of `image`. The blur is computed at a
   * quarter of the size; the borders are drawn slightly outside, so they stay bright.
   * @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f
   * @param {CanvasImageSource} image
   * @param {number} radius at full resolution
   */
  blurInto(f, image, radius) {
    const k = 4;
    const w = f.width / k;
    const h = f.height / k;
    const r = Math.max(0.5, radius / k);
    const small = this._small.size(w, h);
    small.filter = 'none';
    small.drawImage(image, 0, 0, w, h);
    const blurred = this._blurred.size(w, h);
    blurred.filter = `blur(${r}px)`;
    const m = Math.ceil(r * 2);
    blurred.drawImage(this._small.canvas, -m, -m, w + 2 * m, h + 2 * m);
    blurred.filter = 'none';
    f.ctx.imageSmoothingEnabled = true;
    f.ctx.imageSmoothingQuality = 'low';
    f.ctx.drawImage(this._blurred.canvas, 0, 0, f.width, f.height);
  }

  /**
   * @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f
   * @param {EffectId} effect
   * @param {number} strength 1..10
   */
  effect(f, effect, strength) {
    const { ctx, canvas, width, height } = f;
    switch (effect) {
      case 'grayscale':
      case 'sepia':
        ctx.filter = effect === 'grayscale' ? 'grayscale(1)' : 'sepia(1)';
        ctx.drawImage(canvas, 0, 0);
        ctx.filter = 'none';
        return;
      case 'blur':
        this.blurInto(f, canvas, blurRadius(strength, width));
        return;
      case 'pixelate': {
        const b = blockSize(strength, width);
        const small = this._small.size(width / b, height / b);
        small.imageSmoothingEnabled = true;
        small.drawImage(canvas, 0, 0, this._small.canvas.width, this._small.canvas.height);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(this._small.canvas, 0, 0, width, height);
        ctx.imageSmoothingEnabled = true;
        return;
      }
      default:
    }
  }

  /**
   * Background blur: the frame blurred, the person (mask) drawn sharp on top.
   * @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f
   * @param {OffscreenCanvas} mask person alpha mask (any size; scaled smoothly)
   * @param {number} strength 1..10
   */
  backgroundBlur(f, mask, strength) {
    const { ctx, canvas, width, height } = f;
    const person = this._person.size(width, height);
    person.globalCompositeOperation = 'copy';
    person.imageSmoothingEnabled = true;
    person.drawImage(mask, 0, 0, width, height);
    person.globalCompositeOperation = 'source-in';
    person.drawImage(canvas, 0, 0);
    person.globalCompositeOperation = 'source-over';
    this.blurInto(f, canvas, blurRadius(strength, width) * 1.5);
    ctx.drawImage(this._person.canvas, 0, 0);
  }
}
