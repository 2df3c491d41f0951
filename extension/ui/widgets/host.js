// @ts-check
import { WidgetRuntime } from './runtime.js';
import { createContext } from './context.js';
import { SandboxBridge } from './sandbox.js';

/**
 * @typedef {import('./catalog.js').WidgetEntry} WidgetEntry
 * @typedef {import('./context.js').HostUi} HostUi
 * @typedef {import('./context.js').MediaAccess} MediaAccess
 * @typedef {import('../../lib/sdk/session.js').TfxSession} TfxSession
 * @typedef {import('../../lib/sdk/storage.js').KeyValueStorage} KeyValueStorage
 *
 * @typedef {object} HostEnv
 * @property {TfxSession} session
 * @property {string} roomId
 * @property {string} serverUrl
 * @property {KeyValueStorage} storage where widget state survives a reload (sessionStorage)
 * @property {HostUi} ui
 * @property {MediaAccess} media
 * @property {(path: string, init?: RequestInit) => Promise<Response>} api
 * @property {(id: string) => HTMLElement} paneRoot the element a widget renders into
 * @property {(id: string, error: unknown) => void} [onMountError]
 *
 * @typedef {{status: 'idle'|'mounting'|'mounted'|'failed', cleanup: (() => void)|null}} Mount
 */

/**
 * Runs the room's widgets: one {@link WidgetRuntime} per catalogue entry from the moment we are
 * in the room (so state syncs whether or not a widget is open), background widgets mounted at
 * once, the others on first open. Built-in widgets are ES modules loaded into this page;
 * third-party widgets run in a sandboxed frame behind a {@link SandboxBridge}.
 */
export class WidgetHost {
  /**
   * @param {WidgetEntry[]} entries
   * @param {HostEnv} env
   */
  constructor(entries, env) {
    this.env = env;
    /** @type {Map<string, WidgetRuntime>} */
    this.runtimes = new Map();
    /** @type {Map<string, Mount>} */
    this._mounts = new Map();
    for (const entry of entries) {
      this.runtimes.set(
        entry.id,
        new WidgetRuntime(entry, {
          session: env.session,
          roomId: env.roomId,
          storage: env.storage,
        }),
      );
      this._mounts.set(entry.id, { status: 'idle', cleanup: null });
    }
  }

  /** @returns {WidgetEntry[]} */
  get entries() {
    return [...this.runtimes.values()].map((r) => r.entry);
  }

  /** Catches up on every widget's state and mounts the background widgets. */
  start() {
    for (const rt of this.runtimes.values()) rt.catchUp();
    return Promise.all(
      [...this.runtimes.values()]
        .filter((r) => r.entry.background)
        .map((r) => this.mount(r.entry.id)),
    );
  }

  /**
   * Loads and mounts a widget once; later calls wait for the same mount.
   * @param {string} id
   */
  async mount(id) {
    const rt = this.runtimes.get(id);
    const m = this._mounts.get(id);
    if (!rt || !m || m.status === 'mounted' || m.status === 'mounting') return;
    m.status = 'mounting';
    const root = this.env.paneRoot(id);
    try {
      if (rt.entry.thirdParty) {
        const bridge = new SandboxBridge(rt, {
          root,
          ui: this.env.ui,
          frameUrl: /** @type {string} */ (rt.entry.frameUrl),
        });
        m.cleanup = () => bridge.close();
        rt.markMounted();
      } else {
        const mod = await import(
          /* webpackIgnore: true */ /** @type {string} */ (rt.entry.moduleUrl)
        );
        if (typeof mod.mount !== 'function') throw new Error('the module exports no mount(ctx)');
        const ctx = createContext(rt, {
          container: root,
          ui: this.env.ui,
          media: this.env.media,
          api: this.env.api,
          serverUrl: this.env.serverUrl,
        });
        const result = await mod.mount(ctx);
        rt.markMounted();
        m.cleanup = () => {
          if (typeof result === 'function') result();
          else if (result && typeof result.unmount === 'function') result.unmount();
          if (typeof mod.unmount === 'function') mod.unmount(ctx);
        };
      }
      m.status = 'mounted';
    } catch (err) {
      m.status = 'failed';
      console.error(`tfx widget ${id} failed to start`, err);
      this.env.onMountError?.(id, err);
    }
  }

  /** @param {string} id */
  isMounted(id) {
    return this._mounts.get(id)?.status === 'mounted';
  }

  /**
   * Tells a widget it is shown or hidden.
   * @param {string} id
   * @param {boolean} visible
   */
  setVisible(id, visible) {
    this.runtimes.get(id)?.events.emit(visible ? 'show' : 'hide', {});
  }

  /** @param {string} id */
  unmount(id) {
    const rt = this.runtimes.get(id);
    const m = this._mounts.get(id);
    if (!rt || !m || m.status !== 'mounted') return;
    try {
      m.cleanup?.();
    } catch (err) {
      console.error(`tfx widget ${id} failed to stop`, err);
    }
    m.cleanup = null;
    m.status = 'idle';
    rt.markUnmounted();
  }

  /** Writes every widget's state to storage now (the page is going away). */
  save() {
    for (const rt of this.runtimes.values()) rt.save();
  }

  /**
   * Stops everything.
   * @param {{forget?: boolean}} [o] forget: drop saved widget state (we left for good)
   */
  dispose(o = {}) {
    for (const id of this.runtimes.keys()) this.unmount(id);
    for (const rt of this.runtimes.values()) {
      rt.dispose();
      if (o.forget) rt.forget();
    }
  }
}
