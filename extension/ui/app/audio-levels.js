// @ts-check
/**
 * Measures the audio of every participant in the room with Web Audio: one AudioContext for the
 * page and one AnalyserNode per participant (our microphone and each remote stream). The room
 * feeds the levels to the speaker detector (speakers.js) and hands this object to widgets with an
 * audio permission as `ctx.media.audio`, so everything on the page agrees on who is loud.
 *
 * Chromium only delivers samples of a remote WebRTC stream to Web Audio while the same track also
 * plays in a media element; the room's tiles play them, so analysers here never need to output
 * anything (an analyser is processed without being connected to the destination).
 */
import { levelFromRms } from './speakers.js';

/** Samples per analysis window: ~21 ms at 48 kHz. */
const FFT_SIZE = 1024;

/**
 * @typedef {{track: MediaStreamTrack, source: MediaStreamAudioSourceNode, analyser: AnalyserNode, time: Float32Array<ArrayBuffer>, freq: Uint8Array<ArrayBuffer>}} Probe
 */

export class AudioLevels {
  /** @param {{createContext?: () => AudioContext}} [o] */
  constructor(o = {}) {
    this._createContext = o.createContext ?? (() => new AudioContext());
    /** @type {AudioContext|null} */
    this._ctx = null;
    /** @type {Map<string, Probe>} */
    this._probes = new Map();
    this._resumeOnGesture = () => {
      this._ctx?.resume().catch(() => {});
    };
  }

  /** @returns {AudioContext} */
  _context() {
    if (!this._ctx) {
      this._ctx = this._createContext();
      // Without a user gesture on the page (e.g. right after a reload) the context starts
      // suspended and measures nothing: resume on the first click or key press.
      if (this._ctx.state === 'suspended') {
        for (const type of ['pointerdown', 'keydown']) {
          document.addEventListener(type, this._resumeOnGesture, { capture: true });
        }
        this._ctx.addEventListener('statechange', () => {
          if (this._ctx?.state === 'running') this._dropGestureListeners();
        });
      }
    }
    return this._ctx;
  }

  _dropGestureListeners() {
    for (const type of ['pointerdown', 'keydown']) {
      document.removeEventListener(type, this._resumeOnGesture, { capture: true });
    }
  }

  /**
   * Measures `track` as participant `id` from now on (a new track replaces the old one; null
   * stops measuring). Cheap to call with the same track again.
   * @param {string} id 'local' or a peer id
   * @param {MediaStreamTrack|null|undefined} track
   */
  attach(id, track) {
    const current = this._probes.get(id);
    if (current && current.track === track && track.readyState !== 'ended') return;
    if (current) this._disconnect(id, current);
    if (!track || track.kind !== 'audio' || track.readyState === 'ended') return;
    const ctx = this._context();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = FFT_SIZE;
    analyser.smoothingTimeConstant = 0.6;
    analyser.minDecibels = -95;
    analyser.maxDecibels = -15;
    source.connect(analyser);
    this._probes.set(id, {
      track,
      source,
      analyser,
      time: new Float32Array(analyser.fftSize),
      freq: new Uint8Array(analyser.frequencyBinCount),
    });
  }

  /**
   * Stops measuring everyone not in `ids`.
   * @param {Iterable<string>} ids
   */
  retain(ids) {
    const keep = new Set(ids);
    for (const [id, p] of this._probes) if (!keep.has(id)) this._disconnect(id, p);
  }

  /**
   * @param {string} id
   * @param {Probe} p
   */
  _disconnect(id, p) {
    try {
      p.source.disconnect();
    } catch {
      /* already disconnected */
    }
    this._probes.delete(id);
  }

  /** @returns {string[]} the participants being measured */
  ids() {
    return [...this._probes.keys()];
  }

  /**
   * The loudness of the last ~21 ms, right now.
   * @param {string} id
   * @returns {number} RMS amplitude 0..1 (0 when not measured)
   */
  rms(id) {
    const p = this._probes.get(id);
    if (!p || this._ctx?.state !== 'running') return 0;
    p.analyser.getFloatTimeDomainData(p.time);
    let sum = 0;
    for (let i = 0; i < p.time.length; i++) sum += p.time[i] * p.time[i];
    return Math.sqrt(sum / p.time.length);
  }

  /**
   * @param {string} id
   * @returns {number} 0..1 on a decibel scale (see levelFromRms)
   */
  level(id) {
    return levelFromRms(this.rms(id));
  }

  /**
   * The spectrum in `bands` log-spaced bands between 60 Hz and 12 kHz (speech and music live
   * there), each 0..1.
   * @param {string} id
   * @param {number} [bands]
   * @returns {Float32Array|null} null when the participant is not measured
   */
  spectrum(id, bands = 32) {
    const p = this._probes.get(id);
    if (!p || !this._ctx) return null;
    if (this._ctx.state !== 'running') return new Float32Array(bands);
    p.analyser.getByteFrequencyData(p.freq);
    return logBands(p.freq, this._ctx.sampleRate, bands);
  }

  /** @returns {AudioContextState|'none'} */
  get contextState() {
    return this._ctx?.state ?? 'none';
  }

  dispose() {
    for (const [id, p] of this._probes) this._disconnect(id, p);
    this._dropGestureListeners();
    this._ctx?.close().catch(() => {});
    this._ctx = null;
  }
}

/**
 * Groups FFT bins (0..255 each, bin i at i·sampleRate/(2·bins.length) Hz) into `bands` bands
 * spaced evenly on a log-frequency axis between `low` and `high` Hz; each band is the loudest bin
 * in it, scaled to 0..1. Narrow low bands that fall between two bins take the nearer bin.
 * @param {ArrayLike<number>} bins
 * @param {number} sampleRate
 * @param {number} bands
 * @param {number} [low]
 * @param {number} [high]
 * @returns {Float32Array}
 */
export function logBands(bins, sampleRate, bands, low = 60, high = 12_000) {
  const out = new Float32Array(bands);
  const hzPerBin = sampleRate / 2 / bins.length;
  const top = Math.min(high, sampleRate / 2);
  const ratio = Math.pow(top / low, 1 / bands);
  let f0 = low;
  for (let b = 0; b < bands; b++) {
    const f1 = f0 * ratio;
    const i0 = Math.min(bins.length - 1, Math.round(f0 / hzPerBin));
    const i1 = Math.min(bins.length - 1, Math.max(i0, Math.round(f1 / hzPerBin) - 1));
    let max = 0;
    for (let i = i0; i <= i1; i++) max = Math.max(max, bins[i]);
    out[b] = max / 255;
    f0 = f1;
  }
  return out;
}
