// @ts-check
import { jsonSize } from './shared-state.js';

/** Largest JSON size of one participant's presence value. */
export const MAX_PRESENCE_BYTES = 4 * 1024;
const FIELD = 'p';

/**
 * Who is doing what right now — typing, drawing, where a cursor is — per participant, over a
 * `y-protocols/awareness` instance kept in sync by {@link import('./doc-sync.js').DocSync}. Unlike
 * shared state it is not kept: a participant's value goes when it leaves, reloads or stays silent
 * for 30 s (its copy renews it every 15 s while set).
 */
export class Presence {
  /**
   * @param {import('y-protocols/awareness').Awareness} awareness
   * @param {(clientId: number) => string|undefined} ownerOf the peer an awareness client belongs to
   */
  constructor(awareness, ownerOf) {
    this.awareness = awareness;
    this._ownerOf = ownerOf;
  }

  /** @param {unknown} value any JSON value up to 4 KiB; null (or undefined) clears ours */
  set(value) {
    if (value === undefined || value === null) {
      if (this.awareness.getLocalState()?.[FIELD] !== undefined) {
        this.awareness.setLocalStateField(FIELD, undefined);
      }
      return;
    }
    if (jsonSize(value) > MAX_PRESENCE_BYTES) {
      throw new RangeError(`presence larger than ${MAX_PRESENCE_BYTES} bytes of JSON`);
    }
    const own = this.awareness.getLocalState() ?? {};
    this.awareness.setLocalState({ ...own, [FIELD]: JSON.parse(JSON.stringify(value)) });
  }

  /**
   * @param {string} peerId
   * @returns {unknown} that participant's value, or undefined
   */
  get(peerId) {
    return this.all().find((p) => p.peerId === peerId)?.value;
  }

  /** @returns {Array<{peerId: string, value: unknown}>} the others' values */
  all() {
    const out = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue;
      const peerId = this._ownerOf(clientId);
      const value = state?.[FIELD];
      if (peerId && value !== undefined && value !== null) out.push({ peerId, value });
    }
    return out;
  }

  /**
   * @param {(e: {peers: string[]}) => void} fn called with the participants whose value changed
   * @returns {() => void} unsubscribe
   */
  on(fn) {
    const listener = (
      /** @type {{added: number[], updated: number[], removed: number[]}} */ c,
      /** @type {unknown} */ origin,
    ) => {
      if (origin === 'local') return;
      const peers = new Set();
      for (const id of [...c.added, ...c.updated, ...c.removed]) {
        const peerId = this._ownerOf(id);
        if (peerId) peers.add(peerId);
      }
      if (peers.size) fn({ peers: [...peers] });
    };
    this.awareness.on('change', listener);
    return () => this.awareness.off('change', listener);
  }
}
