// @ts-check
/**
 * Keeps a Yjs document (and, optionally, its awareness: cursors, who is here) the same on every
 * participant, over widget messages. No DOM here: unit-tested under node with a fake transport.
 *
 * Messages (JSON; binary parts in base64):
 * - `{t: "sv", sv, dh, re?}` — "this is what I have": the state vector and a hash of the delete
 *   set. The receiver answers with the update the sender lacks (if any) and, unless this was
 *   itself an answer (`re`), with its own `sv` when it lacks something. Sent to everyone on
 *   start and after our reconnect, to one peer when it comes back, when an update could not be
 *   applied because something before it is missing, and every ~20 s as a cheap check.
 * - `{t: "up", u, re?}` — an update: the local edits of the last ~50 ms merged into one, or an
 *   answer to an `sv` (`re`: what the room had before, applied as catch-up, not as news).
 * - `{t: "part", id, i, n, d, re?}` — part i of n of an update too large for one message (each
 *   message stays under the 48 KiB widget limit); applied once all parts arrived, in any order.
 * - `{t: "aw", u}` — an awareness update (y-protocols): cursors and selections.
 *
 * Yjs updates commute and are idempotent, so order, duplicates and the path a message takes
 * do not matter; what is lost is found by the next state-vector exchange.
 */
import * as Y from 'yjs';
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';

/** The widget message limit (JSON bytes). */
export const MAX_MESSAGE_BYTES = 48 * 1024;
/** Raw bytes per part: 40 KiB of base64 plus the envelope stays under the limit. */
export const PART_BYTES = 30 * 1024;
/** Updates up to this size (raw) travel in one message. */
const SINGLE_BYTES = PART_BYTES;
/** Most parts of one update (about 7.5 MB); more is refused. */
export const MAX_PARTS = 256;
/** Assemblies of parts kept per peer, and how long an incomplete one is kept. */
const MAX_ASSEMBLIES = 8;
const ASSEMBLY_TTL_MS = 60_000;
/** Local edits are sent at most this often, merged. */
export const FLUSH_MS = 50;
/** Cursor moves are sent at most this often. */
export const AWARENESS_MS = 80;
/** The periodic check that finds updates lost on the way. */
export const CHECK_EVERY_MS = 20_000;
/** At most one repair request per peer this often. */
const REPAIR_EVERY_MS = 2_000;

/**
 * Origins of changes this module applies (not echoed back to peers): a peer's edits as they
 * happen (REMOTE), a peer's answer to our state vector (CAUGHT_UP: what the room had before we
 * came or while we were away), this tab's saved copy (LOADED, applied by the widget).
 */
export const REMOTE = Symbol('remote');
export const CAUGHT_UP = Symbol('caught-up');
export const LOADED = Symbol('loaded');

/**
 * How an update message from a peer is applied: an answer (`re`) as catch-up, anything else live.
 * @param {any} msg an `up` or `part` message
 */
const originOf = (msg) => (msg.re === 1 ? CAUGHT_UP : REMOTE);

/**
 * @typedef {object} SyncTransport
 * @property {(to: string, msg: any) => void} send
 * @property {(msg: any) => void} broadcast
 * @property {() => string[]} peers the ids of the connected participants
 *
 * @typedef {object} SyncOptions
 * @property {SyncTransport} transport
 * @property {import('y-protocols/awareness').Awareness} [awareness]
 * @property {number} [flushMs] 0: the caller flushes (tests)
 * @property {number} [awarenessMs]
 * @property {number} [checkEveryMs] 0: no periodic check
 * @property {() => number} [now]
 */

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/**
 * @param {unknown} text
 * @returns {Uint8Array|null}
 */
export function fromBase64(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    const s = atob(text);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/**
 * 32-bit FNV-1a of bytes, as 8 hex digits.
 * @param {Uint8Array} bytes
 */
function fnv(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Reads the client ids an awareness update is about.
 * @param {Uint8Array} update
 * @returns {number[]|null} null when malformed
 */
export function awarenessClients(update) {
  let pos = 0;
  const varUint = () => {
    let n = 0;
    let mult = 1;
    for (;;) {
      if (pos >= update.length) throw new RangeError('truncated');
      const b = update[pos++];
      n += (b & 0x7f) * mult;
      if (b < 0x80) return n;
      mult *= 128;
      if (mult > 2 ** 53) throw new RangeError('too long');
    }
  };
  try {
    const count = varUint();
    if (count > 64) return null;
    const ids = [];
    for (let i = 0; i < count; i++) {
      ids.push(varUint());
      varUint(); // clock
      const len = varUint();
      pos += len;
      if (pos > update.length) return null;
    }
    return pos === update.length ? ids : null;
  } catch {
    return null;
  }
}

export class YjsSync {
  /**
   * @param {Y.Doc} doc
   * @param {SyncOptions} o
   */
  constructor(doc, o) {
    this.doc = doc;
    this.transport = o.transport;
    this.awareness = o.awareness ?? null;
    this._flushMs = o.flushMs ?? FLUSH_MS;
    this._awarenessMs = o.awarenessMs ?? AWARENESS_MS;
    this._now = o.now ?? Date.now;
    /** @type {Uint8Array[]} local updates not sent yet */
    this._pending = [];
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._flushTimer = undefined;
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._awarenessTimer = undefined;
    /** @type {Map<string, {n: number, parts: Map<number, Uint8Array>, at: number, origin: symbol}>} by `${peer}\n${id}` */
    this._assemblies = new Map();
    /** @type {Map<string, number>} peer → when we last asked it for a repair */
    this._repairs = new Map();
    /** @type {Map<number, string>} awareness client id → the peer that sent it */
    this._owners = new Map();
    this._partSeq = 0;
    this._closed = false;

    this._onUpdate = (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
      if (origin === REMOTE || origin === CAUGHT_UP || origin === LOADED || this._closed) return;
      this._pending.push(update);
      if (this._flushMs > 0 && this._flushTimer === undefined) {
        this._flushTimer = setTimeout(() => this.flush(), this._flushMs);
      }
    };
    doc.on('update', this._onUpdate);

    this._onAwareness = (
      /** @type {{added: number[], updated: number[], removed: number[]}} */ change,
      /** @type {unknown} */ origin,
    ) => {
      if (origin !== 'local' || this._closed) return;
      if (this._awarenessMs > 0) {
        this._awarenessTimer ??= setTimeout(() => this.flushAwareness(), this._awarenessMs);
      } else {
        this.flushAwareness();
      }
    };
    this.awareness?.on('update', this._onAwareness);

    const every = o.checkEveryMs ?? CHECK_EVERY_MS;
    /** @type {ReturnType<typeof setInterval>|undefined} */
    this._checkTimer = undefined;
    if (every > 0) {
      // A little jitter, so that a room's checks do not all come at once.
      this._checkTimer = setInterval(() => this.check(), every + Math.floor(Math.random() * 2000));
    }
  }

  /** Asks everyone for what we lack (on start and after our reconnect) and shows our cursor. */
  start() {
    if (this.transport.peers().length === 0) return;
    this.transport.broadcast(this._sv(false));
    this._sendAwareness(null);
  }

  /**
   * Exchanges state with one peer (it joined, or came back after a drop).
   * @param {string} peerId
   */
  syncWith(peerId) {
    this._send(peerId, this._sv(false));
    this._sendAwareness(peerId);
  }

  /**
   * Sends our cursor to one peer (it just joined).
   * @param {string} peerId
   */
  greet(peerId) {
    this._sendAwareness(peerId);
  }

  /** The periodic check: our state vector to everyone; only differences cause answers. */
  check() {
    if (this._closed || this.transport.peers().length === 0) return;
    this.flush();
    this.transport.broadcast(this._sv(false));
  }

  /** Sends the local edits made since the last flush, merged into one update. */
  flush() {
    clearTimeout(this._flushTimer);
    this._flushTimer = undefined;
    if (this._pending.length === 0) return;
    const update = this._pending.length === 1 ? this._pending[0] : Y.mergeUpdates(this._pending);
    this._pending = [];
    if (this.transport.peers().length === 0) return; // they get it from the state vectors
    this._sendUpdate(null, update);
  }

  flushAwareness() {
    clearTimeout(this._awarenessTimer);
    this._awarenessTimer = undefined;
    if (this.transport.peers().length === 0) return;
    this._sendAwareness(null);
  }

  /**
   * Feeds one message from a peer.
   * @param {string} from the sender, as stamped by the server or the data channel
   * @param {any} msg
   * @returns {boolean} whether it was a message of this protocol, well formed
   */
  handle(from, msg) {
    if (this._closed || !msg || typeof msg !== 'object') return false;
    switch (msg.t) {
      case 'sv':
        return this._onSv(from, msg);
      case 'up': {
        const u = fromBase64(msg.u);
        return u ? this._apply(from, u, originOf(msg)) : false;
      }
      case 'part':
        return this._onPart(from, msg);
      case 'aw':
        return this._onAwarenessMsg(from, msg);
      default:
        return false;
    }
  }

  /**
   * A peer left for good: its cursor goes, its half-received updates too.
   * @param {string} peerId
   */
  peerLeft(peerId) {
    const ids = [...this._owners].filter(([, p]) => p === peerId).map(([id]) => id);
    for (const id of ids) this._owners.delete(id);
    if (this.awareness && ids.length) removeAwarenessStates(this.awareness, ids, 'peer-left');
    for (const key of [...this._assemblies.keys()]) {
      if (key.startsWith(`${peerId}\n`)) this._assemblies.delete(key);
    }
    this._repairs.delete(peerId);
  }

  /**
   * @param {number} clientId an awareness client id
   * @returns {string|undefined} the peer it belongs to
   */
  ownerOf(clientId) {
    return this._owners.get(clientId);
  }

  /** Stops: sends what is pending, then listens no more. */
  close() {
    this.flush();
    this._closed = true;
    clearTimeout(this._flushTimer);
    clearTimeout(this._awarenessTimer);
    clearInterval(this._checkTimer);
    this.doc.off('update', this._onUpdate);
    this.awareness?.off('update', this._onAwareness);
    this._assemblies.clear();
  }

  // ---- internals ----

  /** @param {boolean} reply */
  _sv(reply) {
    /** @type {{t: 'sv', sv: string, dh: string, re?: 1}} */
    const m = { t: 'sv', sv: toBase64(Y.encodeStateVector(this.doc)), dh: this._deleteHash() };
    if (reply) m.re = 1;
    return m;
  }

  /** A hash of the delete set: deletions do not show in the state vector. */
  _deleteHash() {
    return fnv(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.doc)));
  }

  /**
   * @param {string} from
   * @param {any} msg
   */
  _onSv(from, msg) {
    const theirs = fromBase64(msg.sv);
    if (!theirs || typeof msg.dh !== 'string') return false;
    /** @type {Map<number, number>} */
    let their;
    try {
      their = Y.decodeStateVector(theirs);
    } catch {
      return false;
    }
    const mine = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const sameDeletes = msg.dh === this._deleteHash();
    let theyLack = !sameDeletes;
    for (const [client, clock] of mine) if ((their.get(client) ?? 0) < clock) theyLack = true;
    let weLack = !sameDeletes;
    for (const [client, clock] of their) if ((mine.get(client) ?? 0) < clock) weLack = true;
    if (theyLack) this._sendUpdate(from, Y.encodeStateAsUpdate(this.doc, theirs), true);
    if (weLack && !msg.re) this._send(from, this._sv(true));
    return true;
  }

  /**
   * @param {string} from
   * @param {Uint8Array} update
   * @param {symbol} origin REMOTE or CAUGHT_UP
   */
  _apply(from, update, origin) {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (err) {
      console.warn('code: an update from a peer could not be applied', err);
      return false;
    }
    // Something this update builds on has not arrived (lost, or still on its way): ask.
    const store = /** @type {any} */ (this.doc).store;
    if (store.pendingStructs || store.pendingDs) {
      const now = this._now();
      if (now - (this._repairs.get(from) ?? -Infinity) >= REPAIR_EVERY_MS) {
        this._repairs.set(from, now);
        this._send(from, this._sv(false));
      }
    }
    return true;
  }

  /**
   * @param {string} from
   * @param {any} msg
   */
  _onPart(from, msg) {
    const { id, i, n } = msg;
    if (typeof id !== 'string' || id.length === 0 || id.length > 32) return false;
    if (!Number.isSafeInteger(n) || n < 2 || n > MAX_PARTS) return false;
    if (!Number.isSafeInteger(i) || i < 0 || i >= n) return false;
    const data = fromBase64(msg.d);
    if (!data || data.length === 0 || data.length > PART_BYTES) return false;
    const now = this._now();
    for (const [k, a] of this._assemblies) {
      if (now - a.at > ASSEMBLY_TTL_MS) this._assemblies.delete(k);
    }
    const key = `${from}\n${id}`;
    let a = this._assemblies.get(key);
    if (!a) {
      const mine = [...this._assemblies.keys()].filter((k) => k.startsWith(`${from}\n`));
      if (mine.length >= MAX_ASSEMBLIES) this._assemblies.delete(mine[0]);
      a = { n, parts: new Map(), at: now, origin: originOf(msg) };
      this._assemblies.set(key, a);
    }
    if (a.n !== n) return false;
    a.parts.set(i, data);
    if (a.parts.size < n) return true;
    this._assemblies.delete(key);
    let size = 0;
    for (const p of a.parts.values()) size += p.length;
    const whole = new Uint8Array(size);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const p = /** @type {Uint8Array} */ (a.parts.get(k));
      whole.set(p, at);
      at += p.length;
    }
    return this._apply(from, whole, a.origin);
  }

  /**
   * @param {string} from
   * @param {any} msg
   */
  _onAwarenessMsg(from, msg) {
    if (!this.awareness) return false;
    const u = fromBase64(msg.u);
    if (!u) return false;
    const ids = awarenessClients(u);
    if (!ids || ids.length === 0) return false;
    // A peer speaks for its own cursors only: not ours, not another peer's.
    for (const id of ids) {
      const owner = this._owners.get(id);
      if (id === this.doc.clientID || (owner !== undefined && owner !== from)) return false;
    }
    // One editor per peer: a new client id (the peer reloaded) replaces the old one.
    const stale = [...this._owners]
      .filter(([id, p]) => p === from && !ids.includes(id))
      .map(([id]) => id);
    for (const id of ids) this._owners.set(id, from);
    for (const id of stale) this._owners.delete(id);
    try {
      applyAwarenessUpdate(this.awareness, u, from);
    } catch {
      return false;
    }
    if (stale.length) removeAwarenessStates(this.awareness, stale, 'replaced');
    return true;
  }

  /** @param {string|null} to a peer, or everyone */
  _sendAwareness(to) {
    const a = this.awareness;
    if (!a) return;
    const u = encodeAwarenessUpdate(a, [this.doc.clientID]);
    this._send(to, { t: 'aw', u: toBase64(u) });
  }

  /**
   * An update in one message or, when large, in parts.
   * @param {string|null} to
   * @param {Uint8Array} update
   * @param {boolean} [answer] an answer to a state vector (marked `re`)
   */
  _sendUpdate(to, update, answer = false) {
    const re = answer ? { re: 1 } : {};
    if (update.length <= SINGLE_BYTES) {
      this._send(to, { t: 'up', u: toBase64(update), ...re });
      return;
    }
    const n = Math.ceil(update.length / PART_BYTES);
    if (n > MAX_PARTS) {
      console.warn(`code: an update of ${update.length} bytes is too large to send`);
      return;
    }
    const id = `${this.doc.clientID.toString(36)}.${(++this._partSeq).toString(36)}`;
    for (let i = 0; i < n; i++) {
      const d = toBase64(update.subarray(i * PART_BYTES, (i + 1) * PART_BYTES));
      this._send(to, { t: 'part', id, i, n, d, ...re });
    }
  }

  /**
   * @param {string|null} to
   * @param {unknown} msg
   */
  _send(to, msg) {
    try {
      if (to === null) this.transport.broadcast(msg);
      else this.transport.send(to, msg);
    } catch (err) {
      // The peer is gone or the connection is down: the next state-vector exchange repairs.
      console.warn('code: could not send', err);
    }
  }
}
