// @ts-check
import * as Y from 'yjs';
import { Emitter } from './emitter.js';
import { usvJson, usvString, utf8Length } from './codec.js';

export { utf8Length };

/**
 * Replicated state for one widget in one room — a map of keys to values and any number of ordered
 * lists — the same on every participant without a server copy. It is a view over one Yjs
 * document (`doc`): the map is the `Y.Map` named "map", list `name` is the top-level `Y.Array`
 * named "l:<name>"; built-in widgets may keep richer Yjs types (the Code widget's `Y.Text`) in the
 * same document under other names. Replication is Yjs's (see doc-sync.js): updates commute, are
 * idempotent, and garbage collection is on, so removed values leave only small tombstones.
 *
 * - map: `set(key, value)`; of two concurrent writes every copy keeps the same one; `null` deletes.
 * - lists: `append(list, value)` adds at the end; `remove(id)` deletes one item; `clear(list)`
 *   deletes every item this copy holds (items appended concurrently elsewhere stay).
 * - Every list keeps at most {@link MAX_LIST_ITEMS} items: the oldest go first.
 *
 * Values are stored with their author's peer id and clock: `{v, a, w}` in the map, `{i, v, a, w}`
 * (`i` the item id) in lists. What peers store is data: items of another shape are skipped.
 */

/** Largest JSON size of one value. */
export const MAX_VALUE_BYTES = 32 * 1024;
/** Most items a list keeps; appending more removes the oldest. */
export const MAX_LIST_ITEMS = 5_000;
const MAX_KEY = 256;
const LIST_PREFIX = 'l:';
const MAP_NAME = 'map';

/**
 * Transaction origins of changes that did not start on this page: a peer's change as it happens
 * (LIVE), state that existed before we saw it (CATCH_UP: a peer's answer to our state vector),
 * this tab's saved copy (LOADED). Plain strings, so that every bundle of the page agrees on them.
 */
export const LIVE = 'tfx:live';
export const CATCH_UP = 'tfx:catch-up';
export const LOADED = 'tfx:loaded';
/** Origins of changes that are not this page's own edits (never sent on). */
export const FOREIGN = Object.freeze([LIVE, CATCH_UP, LOADED]);

/**
 * @typedef {object} Item an item of a list, as widgets see it
 * @property {string} id stable id
 * @property {unknown} value
 * @property {string} author peer id of the author
 * @property {number} time the author's clock when it was added (ms)
 *
 * @typedef {object} Entry a map value with where it came from
 * @property {unknown} value
 * @property {string} author
 * @property {number} time
 *
 * @typedef {{keys: string[], lists: string[], local: boolean, catchUp: boolean}} ChangeEvent
 */

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

/** @param {any} x */
const isRecord = (x) =>
  !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Y.AbstractType);

/**
 * A stored map value or list item, checked (peers may store anything).
 * @param {any} x
 * @param {boolean} item whether it must carry an item id
 */
function wellFormed(x, item) {
  return (
    isRecord(x) &&
    x.v !== undefined &&
    typeof x.a === 'string' &&
    x.a.length <= 64 &&
    typeof x.w === 'number' &&
    Number.isFinite(x.w) &&
    (!item || (typeof x.i === 'string' && x.i.length > 0 && x.i.length <= 80)) &&
    jsonSize(x.v) <= MAX_VALUE_BYTES
  );
}

/**
 * Whether every stored value in a Yjs update names `author` as its author: a peer's live changes
 * must be its own. (History handed over on a late join is taken as it comes.)
 * @param {Uint8Array} update
 * @param {string} author
 */
export function updateIsBy(update, author) {
  let decoded;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return false;
  }
  for (const struct of decoded.structs) {
    const arr = /** @type {any} */ (struct).content?.arr;
    if (!Array.isArray(arr)) continue;
    for (const v of arr) if (isRecord(v) && 'a' in v && v.a !== author) return false;
  }
  return true;
}

/**
 * Events: `change` {@link ChangeEvent} after a transaction changed what `get`/`list` return
 * (`local`: made on this page; `catchUp`: older than our arrival — an answer to our state vector
 * or this tab's saved copy).
 */
export class SharedState extends Emitter {
  /**
   * @param {{author?: () => string, now?: () => number, doc?: Y.Doc}} [options]
   */
  constructor(options = {}) {
    super();
    this.doc = options.doc ?? new Y.Doc({ gc: true });
    this._author = options.author ?? (() => '');
    this._now = options.now ?? Date.now;
    this._seq = 0;
    this._map = this.doc.getMap(MAP_NAME);
    /** @type {Map<string, {items: Item[], at: Map<string, number>}>} list views, rebuilt on demand */
    this._views = new Map();
    /** @type {WeakSet<object>} stored values already checked */
    this._checked = new WeakSet();
    /** @type {Set<string>} lists over their size, trimmed after the transaction */
    this._overfull = new Set();
    this._onAfter = (/** @type {Y.Transaction} */ tr) => this._afterTransaction(tr);
    this.doc.on('afterTransaction', this._onAfter);
  }

  // ---- reading ----

  /**
   * @param {string} key
   * @returns {unknown} the value, or undefined when unset
   */
  get(key) {
    return this.entry(key)?.value;
  }

  /**
   * @param {string} key
   * @returns {Entry|undefined} the value with its author and time
   */
  entry(key) {
    const x = this._map.get(key);
    return this._ok(x, false) ? { value: x.v, author: x.a, time: x.w } : undefined;
  }

  /** @returns {string[]} keys that have a value */
  keys() {
    return [...this._map.keys()].filter((k) => this._ok(this._map.get(k), false));
  }

  /** @returns {string[]} names of the lists that have items */
  listNames() {
    const names = [];
    for (const name of this.doc.share.keys()) {
      if (name.startsWith(LIST_PREFIX) && this._view(name.slice(LIST_PREFIX.length)).items.length) {
        names.push(name.slice(LIST_PREFIX.length));
      }
    }
    return names;
  }

  /**
   * @param {string} [list]
   * @returns {Item[]} the items of a list, in the order every copy agrees on
   */
  list(list = '') {
    return this._view(list).items.slice();
  }

  /** Number of items in every list together. */
  get size() {
    let n = 0;
    for (const name of this.doc.share.keys()) {
      if (name.startsWith(LIST_PREFIX)) n += this._array(name.slice(LIST_PREFIX.length)).length;
    }
    return n;
  }

  // ---- writing ----

  /**
   * @param {string} key 1–256 characters
   * @param {unknown} value any JSON value up to 32 KiB; null or undefined removes the key
   */
  set(key, value) {
    checkName(key, 'key');
    if (value === undefined || value === null) {
      if (this._map.has(key)) this._map.delete(key);
      return;
    }
    this._map.set(key, this._stamp(value));
  }

  /**
   * @param {string} list list name ('' is the default list)
   * @param {unknown} value any JSON value up to 32 KiB
   * @returns {string} the new item's id
   */
  append(list, value) {
    checkName(list, 'list', true);
    if (value === undefined) throw new TypeError('cannot append undefined');
    const stamped = this._stamp(value);
    const id = `${this.doc.clientID.toString(36)}.${(++this._seq).toString(36)}`;
    const arr = this._array(list);
    this.doc.transact(() => {
      arr.push([{ i: id, ...stamped }]);
      if (arr.length > MAX_LIST_ITEMS) arr.delete(0, arr.length - MAX_LIST_ITEMS);
    });
    return id;
  }

  /** @param {string} id an item id from `list()` or `append()` */
  remove(id) {
    if (typeof id !== 'string' || !id) throw new TypeError('item id expected');
    for (const name of this.doc.share.keys()) {
      if (!name.startsWith(LIST_PREFIX)) continue;
      const list = name.slice(LIST_PREFIX.length);
      const at = this._view(list).at.get(id);
      if (at !== undefined) {
        this._array(list).delete(at, 1);
        return;
      }
    }
  }

  /** @param {string} [list] */
  clear(list = '') {
    checkName(list, 'list', true);
    const arr = this._array(list);
    if (arr.length) arr.delete(0, arr.length);
  }

  // ---- replication ----

  /** @returns {Uint8Array} the whole state, e.g. to keep this tab's copy */
  encode() {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /**
   * Merges a copy from `encode()` (this tab's, saved before a reload) as catch-up.
   * @param {Uint8Array|null} bytes
   * @returns {boolean} whether it could be read
   */
  load(bytes) {
    if (!bytes || bytes.length === 0) return false;
    try {
      Y.applyUpdate(this.doc, bytes, LOADED);
      return true;
    } catch {
      return false;
    }
  }

  destroy() {
    this.doc.off('afterTransaction', this._onAfter);
  }

  // ---- internals ----

  /** @param {unknown} value */
  _stamp(value) {
    const size = jsonSize(value);
    if (size > MAX_VALUE_BYTES) {
      throw new RangeError(`value larger than ${MAX_VALUE_BYTES} bytes of JSON`);
    }
    // as every peer will have it: Yjs carries strings as UTF-8, a lone surrogate arrives as U+FFFD
    return { v: usvJson(value), a: this._author(), w: this._now() };
  }

  /** @param {string} list */
  _array(list) {
    return this.doc.getArray(LIST_PREFIX + list);
  }

  /**
   * @param {any} x
   * @param {boolean} item
   * @returns {boolean}
   */
  _ok(x, item) {
    if (!isRecord(x)) return false;
    if (this._checked.has(x)) return true;
    if (!wellFormed(x, item)) return false;
    this._checked.add(x);
    return true;
  }

  /** @param {string} list */
  _view(list) {
    let view = this._views.get(list);
    if (!view) {
      /** @type {Item[]} */
      const items = [];
      /** @type {Map<string, number>} */
      const at = new Map();
      this._array(list)
        .toArray()
        .forEach((x, index) => {
          if (!this._ok(x, true) || at.has(x.i)) return;
          at.set(x.i, index);
          items.push({ id: x.i, value: x.v, author: x.a, time: x.w });
        });
      view = { items, at };
      this._views.set(list, view);
    }
    return view;
  }

  /** @param {Y.Transaction} tr */
  _afterTransaction(tr) {
    /** @type {string[]} */
    let keys = [];
    /** @type {string[]} */
    const lists = [];
    for (const [type, subs] of tr.changed) {
      if (/** @type {unknown} */ (type) === this._map) {
        keys = [...subs].filter((k) => typeof k === 'string');
        continue;
      }
      const name = /** @type {any} */ (type)._item === null ? topLevelName(this.doc, type) : null;
      if (name === null || !name.startsWith(LIST_PREFIX)) continue;
      const list = name.slice(LIST_PREFIX.length);
      this._views.delete(list);
      lists.push(list);
      if (/** @type {Y.Array<unknown>} */ (type).length > MAX_LIST_ITEMS) this._overfull.add(list);
    }
    if (this._overfull.size) queueMicrotask(() => this._trim());
    if (keys.length || lists.length) {
      this.emit('change', {
        keys,
        lists,
        local: tr.local,
        catchUp: tr.origin === CATCH_UP || tr.origin === LOADED,
      });
    }
  }

  /** Lists that peers filled beyond the limit lose their oldest items here too. */
  _trim() {
    const lists = [...this._overfull];
    this._overfull.clear();
    this.doc.transact(() => {
      for (const list of lists) {
        const arr = this._array(list);
        if (arr.length > MAX_LIST_ITEMS) arr.delete(0, arr.length - MAX_LIST_ITEMS);
      }
    });
  }
}

/**
 * @param {Y.Doc} doc
 * @param {Y.AbstractType<any>} type a top-level type
 * @returns {string|null}
 */
function topLevelName(doc, type) {
  for (const [name, t] of doc.share) if (t === type) return name;
  return null;
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
  if (usvString(name) !== name) throw new TypeError(`${what} must not hold a lone surrogate`);
}
