// @ts-check

/**
 * A tiny event emitter. A listener that throws never stops the others: the SDK reports it
 * through `onListenerError` (by default `console.error`) and carries on.
 */
export class Emitter {
  constructor() {
    /** @type {Map<string, Set<(data: any) => void>>} */
    this._listeners = new Map();
    /** @type {(err: unknown, event: string) => void} */
    this.onListenerError = (err, event) => console.error(`tfx: listener for "${event}" threw`, err);
  }

  /**
   * @param {string} event
   * @param {(data: any) => void} fn
   * @returns {() => void} call to unsubscribe
   */
  on(event, fn) {
    let set = this._listeners.get(event);
    if (!set) {
      set = new Set();
      this._listeners.set(event, set);
    }
    set.add(fn);
    return () => this.off(event, fn);
  }

  /**
   * @param {string} event
   * @param {(data: any) => void} fn
   * @returns {() => void}
   */
  once(event, fn) {
    const off = this.on(event, (data) => {
      off();
      fn(data);
    });
    return off;
  }

  /**
   * @param {string} event
   * @param {(data: any) => void} fn
   */
  off(event, fn) {
    this._listeners.get(event)?.delete(fn);
  }

  /**
   * @param {string} event
   * @param {any} [data]
   */
  emit(event, data) {
    const set = this._listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(data);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}
