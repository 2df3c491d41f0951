// @ts-check
/**
 * Where the SDK keeps the seat of the current tab ({roomId, peerId, resumeToken}) so that a
 * page reload resumes it. The browser's sessionStorage is per tab, which is exactly the scope of
 * a seat; tests and other hosts inject their own.
 *
 * @typedef {{getItem(key: string): string|null, setItem(key: string, value: string): void, removeItem(key: string): void}} KeyValueStorage
 * @typedef {{roomId: string, peerId: string, resumeToken: string}} SeatRecord
 */

/** @returns {KeyValueStorage} */
export function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
  };
}

/** @returns {KeyValueStorage} */
export function defaultStorage() {
  try {
    const s = globalThis.sessionStorage;
    if (s) return s;
  } catch {
    /* storage disabled */
  }
  return memoryStorage();
}

export class SeatStore {
  /** @param {KeyValueStorage} storage */
  constructor(storage) {
    this.storage = storage;
  }

  /** @param {string} roomId */
  key(roomId) {
    return `tfx.seat.${roomId}`;
  }

  /**
   * @param {string} roomId
   * @returns {SeatRecord|null}
   */
  load(roomId) {
    try {
      const raw = this.storage.getItem(this.key(roomId));
      if (!raw) return null;
      const v = JSON.parse(raw);
      return v && v.roomId === roomId && typeof v.resumeToken === 'string' ? v : null;
    } catch {
      return null;
    }
  }

  /** @param {SeatRecord} seat */
  save(seat) {
    try {
      this.storage.setItem(this.key(seat.roomId), JSON.stringify(seat));
    } catch {
      /* quota or disabled: resume after reload just won't work */
    }
  }

  /** @param {string} roomId */
  clear(roomId) {
    try {
      this.storage.removeItem(this.key(roomId));
    } catch {
      /* ignore */
    }
  }
}
