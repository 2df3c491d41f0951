// @ts-check
import { WidgetRuntime } from './runtime.js';
import { createContext } from './context.js';
import { SandboxBridge } from './sandbox.js';
import { shareYjs } from './shared-yjs.js';

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
 * @property {number} [catchUpWaitMs] default {@link CATCH_UP_WAIT_MS}
 *
 * @typedef {{status: 'idle'|'mounting'|'mounted'|'failed', cleanup: (() => void)|null}} Mount
 */

/**
 * How long to wait for the data channel to a peer before catching up over the server's relay.
 * Over the data channel the catch-up of every widget costs nothing; over the relay it counts
 * against the signalling rate limit.
 */
export const CATCH_UP_WAIT_MS = 2500;

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
    shareYjs();
    /** @type {Map<string, WidgetRuntime>} */
    this.runtimes = new Map();
    /** @type {Map<string, Mount>} */
    this._mounts = new Map();
    /** @type {Map<string, () => void>} peers we wait for before catching up, → cancel */
    this._waiting = new Map();
    this._offReconnected = env.session.on('reconnected', () => this.catchUp());
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
    this.catchUp();
    return Promise.all(
      [...this.runtimes.values()]
        .filter((r) => r.entry.background)
        .map((r) => this.mount(r.entry.id)),
    );
  }

  /**
   * Asks every connected peer for the widget state we lack — at once where the data channel is
   * open, else when it opens (or after {@link CATCH_UP_WAIT_MS}). Called at start and after our
   * own reconnect (anything sent meanwhile through the server was lost).
   */
  catchUp() {
    const { session } = this.env;
    for (const p of session.peers.values()) {
      if (p.state !== 'connected') continue;
      const id = p.peerId;
      this._waiting.get(id)?.();
      const ask = () => {
        cancel();
        for (const rt of this.runtimes.values()) rt.sync.ask(id);
      };
      const timer = setTimeout(ask, this.env.catchUpWaitMs ?? CATCH_UP_WAIT_MS);
      const off = session.on('channel-open', (e) => e.peerId === id && ask());
      const cancel = () => {
        clearTimeout(timer);
        off();
        this._waiting.delete(id);
      };
      this._waiting.set(id, cancel);
      if (session.links.get(id)?.channelOpen) ask();
    }
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
    this._offReconnected();
    for (const cancel of [...this._waiting.values()]) cancel();
    for (const id of this.runtimes.keys()) this.unmount(id);
    for (const rt of this.runtimes.values()) {
      rt.dispose();
      if (o.forget) rt.forget();
    }
  }
}
