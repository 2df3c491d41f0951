// @ts-check
/**
 * One recording: the compositor's stream through MediaRecorder into WebM (VP8 or VP9 video,
 * Opus audio), with pause/resume, and the duration written into the file at the end.
 */
import { Compositor } from './compositor.js';
import { withDuration } from './webm.js';

/** Preferred container/codecs, best first; VP8 costs the least CPU to encode. */
export const MIME_TYPES = [
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8',
  'video/webm',
];

export const QUALITIES = Object.freeze({
  '720p': { width: 1280, height: 720, videoBitsPerSecond: 2_500_000 },
  '1080p': { width: 1920, height: 1080, videoBitsPerSecond: 4_500_000 },
});

/** @returns {string|null} the first type this browser's MediaRecorder writes */
export function pickMimeType() {
  if (typeof MediaRecorder === 'undefined') return null;
  return MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

export class CallRecorder {
  /**
   * @param {{sources: () => import('./compositor.js').Source[], quality?: keyof typeof QUALITIES, fps?: number}} o
   */
  constructor(o) {
    const q = QUALITIES[o.quality ?? '720p'] ?? QUALITIES['720p'];
    const mimeType = pickMimeType();
    if (!mimeType) throw new Error('This browser cannot record video (no MediaRecorder for WebM).');
    this.mimeType = mimeType;
    this.compositor = new Compositor({
      width: q.width,
      height: q.height,
      fps: o.fps ?? 20,
      sources: o.sources,
    });
    this._bits = q.videoBitsPerSecond;
    /** @type {Blob[]} */
    this.chunks = [];
    this.bytes = 0;
    /** @type {'idle'|'recording'|'paused'|'stopped'} */
    this.state = 'idle';
    this._activeMs = 0;
    this._since = 0;
    /** @type {MediaRecorder|null} */
    this.mr = null;
    /** @type {MediaStream|null} */
    this.stream = null;
  }

  /** The canvas being recorded, for a preview. */
  get canvas() {
    return this.compositor.canvas;
  }

  /** @returns {number} recorded time so far (pauses excluded), ms */
  get elapsedMs() {
    return this._activeMs + (this.state === 'recording' ? performance.now() - this._since : 0);
  }

  start() {
    if (this.state !== 'idle') return;
    this.stream = this.compositor.start();
    const mr = new MediaRecorder(this.stream, {
      mimeType: this.mimeType,
      videoBitsPerSecond: this._bits,
      audioBitsPerSecond: 128_000,
    });
    mr.ondataavailable = (e) => {
      if (e.data && e.data.size > 0) {
        this.chunks.push(e.data);
        this.bytes += e.data.size;
      }
    };
    this.mr = mr;
    mr.start(1000);
    this.state = 'recording';
    this._since = performance.now();
  }

  pause() {
    if (this.state !== 'recording' || !this.mr) return;
    this.mr.pause();
    this._activeMs += performance.now() - this._since;
    this.state = 'paused';
  }

  resume() {
    if (this.state !== 'paused' || !this.mr) return;
    this.mr.resume();
    this._since = performance.now();
    this.state = 'recording';
  }

  /**
   * Ends the recording.
   * @returns {Promise<{blob: Blob, durationMs: number, mimeType: string}>}
   */
  async stop() {
    const mr = this.mr;
    if (!mr || this.state === 'stopped' || this.state === 'idle') {
      throw new Error('not recording');
    }
    const durationMs = this.elapsedMs;
    this.state = 'stopped';
    const done = new Promise((resolve) => mr.addEventListener('stop', resolve, { once: true }));
    if (mr.state !== 'inactive') mr.stop();
    await done;
    this.compositor.stop();
    this.stream?.getTracks().forEach((t) => t.stop());
    const raw = new Blob(this.chunks, { type: 'video/webm' });
    this.chunks = [];
    return { blob: await withDuration(raw, durationMs), durationMs, mimeType: this.mimeType };
  }

  /** Drops everything (the page is going away). */
  abort() {
    if (this.mr && this.mr.state !== 'inactive') this.mr.stop();
    this.state = 'stopped';
    this.compositor.stop();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.chunks = [];
  }
}
