// @ts-check
/**
 * Who is speaking, from audio levels sampled a few times a second: the room's one mechanism for
 * the "speaking" ring in the grid, the single loudest speaker's highlight and the speaking dots
 * of the audio widget. No DOM and no Web Audio here (see audio-levels.js for the measuring).
 *
 * Levels are 0..1 on a decibel scale (see `levelFromRms`). Hysteresis keeps the highlight calm:
 * a participant starts speaking after being above `on` for `attackMs`, and stops only after
 * being below the lower `off` for `releaseMs` (the pauses between words do not count). The
 * loudest speaker ("dominant") changes only when another speaker has been louder by `margin` for
 * `switchMs`, or when the current one stops speaking.
 */

/** Quietest level that counts (-60 dBFS); levels below are silence. */
export const FLOOR_DB = -60;
/** Level 1 (-6 dBFS and up: a loud voice close to the microphone). */
export const TOP_DB = -6;

/**
 * Maps an RMS amplitude (0..1) to a level 0..1 that follows loudness as heard: linear in dB
 * between FLOOR_DB and TOP_DB.
 * @param {number} rms
 */
export function levelFromRms(rms) {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / (TOP_DB - FLOOR_DB)));
}

/**
 * @typedef {object} DetectorOptions
 * @property {number} [on] level to start speaking (default 0.45 ≈ -36 dBFS)
 * @property {number} [off] level under which speaking stops (default 0.33 ≈ -42 dBFS)
 * @property {number} [attackMs] time above `on` before speaking starts
 * @property {number} [releaseMs] time below `off` before speaking stops
 * @property {number} [switchMs] time a challenger must be louder to become the loudest speaker
 * @property {number} [margin] how much louder (level units) a challenger must be
 * @property {number} [smoothMs] time constant of the loudness average used to compare speakers
 *
 * @typedef {{level: number, smooth: number, speaking: boolean, since: number|null, at: number}} Track
 * @typedef {{speaking: string[], dominant: string|null}} SpeakerChange
 */

export class SpeakerDetector {
  /** @param {DetectorOptions} [o] */
  constructor(o = {}) {
    this.on = o.on ?? 0.45;
    this.off = o.off ?? 0.33;
    this.attackMs = o.attackMs ?? 150;
    this.releaseMs = o.releaseMs ?? 800;
    this.switchMs = o.switchMs ?? 700;
    this.margin = o.margin ?? 0.06;
    this.smoothMs = o.smoothMs ?? 400;
    if (!(this.off < this.on)) throw new RangeError('off must be lower than on');
    /** @type {Map<string, Track>} */
    this._tracks = new Map();
    /** @type {string|null} */
    this._dominant = null;
    /** @type {{id: string, since: number}|null} a louder speaker waiting to take over */
    this._challenger = null;
  }

  /**
   * Feeds one round of levels. Participants missing from `levels` are forgotten.
   * @param {Map<string, number>|Record<string, number>} levels id → level 0..1
   * @param {number} now ms (monotonic)
   * @returns {SpeakerChange|null} the new state when who speaks or who is loudest changed
   */
  update(levels, now) {
    const map = levels instanceof Map ? levels : new Map(Object.entries(levels));
    const before = this._signature();
    for (const id of [...this._tracks.keys()]) if (!map.has(id)) this._tracks.delete(id);
    for (const [id, raw] of map) {
      const level = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
      let t = this._tracks.get(id);
      if (!t) {
        t = { level, smooth: level, speaking: false, since: null, at: now };
        this._tracks.set(id, t);
      }
      const dt = Math.max(0, now - t.at);
      const k = 1 - Math.exp(-dt / this.smoothMs);
      t.smooth += (level - t.smooth) * k;
      t.level = level;
      t.at = now;
      this._step(t, now);
    }
    this._pickDominant(now);
    const after = this._signature();
    return after === before ? null : this.state();
  }

  /**
   * @param {Track} t
   * @param {number} now
   */
  _step(t, now) {
    // `since`: when the level crossed the threshold that would flip the state.
    const crossing = t.speaking ? t.level < this.off : t.level >= this.on;
    if (!crossing) {
      t.since = null;
      return;
    }
    t.since ??= now;
    if (now - t.since >= (t.speaking ? this.releaseMs : this.attackMs)) {
      t.speaking = !t.speaking;
      t.since = null;
    }
  }

  /** @param {number} now */
  _pickDominant(now) {
    const speakers = [...this._tracks].filter(([, t]) => t.speaking);
    if (speakers.length === 0) {
      this._dominant = null;
      this._challenger = null;
      return;
    }
    const loudest = speakers.reduce((a, b) => (b[1].smooth > a[1].smooth ? b : a));
    const current = this._dominant ? this._tracks.get(this._dominant) : undefined;
    if (!current?.speaking) {
      this._dominant = loudest[0];
      this._challenger = null;
      return;
    }
    if (loudest[0] === this._dominant || loudest[1].smooth < current.smooth + this.margin) {
      this._challenger = null;
      return;
    }
    if (this._challenger?.id !== loudest[0]) this._challenger = { id: loudest[0], since: now };
    if (now - this._challenger.since >= this.switchMs) {
      this._dominant = loudest[0];
      this._challenger = null;
    }
  }

  _signature() {
    const ids = [...this._tracks].filter(([, t]) => t.speaking).map(([id]) => id);
    return `${ids.sort().join(',')}|${this._dominant ?? ''}`;
  }

  /** @returns {SpeakerChange} */
  state() {
    return {
      speaking: [...this._tracks].filter(([, t]) => t.speaking).map(([id]) => id),
      dominant: this._dominant,
    };
  }

  /** @param {string} id */
  isSpeaking(id) {
    return this._tracks.get(id)?.speaking ?? false;
  }

  /** @returns {string|null} the loudest current speaker */
  get dominant() {
    return this._dominant;
  }

  /** @param {string} id @returns {number} the last level fed for `id` */
  level(id) {
    return this._tracks.get(id)?.level ?? 0;
  }
}
