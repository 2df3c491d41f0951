// @ts-check
/**
 * What the captions widget exchanges, checked, and the board of who is saying what right now.
 * No DOM here (unit-tested in test/captions.test.js).
 *
 * On the wire (see README.md in this folder):
 * - message `{live: {id, text, lang, via}}`: the caption being spoken or typed, replaced as it
 *   grows; `text: ''` takes it away;
 * - list `captions` in the shared state: finished captions `{id, text, lang, name, via}`, so a
 *   late joiner gets the transcript; `id` is the live caption's id;
 * - key `lang:<peerId>`: the language that participant speaks and reads.
 */
import { cleanLanguage } from '../../ui/widgets/language.js';

export const LIST = 'captions';
export const LANG_PREFIX = 'lang:';
/** Longest caption, in characters; longer speech goes out as several captions. */
export const MAX_TEXT = 500;
/** Finished captions each participant keeps in the shared transcript. */
export const KEEP_OWN = 100;
/** A live caption nobody updated for this long is gone (its author left or went quiet). */
export const LIVE_TTL_MS = 8_000;
/** A finished caption stays on the speaker's tile this long. */
export const HOLD_MS = 5_000;

const ID = /^[A-Za-z0-9_-]{1,40}$/;
/** @param {unknown} v */
const via = (v) => (v === 'speech' ? 'speech' : 'typed');

/**
 * @typedef {{id: string, text: string, lang: string|null, via: 'typed'|'speech'}} Live
 * @typedef {Live & {name: string}} Final
 */

/**
 * @param {unknown} payload a widget message from a peer
 * @returns {Live|null}
 */
export function readLive(payload) {
  const l = /** @type {any} */ (payload)?.live;
  if (!l || typeof l !== 'object' || typeof l.id !== 'string' || !ID.test(l.id)) return null;
  if (typeof l.text !== 'string') return null;
  return {
    id: l.id,
    text: l.text.slice(0, MAX_TEXT),
    lang: cleanLanguage(l.lang),
    via: via(l.via),
  };
}

/**
 * @param {unknown} value an item of the `captions` list
 * @returns {Final|null}
 */
export function readFinal(value) {
  const v = /** @type {any} */ (value);
  if (!v || typeof v !== 'object' || typeof v.id !== 'string' || !ID.test(v.id)) return null;
  if (typeof v.text !== 'string' || !v.text.trim()) return null;
  return {
    id: v.id,
    text: v.text.slice(0, MAX_TEXT),
    lang: cleanLanguage(v.lang),
    name: typeof v.name === 'string' ? v.name.slice(0, 64) : '',
    via: via(v.via),
  };
}

/**
 * Cuts what someone said into captions of at most MAX_TEXT characters, at word boundaries.
 * @param {string} text
 * @returns {string[]}
 */
export function captionPieces(text) {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const out = [];
  let rest = clean;
  while (rest.length > MAX_TEXT) {
    const cut = rest.lastIndexOf(' ', MAX_TEXT);
    const at = cut > MAX_TEXT / 2 ? cut : MAX_TEXT;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** @returns {string} a fresh caption id */
export function captionId() {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(36).padStart(2, '0')).join('');
}

/**
 * Who is captioning what: each speaker's live caption, and which captions are finished (a late
 * live update of a finished caption — messages and state travel separately — is ignored).
 */
export class CaptionBoard {
  constructor() {
    /** @type {Map<string, Live & {at: number}>} speaker → live caption */
    this._live = new Map();
    /** @type {Map<string, {id: string, at: number}>} speaker → their last finished caption */
    this._last = new Map();
    /** @type {Set<string>} ids of finished captions */
    this._done = new Set();
  }

  /**
   * A live update from `speaker`.
   * @param {string} speaker
   * @param {Live} live
   * @param {number} now
   * @returns {boolean} whether something changed
   */
  live(speaker, live, now) {
    if (this._done.has(live.id)) return false;
    const before = this._live.get(speaker);
    if (!live.text.trim()) {
      if (!before || before.id !== live.id) return false;
      this._live.delete(speaker);
      return true;
    }
    if (before && before.id === live.id && before.text === live.text) {
      before.at = now;
      return false;
    }
    this._live.set(speaker, { ...live, at: now });
    return true;
  }

  /**
   * A caption became final (it arrived in the shared list).
   * @param {string} speaker
   * @param {string} id
   * @param {number} now
   * @param {boolean} fresh it arrived just now (not history): show it on the tile for a while
   */
  finish(speaker, id, now, fresh) {
    this._done.add(id);
    if (this._live.get(speaker)?.id === id) this._live.delete(speaker);
    if (fresh) this._last.set(speaker, { id, at: now });
  }

  /**
   * Forgets live captions nobody updated for LIVE_TTL_MS and finished ones older than HOLD_MS.
   * @param {number} now
   * @returns {boolean} whether something went
   */
  expire(now) {
    let changed = false;
    for (const [speaker, l] of this._live) {
      if (now - l.at > LIVE_TTL_MS) {
        this._live.delete(speaker);
        changed = true;
      }
    }
    for (const [speaker, l] of this._last) {
      if (now - l.at > HOLD_MS) {
        this._last.delete(speaker);
        changed = true;
      }
    }
    return changed;
  }

  /** @param {string} speaker */
  drop(speaker) {
    this._live.delete(speaker);
    this._last.delete(speaker);
  }

  /** @returns {Array<[string, Live]>} the live captions, by speaker */
  lives() {
    return [...this._live].map(([s, l]) => [
      s,
      { id: l.id, text: l.text, lang: l.lang, via: l.via },
    ]);
  }

  /**
   * What to show on a speaker's tile: their live caption, else their last finished one while it
   * is fresh.
   * @param {string} speaker
   * @returns {{kind: 'live', live: Live}|{kind: 'final', id: string}|null}
   */
  onTile(speaker) {
    const l = this._live.get(speaker);
    if (l) return { kind: 'live', live: { id: l.id, text: l.text, lang: l.lang, via: l.via } };
    const f = this._last.get(speaker);
    return f ? { kind: 'final', id: f.id } : null;
  }

  /** @returns {string[]} speakers with something on their tile */
  speakers() {
    return [...new Set([...this._live.keys(), ...this._last.keys()])];
  }
}

/**
 * The ids of `author`'s oldest finished captions beyond `keep` (the author trims its own).
 * @param {Array<{id: string, author: string}>} items the `captions` list
 * @param {string} author
 * @param {number} [keep]
 */
export function excessOwn(items, author, keep = KEEP_OWN) {
  const own = items.filter((i) => i.author === author);
  return own.slice(0, Math.max(0, own.length - keep)).map((i) => i.id);
}
