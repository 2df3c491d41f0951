// @ts-check
import { Emitter } from './emitter.js';
import { isValidOp, jsonSize, newReplicaId } from './shared-state.js';

/**
 * Keeps a {@link SharedState} the same on every participant, over any message transport (a
 * widget channel). Three messages, all plain JSON:
 *
 * - `{t: "op", ops}` — operations just made here, to everyone. The receiver drops operations
 *   whose author is not the (server- or data-channel-stamped) sender.
 * - `{t: "vv", id, vv, back?}` — "this is what I have": sent to a peer when we join, when it
 *   comes back, and after our own reconnect. The peer answers with what we lack and, when we
 *   have something it lacks and this was not already an answer (`back`), with its own `vv`.
 * - `{t: "ops", id, part, parts, ops, vv}` — an answer in parts of at most ~40 KB. When every
 *   part of answer `id` has arrived, the receiver takes the sender's version vector: the sender
 *   sent every operation it keeps beyond ours, and the rest are superseded. Answers are applied
 *   as catch-up (`change` events with `catchUp`), `op` messages as live changes.
 *
 * Events: `synced` {from} when a full answer was applied.
 */

/** Bytes of operations per message, well under the 64 KiB signalling frame. */
export const PART_BYTES = 40_000;
const MAX_OPS_PER_MESSAGE = 5_000;
const MAX_OPEN_ANSWERS = 32;

/**
 * @typedef {import('./shared-state.js').SharedState} SharedState
 * @typedef {import('./shared-state.js').Op} Op
 * @typedef {object} SyncTransport
 * @property {(to: string, msg: any) => void} send
 * @property {(msg: any) => void} broadcast
 */

export class StateSync extends Emitter {
  /**
   * @param {SharedState} state
   * @param {SyncTransport} transport
   */
  constructor(state, transport) {
    super();
    this.state = state;
    this.transport = transport;
    /** @type {Op[]} local operations made in this tick, sent together */
    this._outgoing = [];
    /** @type {Map<string, {from: string, seen: Set<number>, parts: number}>} answers in progress */
    this._answers = new Map();
    this._offOp = state.on('op', ({ op, local }) => {
      if (!local) return;
      if (this._outgoing.length === 0) queueMicrotask(() => this._flush());
      this._outgoing.push(op);
    });
  }

  _flush() {
    const ops = this._outgoing.splice(0);
    for (const part of split(ops)) this.transport.broadcast({ t: 'op', ops: part });
  }

  /**
   * Asks one peer for what we lack.
   * @param {string} peerId
   */
  ask(peerId) {
    this.transport.send(peerId, { t: 'vv', id: newReplicaId(), vv: this.state.versionVector() });
  }

  /**
   * Feeds one message from a peer.
   * @param {string} from the sender, as stamped by the server or the data channel
   * @param {any} msg
   * @returns {boolean} whether it was a sync message
   */
  handle(from, msg) {
    if (!msg || typeof msg !== 'object') return false;
    switch (msg.t) {
      case 'op':
        if (Array.isArray(msg.ops) && msg.ops.length <= MAX_OPS_PER_MESSAGE) {
          this.state.integrate(msg.ops.filter((/** @type {any} */ op) => op?.a === from));
        }
        return true;
      case 'vv':
        if (isVector(msg.vv) && typeof msg.id === 'string' && msg.id.length <= 32) {
          this._answer(from, msg.id, msg.vv);
          if (!msg.back && this.state.lacks(msg.vv)) {
            this.transport.send(from, {
              t: 'vv',
              id: newReplicaId(),
              vv: this.state.versionVector(),
              back: true,
            });
          }
        }
        return true;
      case 'ops':
        this._receive(from, msg);
        return true;
      default:
        return false;
    }
  }

  /**
   * @param {string} to
   * @param {string} id
   * @param {Record<string, number>} vv
   */
  _answer(to, id, vv) {
    const parts = split(this.state.missing(vv));
    if (parts.length === 0) parts.push([]);
    const mine = this.state.versionVector();
    parts.forEach((ops, i) =>
      this.transport.send(to, { t: 'ops', id, part: i, parts: parts.length, ops, vv: mine }),
    );
  }

  /**
   * @param {string} from
   * @param {any} msg
   */
  _receive(from, msg) {
    const { id, part, parts, ops, vv } = msg;
    if (
      typeof id !== 'string' ||
      id.length > 32 ||
      !Number.isSafeInteger(parts) ||
      parts < 1 ||
      parts > 100_000 ||
      !Number.isSafeInteger(part) ||
      part < 0 ||
      part >= parts ||
      !Array.isArray(ops) ||
      ops.length > MAX_OPS_PER_MESSAGE ||
      !isVector(vv)
    ) {
      return;
    }
    this.state.integrate(ops, 'catch-up');
    const key = `${from}/${id}`;
    let answer = this._answers.get(key);
    if (!answer) {
      if (this._answers.size >= MAX_OPEN_ANSWERS) {
        const oldest = this._answers.keys().next().value;
        if (oldest !== undefined) this._answers.delete(oldest);
      }
      answer = { from, seen: new Set(), parts };
      this._answers.set(key, answer);
    }
    answer.seen.add(part);
    if (answer.seen.size === answer.parts) {
      this._answers.delete(key);
      this.state.acknowledge(vv);
      this.emit('synced', { from });
    }
  }

  close() {
    this._offOp();
    this._answers.clear();
  }
}

/** @param {any} vv */
function isVector(vv) {
  if (!vv || typeof vv !== 'object' || Array.isArray(vv)) return false;
  const entries = Object.entries(vv);
  return entries.length <= 100_000 && entries.every(([, s]) => Number.isSafeInteger(s) && s >= 0);
}

/**
 * Cuts operations into message-sized parts.
 * @param {Op[]} ops
 * @returns {Op[][]}
 */
function split(ops) {
  /** @type {Op[][]} */
  const parts = [];
  let cur = /** @type {Op[]} */ ([]);
  let bytes = 0;
  for (const op of ops) {
    if (!isValidOp(op)) continue;
    const n = jsonSize(op) + 1;
    if (cur.length && (bytes + n > PART_BYTES || cur.length >= MAX_OPS_PER_MESSAGE)) {
      parts.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(op);
    bytes += n;
  }
  if (cur.length) parts.push(cur);
  return parts;
}
