// @ts-check
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);
/**
 * Who is recording, from the widget's replicated state: each recorder writes
 * `rec:<its peer id>` = `{name, since}` when it starts and removes it when it stops. Every copy
 * turns the entries into the room's "● Recording by …" pill. An entry only counts while its
 * author is in the room and wrote it itself, so a recorder that left (or timed out) stops
 * counting at once; one that reloads clears its own entry when the widget starts again.
 * Pure: no DOM, unit-tested.
 */

export const KEY_PREFIX = 'rec:';

/**
 * A recording entry as stored, checked: peers may write anything.
 * @param {unknown} v
 * @returns {{name: string, since: number}|null}
 */
export function readEntry(v) {
  const e = /** @type {any} */ (v);
  if (!e || typeof e !== 'object' || typeof e.name !== 'string') return null;
  const since = Number.isFinite(e.since) ? e.since : 0;
  return { name: e.name.slice(0, 64), since };
}

/**
 * @typedef {{peerId: string, name: string, since: number, self: boolean}} Recorder
 *
 * @param {Array<{key: string, value: unknown, author: string}>} entries the state's map entries
 * @param {{selfId: string, present: (peerId: string) => boolean, nameOf: (peerId: string) => string|undefined}} room
 * @returns {Recorder[]} the recorders that count, ours first, then by start time
 */
export function activeRecorders(entries, room) {
  /** @type {Recorder[]} */
  const out = [];
  for (const { key, value, author } of entries) {
    if (!key.startsWith(KEY_PREFIX)) continue;
    const peerId = key.slice(KEY_PREFIX.length);
    const e = readEntry(value);
    if (!e || !peerId || author !== peerId) continue;
    const self = peerId === room.selfId;
    if (!self && !room.present(peerId)) continue;
    out.push({
      peerId,
      name: room.nameOf(peerId) || e.name || tr('someone'),
      since: e.since,
      self,
    });
  }
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.since - b.since);
}

/**
 * @param {number} ms
 * @returns {string} e.g. "0:07", "12:34", "1:02:03"
 */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * @param {string[]} names
 * @returns {string} "Ada", "Ada and Bob", "Ada, Bob and Cyd", "Ada, Bob and 3 more"
 */
export function listNames(names) {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) {
    return tr('two', { a: names.slice(0, -1).join(', '), b: String(names.at(-1)) });
  }
  return tr('more', { names: names.slice(0, 2).join(', '), n: names.length - 2 });
}

/**
 * The text of the room's status pill.
 * @param {Recorder[]} recorders
 * @param {number} [ownElapsedMs] how long we have been recording (when we are)
 * @returns {string|null} null: no pill
 */
export function indicatorText(recorders, ownElapsedMs = 0) {
  if (recorders.length === 0) return null;
  const others = recorders.filter((r) => !r.self).map((r) => r.name);
  if (recorders.some((r) => r.self)) {
    const base = tr('pillOwn', { time: clock(ownElapsedMs) });
    return others.length ? tr('pillAlso', { base, names: listNames(others) }) : base;
  }
  return tr('pillBy', { names: listNames(others) });
}
