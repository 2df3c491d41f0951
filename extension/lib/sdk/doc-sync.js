// @ts-check
/**
 * Keeps a Yjs document and its awareness (who is here, cursors, who is typing) the same on every
 * participant, over any message transport (a widget channel: data channel, server relay as
 * fallback). The document part is the `y-protocols/sync` protocol; the presence part is
 * `y-protocols/awareness`. Messages are JSON (the channel carries text), binary parts in base64:
 *
 * - `{t: "y", d, re?}` — one y-protocols sync message:
 *   - step 1 (our state vector) is sent to a peer when we join or reload, after our own reconnect
 *     (to one peer first, to the others once its answer is here, so that the state comes once),
 *     when an update from it could not be applied because something before it is missing, and —
 *     to everyone, every {@link CHECK_EVERY_MS} while the document changes — as a cheap check
 *     that finds updates lost on the way (a relayed message the server refused, the last update
 *     before a drop).
 *     The receiver answers with step 2 and, unless the step 1 was itself an answer (`re`), with
 *     its own step 1, so that both sides end with everything.
 *   - step 2 (what the other side lacks, and the whole delete set) is applied as catch-up
 *     ({@link CATCH_UP}): it is what the room had before we came or while we were away.
 *   - update: local changes, merged over {@link FLUSH_MS}, broadcast, applied as live
 *     ({@link LIVE}) — and only when every value in it names the sender as its author.
 * - `{t: "yp", id, i, n, d, re?}` — part i of n of a sync message too large for one message (each
 *   message stays under the 48 KiB widget limit); applied once all parts arrived, in any order.
 * - `{t: "aw", u}` — an awareness update. A peer speaks for its own awareness clients only.
 *
 * Yjs updates commute and are idempotent, so order, duplicates and the path a message takes do not
 * matter; what is lost is found by the next state-vector exchange.
 *
 * Events: `synced` {from} when a step 2 was applied; `dropped` {from, reason} when a message was
 * refused.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as sync from 'y-protocols/sync';
import {
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import { Emitter } from './emitter.js';
import { fromBase64, toBase64 } from './base64.js';
import { CATCH_UP, FOREIGN, LIVE } from './shared-state.js';

export { fromBase64, toBase64 };

/** The widget message limit (JSON bytes). */
export const MAX_MESSAGE_BYTES = 48 * 1024;
/** Raw bytes per part: 40 KiB of base64 plus the envelope stays under the limit. */
export const PART_BYTES = 30 * 1024;
/** Most parts of one message (about 7.5 MB); more is refused. */
export const MAX_PARTS = 256;
/** Assemblies of parts kept per peer, and how long an incomplete one is kept. */
const MAX_ASSEMBLIES = 8;
const ASSEMBLY_TTL_MS = 60_000;
/** Local changes are sent at most this often, merged. */
export const FLUSH_MS = 40;
/** Presence changes (cursor moves) are sent at most this often. */
export const AWARENESS_MS = 80;
/** How long the other peers wait while the first one answers our state vector. */
export const ASK_ALONE_MS = 3_000;
/** While the document changes, a state-vector check this often. */
export const CHECK_EVERY_MS = 15_000;
/** At most one repair request per peer this often. */
const REPAIR_EVERY_MS = 2_000;

/**
 * @typedef {object} SyncTransport
 * @property {(to: string, msg: any) => void} send
 * @property {(msg: any) => void} broadcast
 * @property {() => string[]} peers the ids of the connected participants
 *
 * @typedef {object} SyncOptions
 * @property {SyncTransport} transport
 * @property {import('y-protocols/awareness').Awareness} [awareness]
 * @property {(from: string, update: Uint8Array) => boolean} [acceptLive] whether a live update
 *   from this sender may be applied (default: every one)
 * @property {number} [flushMs] 0: the caller flushes (tests)
 * @property {number} [awarenessMs] 0: sent at once
 * @property {number} [checkEveryMs] 0: no periodic check
 * @property {() => number} [now]
 */

/**
 * Reads the client ids an awareness update is about.
 * @param {Uint8Array} update
 * @returns {number[]|null} null when malformed
 */
export function awarenessClients(update) {
  const d = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(d);
    if (count > 64) return null;
    const ids = [];
    for (let i = 0; i < count; i++) {
      ids.push(decoding.readVarUint(d));
      decoding.readVarUint(d); // clock
      decoding.readVarString(d); // state (JSON)
    }
    return decoding.hasContent(d) ? null : ids;
  } catch {
    return null;
  }
}

export class DocSync extends Emitter {
  /**
   * @param {Y.Doc} doc
   * @param {SyncOptions} o
   */
  constructor(doc, o) {
    super();
    this.doc = doc;
    this.transport = o.transport;
    this.awareness = o.awareness ?? null;
    this._acceptLive = o.acceptLive ?? (() => true);
    this._flushMs = o.flushMs ?? FLUSH_MS;
    this._awarenessMs = o.awarenessMs ?? AWARENESS_MS;
    this._now = o.now ?? Date.now;
    /** @type {Uint8Array[]} local updates not sent yet */
    this._pending = [];
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._flushTimer = undefined;
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._awarenessTimer = undefined;
    /** @type {Map<string, {n: number, parts: Map<number, Uint8Array>, at: number, re: boolean}>} by `${peer}\n${id}` */
    this._assemblies = new Map();
    /** @type {Map<string, number>} peer → when we last asked it for a repair */
    this._repairs = new Map();
    /** @type {Map<number, string>} awareness client id → the peer that sent it */
    this._owners = new Map();
    this._partSeq = 0;
    this._closed = false;
    /** @type {{peer: string, at: number}|null} the peer whose answer to our state vector we await */
    this._asking = null;
    /** @type {Set<string>} peers to ask once that answer is here */
    this._queued = new Set();
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._askTimer = undefined;
    this._changed = false;

    this._onUpdate = (/** @type {Uint8Array} */ update, /** @type {unknown} */ origin) => {
      this._changed = true;
      if (this._closed || FOREIGN.includes(/** @type {any} */ (origin))) return;
      this._pending.push(update);
      if (this._flushMs > 0 && this._flushTimer === undefined) {
        this._flushTimer = setTimeout(() => this.flush(), this._flushMs);
      }
    };
    doc.on('update', this._onUpdate);

    this._onAwareness = (/** @type {unknown} */ _change, /** @type {unknown} */ origin) => {
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

  /** The periodic check: our state vector to everyone, if the document changed since the last. */
  check() {
    if (this._closed || !this._changed || this.transport.peers().length === 0) return;
    this._changed = false;
    this.flush();
    this._sendSync(null, (e) => sync.writeSyncStep1(e, this.doc), false);
  }

  /**
   * Asks one peer for what we lack (it answers and asks back) and shows it our presence.
   * @param {string} peerId
   */
  ask(peerId) {
    this.flush();
    this._sendAwareness(peerId);
    // One peer at a time: while the first answer is on its way, asking the others too would
    // bring the whole state once per peer. Once it is here, they are asked with the state
    // vector that now has it, and answer with only what they alone have.
    const now = this._now();
    if (this._asking && this._asking.peer !== peerId && now - this._asking.at < ASK_ALONE_MS) {
      this._queued.add(peerId);
      this._askTimer ??= setTimeout(() => this._askQueued(), ASK_ALONE_MS);
      return;
    }
    this._asking = { peer: peerId, at: now };
    this._sendSync(peerId, (e) => sync.writeSyncStep1(e, this.doc), false);
  }

  /** Asks the peers that waited for the first answer (it came, or took too long). */
  _askQueued() {
    clearTimeout(this._askTimer);
    this._askTimer = undefined;
    this._asking = null;
    const peers = [...this._queued];
    this._queued.clear();
    for (const p of peers) this._sendSync(p, (e) => sync.writeSyncStep1(e, this.doc), false);
  }

  /**
   * Sends our presence to one peer (it just joined; it asks for the document itself).
   * @param {string} peerId
   */
  greet(peerId) {
    this._sendAwareness(peerId);
  }

  /** Sends the local changes made since the last flush, merged into one update. */
  flush() {
    clearTimeout(this._flushTimer);
    this._flushTimer = undefined;
    if (this._pending.length === 0) return;
    const update = this._pending.length === 1 ? this._pending[0] : Y.mergeUpdates(this._pending);
    this._pending = [];
    if (this.transport.peers().length === 0) return; // they get it from the state vectors
    this._sendSync(null, (e) => sync.writeUpdate(e, update), false);
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
   * @returns {boolean} whether it was a well-formed message of this protocol
   */
  handle(from, msg) {
    if (this._closed || !msg || typeof msg !== 'object') return false;
    switch (msg.t) {
      case 'y': {
        const bytes = fromBase64(msg.d);
        return bytes ? this._onSync(from, bytes, msg.re === 1) : this._drop(from, 'malformed');
      }
      case 'yp':
        return this._onPart(from, msg);
      case 'aw':
        return this._onAwarenessMsg(from, msg);
      default:
        return false;
    }
  }

  /**
   * A peer left for good: its presence goes, its half-received messages too.
   * @param {string} peerId
   */
  peerLeft(peerId) {
    const ids = [...this._owners].filter(([, p]) => p === peerId).map(([id]) => id);
    // Removed while their owner is still known, so that listeners can tell whose they were.
    if (this.awareness && ids.length) removeAwarenessStates(this.awareness, ids, 'peer-left');
    for (const id of ids) this._owners.delete(id);
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
    clearTimeout(this._askTimer);
    clearInterval(this._checkTimer);
    this.doc.off('update', this._onUpdate);
    this.awareness?.off('update', this._onAwareness);
    this._assemblies.clear();
  }

  // ---- internals ----

  /**
   * @param {string} from
   * @param {string} reason
   */
  _drop(from, reason) {
    this.emit('dropped', { from, reason });
    return false;
  }

  /**
   * @param {string} from
   * @param {Uint8Array} bytes a y-protocols sync message
   * @param {boolean} re it answers a step 1 of ours
   */
  _onSync(from, bytes, re) {
    const d = decoding.createDecoder(bytes);
    let type;
    let payload;
    try {
      type = decoding.readVarUint(d);
      payload = decoding.readVarUint8Array(d);
    } catch {
      return this._drop(from, 'malformed');
    }
    switch (type) {
      case sync.messageYjsSyncStep1:
        try {
          Y.decodeStateVector(payload);
        } catch {
          return this._drop(from, 'malformed');
        }
        this._sendSync(from, (e) => sync.writeSyncStep2(e, this.doc, payload), true);
        if (!re) this._sendSync(from, (e) => sync.writeSyncStep1(e, this.doc), true);
        return true;
      case sync.messageYjsSyncStep2:
        if (!this._apply(from, payload, CATCH_UP)) return false;
        if (this._asking?.peer === from) this._askQueued();
        this.emit('synced', { from });
        return true;
      case sync.messageYjsUpdate:
        if (!this._acceptLive(from, payload)) return this._drop(from, 'not-the-author');
        return this._apply(from, payload, LIVE);
      default:
        return this._drop(from, 'unknown');
    }
  }

  /**
   * @param {string} from
   * @param {Uint8Array} update
   * @param {string} origin LIVE or CATCH_UP
   */
  _apply(from, update, origin) {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch {
      return this._drop(from, 'malformed');
    }
    // Something this update builds on has not arrived (lost, or still on its way): ask.
    const store = /** @type {any} */ (this.doc).store;
    if (store.pendingStructs || store.pendingDs) {
      const now = this._now();
      if (now - (this._repairs.get(from) ?? -Infinity) >= REPAIR_EVERY_MS) {
        this._repairs.set(from, now);
        this._sendSync(from, (e) => sync.writeSyncStep1(e, this.doc), false);
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
    const data = fromBase64(msg.d);
    if (
      typeof id !== 'string' ||
      id.length === 0 ||
      id.length > 32 ||
      !Number.isSafeInteger(n) ||
      n < 2 ||
      n > MAX_PARTS ||
      !Number.isSafeInteger(i) ||
      i < 0 ||
      i >= n ||
      !data ||
      data.length === 0 ||
      data.length > PART_BYTES
    ) {
      return this._drop(from, 'malformed');
    }
    const now = this._now();
    for (const [k, a] of this._assemblies) {
      if (now - a.at > ASSEMBLY_TTL_MS) this._assemblies.delete(k);
    }
    const key = `${from}\n${id}`;
    let a = this._assemblies.get(key);
    if (!a) {
      const mine = [...this._assemblies.keys()].filter((k) => k.startsWith(`${from}\n`));
      if (mine.length >= MAX_ASSEMBLIES) this._assemblies.delete(mine[0]);
      a = { n, parts: new Map(), at: now, re: msg.re === 1 };
      this._assemblies.set(key, a);
    }
    if (a.n !== n) return this._drop(from, 'malformed');
    a.parts.set(i, data);
    if (a.parts.size < n) return true;
    this._assemblies.delete(key);
    const chunks = [];
    for (let k = 0; k < n; k++) chunks.push(/** @type {Uint8Array} */ (a.parts.get(k)));
    return this._onSync(from, concat(chunks), a.re);
  }

  /**
   * @param {string} from
   * @param {any} msg
   */
  _onAwarenessMsg(from, msg) {
    if (!this.awareness) return false;
    const u = fromBase64(msg.u);
    const ids = u && awarenessClients(u);
    if (!u || !ids || ids.length === 0) return this._drop(from, 'malformed');
    // A peer speaks for its own clients only: not ours, not another peer's.
    for (const id of ids) {
      const owner = this._owners.get(id);
      if (id === this.doc.clientID || (owner !== undefined && owner !== from)) {
        return this._drop(from, 'not-the-author');
      }
    }
    // One client per peer: a new client id (the peer reloaded) replaces the old one.
    const stale = [...this._owners]
      .filter(([id, p]) => p === from && !ids.includes(id))
      .map(([id]) => id);
    for (const id of ids) this._owners.set(id, from);
    try {
      applyAwarenessUpdate(this.awareness, u, from);
    } catch {
      return this._drop(from, 'malformed');
    } finally {
      if (stale.length) removeAwarenessStates(this.awareness, stale, 'replaced');
      for (const id of stale) this._owners.delete(id);
    }
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
   * One sync message, in parts when large.
   * @param {string|null} to
   * @param {(e: encoding.Encoder) => void} write
   * @param {boolean} answer it answers a step 1 (marked `re`)
   */
  _sendSync(to, write, answer) {
    const e = encoding.createEncoder();
    write(e);
    const bytes = encoding.toUint8Array(e);
    const re = answer ? { re: 1 } : {};
    if (bytes.length <= PART_BYTES) {
      this._send(to, { t: 'y', d: toBase64(bytes), ...re });
      return;
    }
    const n = Math.ceil(bytes.length / PART_BYTES);
    if (n > MAX_PARTS) {
      console.warn(`tfx: a state update of ${bytes.length} bytes is too large to send`);
      return;
    }
    const id = `${this.doc.clientID.toString(36)}.${(++this._partSeq).toString(36)}`;
    for (let i = 0; i < n; i++) {
      const d = toBase64(bytes.subarray(i * PART_BYTES, (i + 1) * PART_BYTES));
      this._send(to, { t: 'yp', id, i, n, d, ...re });
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
      console.warn('tfx: could not send state', err);
    }
  }
}

/** @param {Uint8Array[]} chunks */
function concat(chunks) {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
