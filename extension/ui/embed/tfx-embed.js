// @ts-check
/**
 * TfxEmbed: puts a TFX Sessions room into any web page and drives it — a small wrapper around
 * the embed page's postMessage API (docs/developer/embed-api.md). The server serves it built as
 * a classic script at /lib/tfx-embed.js (global `TfxEmbed`):
 *
 *   const room = TfxEmbed.mount(document.querySelector('#call'), {
 *     server: 'https://meet.example.org', roomId: 'Ab3dE5', secret: '…' });
 *   room.on('peer-joined', ({peer}) => console.log(peer.name, 'joined'));
 *   await room.join({name: 'Ada'});
 *   await room.mute(true);
 *   await room.leave();
 */

export const PROTOCOL_VERSION = 1;
/** How long a command may take before its promise rejects with code `timeout`. */
export const TIMEOUTS = Object.freeze({ join: 120_000, ready: 20_000, other: 15_000 });
/** What the frame may use; `allow` in the options replaces it. */
export const DEFAULT_ALLOW =
  'camera; microphone; display-capture; autoplay; fullscreen; clipboard-write; picture-in-picture';

/**
 * @typedef {object} MountOptions
 * @property {string} server the TFX Sessions server, e.g. https://meet.example.org
 * @property {string} roomId
 * @property {string} secret the room secret (the part after "#" of an invite link)
 * @property {string} [width] CSS width of the frame (default 100%)
 * @property {string} [height] CSS height of the frame (default 100%)
 * @property {string} [title] accessible title of the frame
 * @property {string} [allow] the frame's permissions policy
 * @property {Partial<typeof TIMEOUTS>} [timeouts]
 */

/** An error from the embed page (or a time-out), with a `code`. */
export class TfxEmbedError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'TfxEmbedError';
    this.code = code;
  }
}

/**
 * Adds the room's frame to `container` and returns its controller.
 * @param {HTMLElement} container
 * @param {MountOptions} options
 */
export function mount(container, options) {
  return new EmbeddedRoom(container, options);
}

/** One embedded room: its frame, its commands and its events. */
export class EmbeddedRoom {
  /**
   * @param {HTMLElement} container
   * @param {MountOptions} o
   */
  constructor(container, o) {
    if (!container || typeof container.appendChild !== 'function') {
      throw new TypeError('TfxEmbed.mount: the first argument must be an element');
    }
    if (
      !o ||
      typeof o.roomId !== 'string' ||
      !o.roomId ||
      typeof o.secret !== 'string' ||
      !o.secret
    ) {
      throw new TypeError('TfxEmbed.mount: roomId and secret are required');
    }
    const base = new URL(String(o.server ?? ''), location.href);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new TypeError('TfxEmbed.mount: server must be an http(s) URL');
    }
    const root = base.href.endsWith('/') ? base.href : `${base.href}/`;
    /** The server's origin: the only one whose messages count, the only target of ours. */
    this.origin = base.origin;
    this.timeouts = { ...TIMEOUTS, ...(o.timeouts ?? {}) };
    /** @type {Map<string, Set<(data: any) => void>>} */
    this._listeners = new Map();
    /** @type {Map<string, {resolve: (v: any) => void, reject: (e: Error) => void, timer: ReturnType<typeof setTimeout>}>} */
    this._pending = new Map();
    this._seq = 0;
    this._destroyed = false;
    /** The latest `ready` data, once the room page is up. */
    this.info = null;

    const frame = document.createElement('iframe');
    frame.src = `${new URL(`embed/${encodeURIComponent(o.roomId)}`, root).href}#${encodeURIComponent(o.secret)}`;
    frame.allow = o.allow ?? DEFAULT_ALLOW;
    frame.title = o.title ?? 'Video meeting';
    frame.style.width = o.width ?? '100%';
    frame.style.height = o.height ?? '100%';
    frame.style.border = '0';
    this.iframe = frame;

    /** Resolves with the `ready` data once the room page answers. */
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new TfxEmbedError(
              'not-ready',
              `the room did not answer within ${this.timeouts.ready} ms: is this site's origin in the server's tfx.origins.allowed?`,
            ),
          ),
        this.timeouts.ready,
      );
      this.once('ready', (d) => {
        clearTimeout(timer);
        this.info = d;
        resolve(d);
      });
    });
    this.ready.catch(() => {});

    this._onMessage = (/** @type {MessageEvent} */ e) => {
      if (e.source !== frame.contentWindow || e.origin !== this.origin) return;
      const m = e.data;
      if (!m || typeof m !== 'object' || m.tfx !== PROTOCOL_VERSION) return;
      if (m.type === 'reply' && typeof m.id === 'string') {
        const p = this._pending.get(m.id);
        if (!p) return;
        this._pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.data ?? {});
        else
          p.reject(
            new TfxEmbedError(String(m.error?.code ?? 'error'), String(m.error?.message ?? '')),
          );
      } else if (m.type === 'event' && typeof m.event === 'string') {
        this._emit(m.event, m.data ?? {});
      }
    };
    window.addEventListener('message', this._onMessage);
    // The page may have announced `ready` before our listener could hear it (a cached frame):
    // ask once it has loaded.
    frame.addEventListener('load', () => {
      if (this.info || this._destroyed) return;
      this._send('hello', {}, this.timeouts.ready).then(
        (d) => {
          if (!this.info) this._emit('ready', d);
        },
        () => {},
      );
    });
    container.appendChild(frame);
  }

  /**
   * Listens to an event of the room: ready, joining, waiting, joined, peer-joined, peer-left,
   * peer-updated, muted, camera, room-updated, reconnecting, reconnected, left, error.
   * @param {string} event
   * @param {(data: any) => void} fn
   * @returns {() => void} removes the listener
   */
  on(event, fn) {
    let set = this._listeners.get(event);
    if (!set) this._listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => this.off(event, fn);
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
   * @param {(data: any) => void} fn
   */
  once(event, fn) {
    const off = this.on(event, (d) => {
      off();
      fn(d);
    });
    return off;
  }

  /**
   * @param {string} event
   * @param {any} data
   */
  _emit(event, data) {
    for (const fn of [...(this._listeners.get(event) ?? [])]) {
      try {
        fn(data);
      } catch (err) {
        console.error(`TfxEmbed: listener for "${event}" threw`, err);
      }
    }
  }

  /**
   * Sends a command once the room page is ready; resolves with its reply's data.
   * @param {string} type
   * @param {object} [data]
   * @returns {Promise<any>}
   */
  async command(type, data = {}) {
    await this.ready;
    return this._send(type, data, type === 'join' ? this.timeouts.join : this.timeouts.other);
  }

  /**
   * @param {string} type
   * @param {object} data
   * @param {number} timeout
   */
  _send(type, data, timeout) {
    if (this._destroyed)
      return Promise.reject(new TfxEmbedError('destroyed', 'the room was removed'));
    const id = `c${++this._seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new TfxEmbedError('timeout', `"${type}" got no answer within ${timeout} ms`));
      }, timeout);
      this._pending.set(id, { resolve, reject, timer });
      this.iframe.contentWindow?.postMessage(
        { tfx: PROTOCOL_VERSION, type, id, data },
        this.origin,
      );
    });
  }

  /**
   * Joins the room. Resolves with {peerId, room, self, peers, media} once in.
   * @param {{name?: string, audio?: boolean, video?: boolean, startMuted?: boolean, startCameraOff?: boolean, password?: string, knock?: boolean}} [o]
   */
  join(o = {}) {
    return this.command('join', o);
  }

  /** Leaves the room (the frame then shows "Join again"). */
  leave() {
    return this.command('leave');
  }

  /** @param {boolean} [muted] */
  mute(muted = true) {
    return this.command('mute', { muted });
  }

  unmute() {
    return this.mute(false);
  }

  /** @param {boolean} on */
  camera(on) {
    return this.command('camera', { on });
  }

  /** @param {string} name */
  setName(name) {
    return this.command('setName', { name });
  }

  /** @param {string} id a widget id, e.g. "chat" */
  openWidget(id) {
    return this.command('openWidget', { id });
  }

  closeWidget() {
    return this.command('closeWidget');
  }

  /** @param {{header?: boolean, controls?: boolean}} o */
  setUi(o) {
    return this.command('setUi', o);
  }

  /** @returns {Promise<{state: string, roomId: string, room: object, self: object|null, peers: object[], widgets: string[]}>} */
  getState() {
    return this.command('getState');
  }

  /** Removes the frame (which leaves the room) and forgets every listener. */
  destroy() {
    if (this._destroyed) return;
    this._destroyed = true;
    window.removeEventListener('message', this._onMessage);
    for (const p of this._pending.values()) {
      clearTimeout(p.timer);
      p.reject(new TfxEmbedError('destroyed', 'the room was removed'));
    }
    this._pending.clear();
    this._listeners.clear();
    this.iframe.remove();
  }
}
