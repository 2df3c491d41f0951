// @ts-check
/**
 * On-device vision for built-in widgets: MediaPipe Tasks Vision (TFLite + XNNPACK compiled to
 * WebAssembly, run on the CPU, so it works without a GPU), the models bundled with the widgets.
 * Nothing is fetched from anywhere but this server or the extension itself.
 *
 * The WebAssembly runtime is copied by the build to `/vendor/mediapipe/` (web root and
 * extension root); widget modules live at `/widgets/<id>/`, hence `../../vendor/`.
 */
import { withInputMetadata } from './tflite-metadata.js';

/**
 * Where the Tasks Vision runtime is, seen from a widget module.
 * @param {string} moduleUrl the widget module's `import.meta.url`
 */
export function visionFileset(moduleUrl) {
  const base = new URL('../../vendor/mediapipe/', moduleUrl);
  return {
    wasmLoaderPath: new URL('vision_wasm_internal.js', base).href,
    wasmBinaryPath: new URL('vision_wasm_internal.wasm', base).href,
  };
}

/**
 * Fetches a bundled `.tflite` model and gives it the input metadata Tasks needs.
 * @param {URL|string} url
 * @param {import('./tflite-metadata.js').InputSpec & {modelName: string}} spec
 * @returns {Promise<Uint8Array>}
 */
export async function loadModel(url, spec) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`model ${String(url)}: HTTP ${res.status}`);
  return withInputMetadata(new Uint8Array(await res.arrayBuffer()), spec);
}

/**
 * Scales frames down into pixels for a detector. Reading pixels (ImageData) and handing them
 * to Tasks keeps the whole path on the CPU; passing a canvas or a VideoFrame instead makes
 * Tasks upload it to WebGL, which costs ~15× more where WebGL is emulated (no GPU).
 */
export class FrameSampler {
  /**
   * @param {number} width
   * @param {number} height
   */
  constructor(width, height) {
    this.canvas = new OffscreenCanvas(width, height);
    this.ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (
      this.canvas.getContext('2d', { willReadFrequently: true, alpha: false })
    );
  }

  /**
   * @param {CanvasImageSource} source
   * @param {number} srcWidth
   * @param {number} srcHeight
   * @param {{x: number, y: number, side: number}} [square] a square part of the source only
   * @returns {ImageData}
   */
  sample(source, srcWidth, srcHeight, square) {
    const { width, height } = this.canvas;
    if (square) {
      const { x, y, side } = square;
      this.ctx.drawImage(source, x, y, side, side, 0, 0, width, height);
    } else {
      this.ctx.drawImage(source, 0, 0, srcWidth, srcHeight, 0, 0, width, height);
    }
    return this.ctx.getImageData(0, 0, width, height);
  }
}

/** Average duration and rate of a repeated job over the last second. */
export class JobMeter {
  constructor() {
    /** @type {Array<{at: number, ms: number}>} */
    this._runs = [];
  }
  /**
   * @param {number} at
   * @param {number} ms
   */
  add(at, ms) {
    this._runs.push({ at, ms });
    this._trim(at);
  }
  /** @param {number} now */
  _trim(now) {
    while (this._runs.length && this._runs[0].at <= now - 1000) this._runs.shift();
  }
  /** @param {number} now @returns {{perSecond: number, avgMs: number}} */
  read(now) {
    this._trim(now);
    const n = this._runs.length;
    return {
      perSecond: n,
      avgMs: n ? Math.round((this._runs.reduce((s, r) => s + r.ms, 0) / n) * 10) / 10 : 0,
    };
  }
}

/**
 * A widget's on-device model, loaded when first wanted: one load at a time, a failed load may be
 * tried again, and `state` says how it is going (for `data-*` attributes the tests read).
 * @template {{close(): void}} M
 */
export class LazyModel {
  /**
   * @param {() => Promise<M>} create
   * @param {{logAs: string, unavailable: string, onChange: () => void}} o `logAs` prefixes the
   *   console error; `unavailable` is the text shown when loading fails; `onChange` is called
   *   when the load ends either way.
   */
  constructor(create, { logAs, unavailable, onChange }) {
    this._create = create;
    this._logAs = logAs;
    this._unavailable = unavailable;
    this._onChange = onChange;
    /** @type {M|null} */
    this.model = null;
    /** @type {Promise<M|null>|null} */
    this.loading = null;
    /** Why the last load failed, for the user; '' when it did not. */
    this.error = '';
  }

  /** @returns {'ready'|'failed'|'loading'|''} */
  get state() {
    return this.model ? 'ready' : this.error ? 'failed' : this.loading ? 'loading' : '';
  }

  /** Starts loading unless the model is there or on its way. */
  load() {
    if (this.model || this.loading) return;
    this.error = '';
    this.loading = this._create().then(
      (m) => {
        this.model = m;
        this._onChange();
        return m;
      },
      (err) => {
        console.error(this._logAs, err);
        this.error = this._unavailable;
        this.loading = null;
        this._onChange();
        return null;
      },
    );
  }

  /** Closes the model once it is loaded (now, or when a load under way ends). */
  close() {
    this.loading?.then((m) => m?.close());
  }
}
