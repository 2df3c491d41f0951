// @ts-check
import { Emitter } from '../../lib/sdk/emitter.js';
import { Awareness } from 'y-protocols/awareness';
import { SharedState, jsonSize, updateIsBy } from '../../lib/sdk/shared-state.js';
import { DocSync, fromBase64, toBase64 } from '../../lib/sdk/doc-sync.js';
import { Presence } from '../../lib/sdk/presence.js';
import { TfxError } from '../../lib/sdk/errors.js';
import { WidgetLocalStore } from './local-store.js';

/**
 * @typedef {import('../../lib/sdk/session.js').TfxSession} TfxSession
 * @typedef {import('../../lib/sdk/storage.js').KeyValueStorage} KeyValueStorage
 * @typedef {import('./catalog.js').WidgetEntry} WidgetEntry
 */

/** Largest widget message (JSON bytes): with the envelope it stays under the 64 KiB frame. */
export const MAX_MESSAGE_BYTES = 48 * 1024;
/** Messages kept for a background widget whose module is still loading. */
const QUEUE_LIMIT = 256;
const SAVE_DELAY_MS = 400;
/** Persisted state above this size is not written (sessionStorage is small). */
const MAX_SAVED_BYTES = 1_500_000;

/**
 * Everything one widget has in a room, whether or not its UI is open: its channel (`<id>`), its
 * replicated state (one Yjs document, `ctx.state`) and presence (its awareness, `ctx.presence`)
 * kept in sync with the other participants, this tab's copy of the state in sessionStorage, and —
 * while mounted — the events its module listens to.
 *
 * On the channel every payload is an envelope: `{m: …}` a widget message, `{s: …}` state sync
 * (see lib/sdk/doc-sync.js). Widgets only ever see the `m` part.
 */
export class WidgetRuntime {
  /**
   * @param {WidgetEntry} entry
   * @param {{session: TfxSession, roomId: string, storage: KeyValueStorage}} env
   */
  constructor(entry, env) {
    this.entry = entry;
    this.session = env.session;
    this._storage = env.storage;
    this._storageKey = `tfx.widget.${env.roomId}.${entry.id}`;
    /** The widget's private values in this tab (`ctx.storage`). */
    this.local = new WidgetLocalStore(env.storage, `${this._storageKey}.local`);
    this.channel = this.session.channel(entry.id);
    this.state = new SharedState({ author: () => this.session.peerId ?? '' });
    this.awareness = new Awareness(this.state.doc);
    this.awareness.setLocalState(null); // nothing to show until the widget sets something
    this.sync = new DocSync(this.state.doc, {
      awareness: this.awareness,
      acceptLive: (from, update) => updateIsBy(update, from),
      transport: {
        send: (to, msg) => this._post(to, { s: msg }),
        broadcast: (msg) => this._post(null, { s: msg }),
        peers: () =>
          [...this.session.peers.values()]
            .filter((p) => p.state === 'connected')
            .map((p) => p.peerId),
      },
    });
    this.presence = new Presence(this.awareness, (id) => this.sync.ownerOf(id));
    /** Events the mounted widget listens to; replaced on every mount. */
    this.events = new Emitter();
    this.mounted = false;
    /** @type {Array<{from: string, payload: unknown, via: string}>} */
    this._queue = [];
    this._acceptQueue = entry.background;
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._saveTimer = undefined;
    /** @type {Array<() => void>} */
    this._offs = [];
    /** @type {Array<() => void>} */
    this._unmountHooks = [];

    this.state.load(this._load());
    const onDocUpdate = () => this._scheduleSave();
    this.state.doc.on('update', onDocUpdate);
    this._offs.push(
      () => this.state.doc.off('update', onDocUpdate),
      this.channel.on('message', (e) => this._onMessage(e)),
      // Widgets resync what they keep outside ctx.state after our own reconnect.
      this.session.on('reconnected', (e) =>
        this.events.emit('reconnected', { resumed: e.resumed }),
      ),
      this.state.on('change', (e) => this.events.emit('state', e)),
      this.session.on('peer-joined', (e) => {
        // The newcomer asks for the state itself; it only needs our presence.
        this.sync.greet(e.peer.peerId);
        this.events.emit('peer-joined', e);
      }),
      this.session.on('peer-left', (e) => {
        this.sync.peerLeft(e.peerId);
        this.events.emit('peer-left', e);
      }),
      this.session.on('peer-updated', (e) => this.events.emit('peer-updated', e)),
      this.session.on('track', (e) => this.events.emit('track', e)),
      this.session.on('screen-started', (e) => this.events.emit('screen', { ...e, active: true })),
      this.session.on('screen-ended', (e) => this.events.emit('screen', { ...e, active: false })),
    );
  }

  /**
   * @param {string|null} to a peer, or everyone
   * @param {unknown} payload
   */
  _post(to, payload) {
    try {
      if (to) this.channel.send(to, payload);
      else this.channel.broadcast(payload);
    } catch (err) {
      // The socket is down: the next catch-up repairs state; plain messages are lost.
      console.warn(`tfx widget ${this.entry.id}:`, err);
    }
  }

  /**
   * A widget message, checked and sent.
   * @param {string|null} to
   * @param {unknown} msg
   */
  sendMessage(to, msg) {
    if (msg === undefined) throw new TypeError('message must be a JSON value');
    if (jsonSize(msg) > MAX_MESSAGE_BYTES) {
      throw new TfxError(
        'ERR_MESSAGE_TOO_LARGE',
        `widget messages are limited to ${MAX_MESSAGE_BYTES} bytes of JSON`,
      );
    }
    if (to !== null && (typeof to !== 'string' || !this.session.peers.has(to))) {
      throw new TfxError('ERR_PEER_NOT_FOUND', `no participant ${String(to)} in this room`);
    }
    this._post(to, { m: msg });
  }

  /** @param {{from: string, payload: any, via: string}} e */
  _onMessage(e) {
    const p = e.payload;
    if (!p || typeof p !== 'object') return;
    if ('s' in p) {
      this.sync.handle(e.from, p.s);
    } else if ('m' in p) {
      const event = { from: e.from, payload: p.m, via: e.via };
      if (this.mounted) this.events.emit('message', event);
      else if (this._acceptQueue && this._queue.length < QUEUE_LIMIT) this._queue.push(event);
    }
  }

  /** Called once the module's mount() returned: hands over what arrived meanwhile. */
  markMounted() {
    this.mounted = true;
    for (const event of this._queue.splice(0)) this.events.emit('message', event);
  }

  /**
   * Runs `fn` when the widget unmounts (resources the framework handed out: video stages…).
   * @param {() => void} fn
   */
  onUnmount(fn) {
    this._unmountHooks.push(fn);
  }

  markUnmounted() {
    for (const fn of this._unmountHooks.splice(0)) {
      try {
        fn();
      } catch (err) {
        console.warn(`tfx widget ${this.entry.id}:`, err);
      }
    }
    this.mounted = false;
    this._acceptQueue = false;
    this.events = new Emitter();
  }

  /** @returns {Uint8Array|null} this tab's saved copy of the state */
  _load() {
    try {
      return fromBase64(this._storage.getItem(this._storageKey));
    } catch {
      return null;
    }
  }

  _scheduleSave() {
    if (this._saveTimer !== undefined) return;
    this._saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  /** Sends what is pending and writes the state to the tab's storage, so that a reload starts with it. */
  save() {
    this.sync.flush();
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    try {
      const text = toBase64(this.state.encode());
      if (text.length > MAX_SAVED_BYTES) this._storage.removeItem(this._storageKey);
      else this._storage.setItem(this._storageKey, text);
    } catch {
      /* quota: peers still have it */
    }
  }

  /** Forgets the saved state (the participant left for good). */
  forget() {
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    try {
      this._storage.removeItem(this._storageKey);
    } catch {
      /* ignore */
    }
    this.local.forget();
  }

  dispose() {
    if (this._saveTimer !== undefined) this.save();
    this._offs.forEach((off) => off());
    this.sync.close();
    this.awareness.destroy();
    this.state.destroy();
    this.events = new Emitter();
  }
}
