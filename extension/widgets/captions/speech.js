// @ts-check
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);
/**
 * Speech captions through the browser's Web Speech API (`SpeechRecognition`, prefixed
 * `webkitSpeechRecognition` in older Chrome). Chrome recognises speech on Google's servers
 * unless the device holds the language for on-device recognition (Chrome 139+
 * `processLocally`); without those servers it answers `network`. Every error that means "this
 * will not work here" ends in the `unavailable` state with a reason for the user, who can
 * still type captions.
 *
 * Where the browser allows, recognition listens to the call's own microphone track (so muting
 * in the call mutes the captions too); older browsers open the default microphone themselves.
 */

/**
 * @typedef {'off'|'starting'|'listening'|'unavailable'} SpeechState
 * @typedef {{state: SpeechState, reason?: string, onDevice?: boolean}} SpeechStatus
 */

/** Errors after which trying again at once is pointless, with what to tell the user. */
const FATAL = /** @type {Record<string, string>} */ ({
  network: 'speech.network',
  'not-allowed': 'speech.not-allowed',
  'service-not-allowed': 'speech.service-not-allowed',
  'language-not-supported': 'speech.language-not-supported',
  'audio-capture': 'speech.audio-capture',
  'bad-grammar': 'speech.failed',
  'phrases-not-supported': 'speech.failed',
});
/** Recognition ends by itself after silence; it is restarted at most this often per minute. */
const MAX_RESTARTS_PER_MIN = 12;

/**
 * @param {any} [g] the global object
 * @returns {any} the SpeechRecognition constructor, or null
 */
export function recognitionClass(g = globalThis) {
  return g?.SpeechRecognition ?? g?.webkitSpeechRecognition ?? null;
}

export class SpeechCaptions {
  /**
   * @param {{
   *   lang: () => string,
   *   track: () => MediaStreamTrack|null,
   *   onText: (text: string, final: boolean) => void,
   *   onStatus: (s: SpeechStatus) => void,
   *   global?: any,
   *   now?: () => number,
   * }} o
   */
  constructor(o) {
    this._o = o;
    this._SR = recognitionClass(o.global ?? globalThis);
    this._now = o.now ?? Date.now;
    /** @type {any} */
    this._rec = null;
    this._wanted = false;
    /** @type {number[]} */
    this._restarts = [];
    /** @type {SpeechStatus} */
    this.status = this._SR ? { state: 'off' } : { state: 'unavailable', reason: tr('speech.none') };
  }

  get supported() {
    return !!this._SR;
  }

  /** @param {SpeechStatus} s */
  _set(s) {
    this.status = s;
    this._o.onStatus(s);
  }

  /** Starts listening (call it from a click: browsers may ask for the microphone). */
  async start() {
    if (!this._SR) return this._set(this.status);
    this._wanted = true;
    this._restarts = [];
    this._set({ state: 'starting' });
    await this._begin();
  }

  stop() {
    this._wanted = false;
    const r = this._rec;
    this._rec = null;
    try {
      r?.abort();
    } catch {
      /* already ended */
    }
    if (this.status.state !== 'unavailable') this._set({ state: 'off' });
  }

  async _begin() {
    const SR = this._SR;
    const lang = this._o.lang();
    const r = new SR();
    r.lang = lang;
    r.continuous = true;
    r.interimResults = true;
    r.maxAlternatives = 1;
    let onDevice = false;
    // On-device recognition keeps the voice on this computer: use it when the language is there.
    if (typeof SR.available === 'function' && 'processLocally' in r) {
      try {
        onDevice = (await SR.available({ langs: [lang], processLocally: true })) === 'available';
      } catch {
        onDevice = false;
      }
      if (onDevice) r.processLocally = true;
    }
    if (!this._wanted) return;
    this._rec = r;
    r.onstart = () => {
      if (this._rec === r) this._set({ state: 'listening', onDevice });
    };
    r.onresult = (/** @type {any} */ e) => {
      if (this._rec !== r) return;
      let interim = '';
      for (let i = e.resultIndex; i < e.results.length; i++) {
        const res = e.results[i];
        const text = String(res[0]?.transcript ?? '');
        if (res.isFinal) this._o.onText(text, true);
        else interim += text;
      }
      if (interim) this._o.onText(interim, false);
    };
    r.onerror = (/** @type {any} */ e) => {
      if (this._rec !== r) return;
      const why = FATAL[e.error];
      if (!why) return; // no-speech, aborted: the end handler restarts
      this._wanted = false;
      this._rec = null;
      this._set({ state: 'unavailable', reason: tr(why) });
    };
    r.onend = () => {
      if (this._rec !== r) return;
      this._rec = null;
      if (!this._wanted) {
        if (this.status.state !== 'unavailable') this._set({ state: 'off' });
        return;
      }
      const now = this._now();
      this._restarts = this._restarts.filter((t) => now - t < 60_000);
      if (this._restarts.length >= MAX_RESTARTS_PER_MIN) {
        this._wanted = false;
        this._set({ state: 'unavailable', reason: tr('speech.stopping') });
        return;
      }
      this._restarts.push(now);
      this._begin().catch(() => {});
    };
    const track = this._o.track();
    try {
      // Chrome 139+ listens to the given track; older browsers ignore it and open the default
      // microphone.
      if (track) r.start(track);
      else r.start();
    } catch (err) {
      this._wanted = false;
      this._rec = null;
      const msg = String(/** @type {any} */ (err)?.message ?? err);
      this._set({ state: 'unavailable', reason: tr('speech.cannotStart', { reason: msg }) });
    }
  }
}
