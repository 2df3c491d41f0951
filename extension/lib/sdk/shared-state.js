// @ts-check
import { Emitter } from './emitter.js';
import { utf8Length } from './codec.js';

export { utf8Length };

/**
 * Replicated state for one widget in one room: a last-writer-wins **map** and ordered **lists**,
 * the same on every participant without a server copy.
 *
 * Every change is an operation stamped with the replica that made it (one random id per page
 * load), a per-replica sequence number and a Lamport time. Operations commute: applying the same
 * set in any order gives the same state, so peers only have to exchange the operations the other
 * side lacks (see state-sync.js). What each side has is summed up by a version vector: for every
 * replica, the highest sequence number up to which nothing is missing.
 *
 * - map: `set(key, value)`; the write with the highest (lamport, replica) wins; `null` deletes.
 * - lists: `append(list, value)` adds an item ordered by (lamport, replica, seq); `remove(id)`
 *   hides one item for good; `clear(list)` hides every item the clearing peer could have seen.
 *
 * Operations that no longer matter (an overwritten map value, a removed or cleared item) are
 * dropped from memory; their tombstones stay, so a late copy of them stays hidden.
 */

/** Largest JSON size of one value. Larger values are refused (locally) or dropped (remote). */
export const MAX_VALUE_BYTES = 32 * 1024;
/** Most operations one state keeps; more from peers are dropped (a flood guard). */
export const MAX_OPS = 20_000;
const MAX_KEY = 256;
const MAX_ID = 32;

/**
 * @typedef {'set'|'add'|'del'|'clr'} OpType
 * @typedef {object} Op
 * @property {string} r replica id
 * @property {number} s sequence number within the replica (1, 2, …)
 * @property {number} l Lamport time
 * @property {string} a author's peer id, as the author knew it
 * @property {number} w author's clock (ms since 1970), for display only
 * @property {OpType} t
 * @property {string} [k] map key (set) or list name (add, clr)
 * @property {unknown} [v] value (set, add)
 * @property {string} [i] id of the removed item (del)
 *
 * @typedef {object} Item an item of a list, as widgets see it
 * @property {string} id stable id, `<replica>:<seq>`
 * @property {unknown} value
 * @property {string} author peer id of the author
 * @property {number} time the author's clock when it was added (ms)
 *
 * @typedef {object} Entry a map value with where it came from
 * @property {unknown} value
 * @property {string} author
 * @property {number} time
 *
 * @typedef {Record<string, number>} VersionVector
 * @typedef {{ops: Op[], vv: VersionVector}} Snapshot
 */

/** @param {Op} op */
export const opId = (op) => `${op.r}:${op.s}`;

/**
 * @param {Op} a
 * @param {Op} b
 * @returns {number} negative when a comes first
 */
function order(a, b) {
  return a.l - b.l || (a.r < b.r ? -1 : a.r > b.r ? 1 : 0) || a.s - b.s;
}

/**
 * Bytes of JSON a value takes on the wire.
 * @param {unknown} v
 */
export function jsonSize(v) {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? Infinity : utf8Length(s);
  } catch {
    return Infinity;
  }
}

/**
 * Checks the shape of an operation from another peer.
 * @param {any} op
 * @returns {op is Op}
 */
export function isValidOp(op) {
  if (!op || typeof op !== 'object' || Array.isArray(op)) return false;
  const { r, s, l, a, w, t } = op;
  if (typeof r !== 'string' || r.length < 1 || r.length > MAX_ID) return false;
  if (!Number.isSafeInteger(s) || s < 1) return false;
  if (!Number.isSafeInteger(l) || l < 1) return false;
  if (typeof a !== 'string' || a.length > 64) return false;
  if (typeof w !== 'number' || !Number.isFinite(w)) return false;
  switch (t) {
    case 'set':
      return (
        typeof op.k === 'string' && op.k.length <= MAX_KEY && jsonSize(op.v) <= MAX_VALUE_BYTES
      );
    case 'add':
      return (
        typeof op.k === 'string' &&
        op.k.length <= MAX_KEY &&
        op.v !== undefined &&
        jsonSize(op.v) <= MAX_VALUE_BYTES
      );
    case 'del':
      return typeof op.i === 'string' && op.i.length <= 2 * MAX_ID + 16;
    case 'clr':
      return typeof op.k === 'string' && op.k.length <= MAX_KEY;
    default:
      return false;
  }
}

/** A fresh random replica id (12 characters, base 36). */
export function newReplicaId() {
  const b = new Uint8Array(8);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 12);
}

/**
 * Where integrated operations come from: made on this page (`local`), a peer's change as it
 * happens (`live`), or state that existed before we saw it (`catch-up`: a peer's answer to our
 * version vector, or this tab's saved copy).
 * @typedef {'local' | 'live' | 'catch-up'} Origin
 */

/**
 * Events: `change` {keys: string[], lists: string[], local: boolean, catchUp: boolean} after
 * operations changed what `get`/`list` return; `op` {op, local} for every new operation
 * (state-sync sends the local ones); `dropped` {reason, count} when operations from peers were
 * refused.
 */
export class SharedState extends Emitter {
  /**
   * @param {{replicaId?: string, author?: () => string, now?: () => number}} [options]
   */
  constructor(options = {}) {
    super();
    this.replicaId = options.replicaId ?? newReplicaId();
    this._author = options.author ?? (() => '');
    this._now = options.now ?? Date.now;
    this._seq = 0;
    this._lamport = 0;
    /** @type {Map<string, number>} highest contiguous sequence number seen per replica */
    this._vv = new Map();
    /** @type {Map<string, Set<number>>} sequence numbers seen above the contiguous prefix */
    this._ahead = new Map();
    /** @type {Map<string, Op>} winning `set` per key */
    this._map = new Map();
    /** @type {Map<string, Map<string, Op>>} live `add` items per list */
    this._lists = new Map();
    /** @type {Map<string, Op[]>} sorted view per list, rebuilt on demand */
    this._sorted = new Map();
    /** @type {Map<string, Op>} removed item ids → their `del` */
    this._removed = new Map();
    /** @type {Map<string, Op>} latest `clr` per list */
    this._cleared = new Map();
  }

  // ---- reading ----

  /**
   * @param {string} key
   * @returns {unknown} the value, or undefined when unset
   */
  get(key) {
    const op = this._map.get(key);
    return op && op.v !== null ? op.v : undefined;
  }

  /**
   * @param {string} key
   * @returns {Entry|undefined} the value with its author and time
   */
  entry(key) {
    const op = this._map.get(key);
    return op && op.v !== null ? { value: op.v, author: op.a, time: op.w } : undefined;
  }

  /** @returns {string[]} keys that have a value */
  keys() {
    return [...this._map.values()]
      .filter((op) => op.v !== null)
      .map((op) => /** @type {string} */ (op.k));
  }

  /** @returns {string[]} names of the lists that have items */
  listNames() {
    return [...this._lists].filter(([, items]) => items.size > 0).map(([name]) => name);
  }

  /**
   * @param {string} [list]
   * @returns {Item[]} the items of a list, in their agreed order
   */
  list(list = '') {
    let sorted = this._sorted.get(list);
    if (!sorted) {
      sorted = [...(this._lists.get(list)?.values() ?? [])].sort(order);
      this._sorted.set(list, sorted);
    }
    return sorted.map((op) => ({ id: opId(op), value: op.v, author: op.a, time: op.w }));
  }

  // ---- writing ----

  /**
   * @param {string} key 1–256 characters
   * @param {unknown} value any JSON value up to 32 KiB; null or undefined removes the key
   */
  set(key, value) {
    checkName(key, 'key');
    return this._local({ t: 'set', k: key, v: value === undefined ? null : value });
  }

  /**
   * @param {string} list list name ('' is the default list)
   * @param {unknown} value any JSON value up to 32 KiB
   * @returns {string} the new item's id
   */
  append(list, value) {
    checkName(list, 'list', true);
    if (value === undefined) throw new TypeError('cannot append undefined');
    return opId(this._local({ t: 'add', k: list, v: value }));
  }

  /** @param {string} id an item id from `list()` or `append()` */
  remove(id) {
    if (typeof id !== 'string' || !id) throw new TypeError('item id expected');
    this._local({ t: 'del', i: id });
  }

  /** @param {string} [list] */
  clear(list = '') {
    checkName(list, 'list', true);
    this._local({ t: 'clr', k: list });
  }

  /**
   * @param {{t: OpType, k?: string, v?: unknown, i?: string}} body
   * @returns {Op}
   */
  _local(body) {
    if ('v' in body && jsonSize(body.v) > MAX_VALUE_BYTES) {
      throw new RangeError(`value larger than ${MAX_VALUE_BYTES} bytes of JSON`);
    }
    if ('v' in body) body.v = JSON.parse(JSON.stringify(body.v));
    const op = /** @type {Op} */ ({
      r: this.replicaId,
      s: ++this._seq,
      l: this._lamport + 1,
      a: this._author(),
      w: this._now(),
      ...body,
    });
    this.integrate([op], 'local');
    return op;
  }

  // ---- replication ----

  /**
   * Applies operations (from peers, from storage, or local ones). Unknown, duplicate and
   * malformed operations are skipped; applying the same operations twice changes nothing.
   * @param {unknown[]} ops
   * @param {Origin} [origin]
   * @returns {number} how many were new
   */
  integrate(ops, origin = 'live') {
    const local = origin === 'local';
    const keys = new Set();
    const lists = new Set();
    let fresh = 0;
    let invalid = 0;
    for (const op of ops) {
      if (!isValidOp(op)) {
        invalid++;
        continue;
      }
      if (this._seen(op)) continue;
      if (!local && this.size >= MAX_OPS) {
        this.emit('dropped', { reason: 'full', count: 1 });
        continue;
      }
      this._markSeen(op);
      this._lamport = Math.max(this._lamport, op.l);
      fresh++;
      this._apply(op, keys, lists);
      this.emit('op', { op, local });
    }
    if (invalid) this.emit('dropped', { reason: 'invalid', count: invalid });
    for (const l of lists) this._sorted.delete(l);
    if (keys.size || lists.size) {
      this.emit('change', {
        keys: [...keys],
        lists: [...lists],
        local,
        catchUp: origin === 'catch-up',
      });
    }
    return fresh;
  }

  /**
   * @param {Op} op
   * @param {Set<string>} keys changed keys (out)
   * @param {Set<string>} lists changed lists (out)
   */
  _apply(op, keys, lists) {
    const key = /** @type {string} */ (op.k);
    switch (op.t) {
      case 'set': {
        const cur = this._map.get(key);
        if (!cur || order(cur, op) < 0) {
          this._map.set(key, op);
          keys.add(key);
        }
        break;
      }
      case 'add': {
        const id = opId(op);
        const cleared = this._cleared.get(key);
        if (this._removed.has(id) || (cleared && op.l < cleared.l)) break;
        let items = this._lists.get(key);
        if (!items) this._lists.set(key, (items = new Map()));
        items.set(id, op);
        lists.add(key);
        break;
      }
      case 'del': {
        const id = /** @type {string} */ (op.i);
        if (this._removed.has(id)) break;
        this._removed.set(id, op);
        for (const [name, items] of this._lists) {
          if (items.delete(id)) lists.add(name);
        }
        break;
      }
      case 'clr': {
        const cur = this._cleared.get(key);
        if (cur && order(cur, op) >= 0) break;
        this._cleared.set(key, op);
        const items = this._lists.get(key);
        if (!items) break;
        for (const [id, item] of items) {
          if (item.l < op.l) {
            items.delete(id);
            lists.add(key);
          }
        }
        break;
      }
    }
  }

  /** @param {Op} op */
  _seen(op) {
    return op.s <= (this._vv.get(op.r) ?? 0) || !!this._ahead.get(op.r)?.has(op.s);
  }

  /** @param {Op} op */
  _markSeen(op) {
    let top = this._vv.get(op.r) ?? 0;
    if (op.s !== top + 1) {
      let ahead = this._ahead.get(op.r);
      if (!ahead) this._ahead.set(op.r, (ahead = new Set()));
      ahead.add(op.s);
      return;
    }
    top = op.s;
    const ahead = this._ahead.get(op.r);
    while (ahead?.delete(top + 1)) top++;
    if (ahead && ahead.size === 0) this._ahead.delete(op.r);
    this._vv.set(op.r, top);
  }

  /** @returns {VersionVector} */
  versionVector() {
    return Object.fromEntries(this._vv);
  }

  /**
   * Takes a peer's version vector as our own where it is ahead: the peer has sent us every
   * operation it keeps beyond what we had, and the ones it no longer keeps are superseded.
   * @param {VersionVector} vv
   */
  acknowledge(vv) {
    for (const [r, s] of Object.entries(vv)) {
      // Our own replica's numbers are ours alone to hand out.
      if (r === this.replicaId || !Number.isSafeInteger(s) || s < 1 || r.length > MAX_ID) continue;
      if (s > (this._vv.get(r) ?? 0)) {
        this._vv.set(r, s);
        const ahead = this._ahead.get(r);
        if (ahead) {
          for (const x of ahead) if (x <= s) ahead.delete(x);
          let top = s;
          while (ahead.delete(top + 1)) top++;
          this._vv.set(r, top);
          if (ahead.size === 0) this._ahead.delete(r);
        }
      }
    }
  }

  /**
   * @param {VersionVector} vv what the other side has
   * @returns {boolean} whether the other side has operations we have not seen
   */
  lacks(vv) {
    return Object.entries(vv).some(
      ([r, s]) => Number.isSafeInteger(s) && s > (this._vv.get(r) ?? 0) && r.length <= MAX_ID,
    );
  }

  /**
   * The operations we keep that a peer with version vector `vv` has not seen, oldest first.
   * @param {VersionVector} vv
   * @returns {Op[]}
   */
  missing(vv) {
    const has = (/** @type {Op} */ op) => op.s <= (Number(vv[op.r]) || 0);
    return this._kept()
      .filter((op) => !has(op))
      .sort(order);
  }

  /** @returns {Op[]} every operation that still matters */
  _kept() {
    const out = [...this._map.values(), ...this._removed.values(), ...this._cleared.values()];
    for (const items of this._lists.values()) out.push(...items.values());
    return out;
  }

  /** Number of operations kept in memory. */
  get size() {
    let n = this._map.size + this._removed.size + this._cleared.size;
    for (const items of this._lists.values()) n += items.size;
    return n;
  }

  /** @returns {Snapshot} everything needed to restore this state after a reload */
  snapshot() {
    return { ops: this._kept().sort(order), vv: this.versionVector() };
  }

  /** @param {unknown} snap a value from `snapshot()` (ignored when malformed) */
  restore(snap) {
    const s = /** @type {any} */ (snap);
    if (!s || !Array.isArray(s.ops)) return;
    this.integrate(s.ops, 'catch-up');
    if (s.vv && typeof s.vv === 'object') this.acknowledge(s.vv);
  }
}

/**
 * @param {unknown} name
 * @param {string} what
 * @param {boolean} [emptyOk]
 */
function checkName(name, what, emptyOk = false) {
  if (typeof name !== 'string' || name.length > MAX_KEY || (!emptyOk && name.length === 0)) {
    throw new TypeError(`${what} must be a string of ${emptyOk ? 0 : 1}–${MAX_KEY} characters`);
  }
}
