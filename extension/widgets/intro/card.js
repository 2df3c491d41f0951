// @ts-check
/**
 * Introduction cards as data: the shape kept in the widget's shared state, how a card from a
 * peer is checked, and the small decisions about when a card pops up. No DOM here, so it is
 * unit-tested with node (test/intro-card.test.js).
 *
 * A participant's card lives under the key `card:<peerId>` of the widget's state:
 * `{role, about, color}`. Only the participant itself may write it: a card is shown only when
 * the entry's author is the peer the key names. The name on a card is always the participant's
 * current display name from the session, never something stored in the card.
 */
import { cleanText } from '../../lib/sdk/codec.js';

export const CARD_PREFIX = 'card:';
/** Longest role and "about" line, in characters (code points). */
export const LIMITS = Object.freeze({ role: 60, about: 160 });
/** A stored field longer than this (UTF-16 units) makes the whole card invalid. */
const MAX_RAW = 1000;

/** The colours a card may have; CSS styles `[data-color="<id>"]`. */
export const COLORS = Object.freeze([
  { id: 'indigo', label: 'Indigo' },
  { id: 'violet', label: 'Violet' },
  { id: 'sky', label: 'Sky blue' },
  { id: 'teal', label: 'Teal' },
  { id: 'green', label: 'Green' },
  { id: 'amber', label: 'Amber' },
  { id: 'coral', label: 'Coral' },
  { id: 'pink', label: 'Pink' },
]);
const COLOR_IDS = new Set(COLORS.map((c) => c.id));

/**
 * @typedef {{role: string, about: string, color: string}} Card
 * @typedef {{value: unknown, author: string, time: number}} Entry
 */

/** @param {string} peerId */
export const cardKey = (peerId) => `${CARD_PREFIX}${peerId}`;

/**
 * @param {string} key
 * @returns {string|null} the peer id a card key names
 */
export function peerOfKey(key) {
  return typeof key === 'string' && key.startsWith(CARD_PREFIX) && key.length > CARD_PREFIX.length
    ? key.slice(CARD_PREFIX.length)
    : null;
}

/**
 * One line of card text as it is shown: cleaned like display names (no control or bidi
 * characters, one line, trimmed) and cut to `max` code points.
 * @param {unknown} raw
 * @param {number} max
 */
export function cleanField(raw, max) {
  if (typeof raw !== 'string') return '';
  const cps = [...cleanText(raw)];
  return cps.length <= max ? cps.join('') : cps.slice(0, max).join('').trimEnd();
}

/**
 * A stable default colour for a participant, so cards without a choice still differ.
 * @param {string} peerId
 */
export function defaultColor(peerId) {
  let h = 0x811c9dc5; // FNV-1a
  for (const c of String(peerId)) h = Math.imul(h ^ (c.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0; // mix the high bits into the low ones
  return COLORS[((h ^ (h >>> 16)) >>> 0) % COLORS.length].id;
}

/**
 * The card to store for what a participant typed, or null when there is nothing to show.
 * @param {{role?: unknown, about?: unknown, color?: unknown}} input
 * @returns {Card|null}
 */
export function makeCard(input) {
  const role = cleanField(input.role, LIMITS.role);
  const about = cleanField(input.about, LIMITS.about);
  if (!role && !about) return null;
  const color = typeof input.color === 'string' && COLOR_IDS.has(input.color) ? input.color : '';
  return { role, about, color };
}

/**
 * Checks a card entry from the shared state. Peers may write anything under any key, so a card
 * counts only when its author is the participant the key names and its value has the right
 * shape; text is cleaned and cut to the limits.
 * @param {Entry|undefined|null} entry
 * @param {string} peerId the participant the key names
 * @returns {Card|null}
 */
export function readCard(entry, peerId) {
  if (!entry || typeof peerId !== 'string' || !peerId || entry.author !== peerId) return null;
  const v = /** @type {any} */ (entry.value);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  for (const f of ['role', 'about']) {
    if (v[f] !== undefined && (typeof v[f] !== 'string' || v[f].length > MAX_RAW)) return null;
  }
  const card = makeCard(v);
  if (!card) return null;
  return { ...card, color: card.color || defaultColor(peerId) };
}

/** @param {Card|null} a @param {Card|null} b */
export function sameCard(a, b) {
  return a === b || (!!a && !!b && a.role === b.role && a.about === b.about && a.color === b.color);
}

/** How long after someone joins (or after we join) an arriving card still counts as "on join". */
export const JOIN_WINDOW_MS = 20_000;

/**
 * Remembers who is "just arriving": the card of such a participant pops up once, when it is
 * (or becomes) available. Time is passed in, so the rules are testable without timers.
 */
export class JoinWindows {
  constructor(windowMs = JOIN_WINDOW_MS) {
    this.windowMs = windowMs;
    /** @type {Map<string, number>} peer id → until when its card counts as arriving */
    this._until = new Map();
    /** until when every participant counts as arriving (we just joined) */
    this._allUntil = -Infinity;
    /** @type {Set<string>} participants whose card already popped up for this arrival */
    this._taken = new Set();
  }

  /** We joined: everyone here is new to us. @param {number} now */
  selfJoined(now) {
    this._allUntil = now + this.windowMs;
  }

  /** @param {string} peerId @param {number} now */
  peerJoined(peerId, now) {
    this._until.set(peerId, now + this.windowMs);
    this._taken.delete(peerId);
  }

  /** @param {string} peerId */
  peerLeft(peerId) {
    this._until.delete(peerId);
    this._taken.delete(peerId);
  }

  /**
   * Cards already shown in an earlier life of this page (before a reload): not again.
   * @param {Iterable<string>} peerIds
   */
  markShown(peerIds) {
    for (const id of peerIds) this._taken.add(id);
  }

  /**
   * Whether the card of this participant should pop up now; a yes is given once per arrival.
   * @param {string} peerId
   * @param {number} now
   */
  take(peerId, now) {
    if (this._taken.has(peerId)) return false;
    const until = Math.max(this._until.get(peerId) ?? -Infinity, this._allUntil);
    if (now > until) return false;
    this._taken.add(peerId);
    return true;
  }
}
