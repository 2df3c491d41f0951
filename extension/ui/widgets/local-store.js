// @ts-check
/**
 * `ctx.storage`: a widget's own values in this tab for this room, kept across a page reload and
 * forgotten when the participant leaves for good — the same lifetime as the tab's copy of
 * `ctx.state`, but private to this participant and never sent anywhere. For things a widget
 * keeps outside `ctx.state`, such as a CRDT document of its own.
 *
 * Each key is one storage item (`<prefix>:<key>`); the item `<prefix>` lists the keys, so that
 * they can be forgotten without enumerating the storage.
 */

/** Largest JSON size of one value (sessionStorage holds about 5 MB per origin in all). */
export const MAX_LOCAL_VALUE_BYTES = 1024 * 1024;
const MAX_KEY = 256;

/** @typedef {import('../../lib/sdk/storage.js').KeyValueStorage} KeyValueStorage */

export class WidgetLocalStore {
  /**
   * @param {KeyValueStorage} storage
   * @param {string} prefix e.g. `tfx.widget.<room>.<id>.local`
   */
  constructor(storage, prefix) {
    this._storage = storage;
    this._prefix = prefix;
  }

  /**
   * @param {string} key
   * @returns {unknown} the stored value, or undefined
   */
  get(key) {
    checkKey(key);
    try {
      const raw = this._storage.getItem(`${this._prefix}:${key}`);
      return raw === null ? undefined : JSON.parse(raw);
    } catch {
      return undefined;
    }
  }

  /**
   * @param {string} key 1–256 characters
   * @param {unknown} value a JSON value up to 1 MiB; null or undefined removes the key
   * @returns {boolean} whether it was stored (false when the browser's storage is full)
   */
  set(key, value) {
    checkKey(key);
    if (value === undefined || value === null) {
      this.remove(key);
      return true;
    }
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError('value must be a JSON value');
    if (text.length > MAX_LOCAL_VALUE_BYTES) {
      throw new RangeError(`value larger than ${MAX_LOCAL_VALUE_BYTES} bytes of JSON`);
    }
    try {
      const keys = this._keys();
      if (!keys.includes(key)) this._storage.setItem(this._prefix, JSON.stringify([...keys, key]));
      this._storage.setItem(`${this._prefix}:${key}`, text);
      return true;
    } catch {
      return false;
    }
  }

  /** @param {string} key */
  remove(key) {
    checkKey(key);
    try {
      this._storage.removeItem(`${this._prefix}:${key}`);
      const keys = this._keys();
      if (keys.includes(key)) {
        this._storage.setItem(this._prefix, JSON.stringify(keys.filter((k) => k !== key)));
      }
    } catch {
      /* nothing to do */
    }
  }

  /** Removes every value (the participant left for good). */
  forget() {
    try {
      for (const k of this._keys()) this._storage.removeItem(`${this._prefix}:${k}`);
      this._storage.removeItem(this._prefix);
    } catch {
      /* nothing to do */
    }
  }

  /** @returns {string[]} */
  _keys() {
    try {
      const list = JSON.parse(this._storage.getItem(this._prefix) ?? '[]');
      return Array.isArray(list) ? list.filter((k) => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }
}

/** @param {unknown} key */
function checkKey(key) {
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_KEY) {
    throw new TypeError(`storage key must be a string of 1–${MAX_KEY} characters`);
  }
}
