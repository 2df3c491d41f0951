// @ts-check
import {
  BRIDGE_HELLO,
  BRIDGE_VERSION,
  FRAME_EVENTS,
  checkFrameRequest,
} from './bridge-protocol.js';
import { publicPeer } from './context.js';

/**
 * @typedef {import('./runtime.js').WidgetRuntime} WidgetRuntime
 * @typedef {import('./context.js').HostUi} HostUi
 */

/** Requests a frame may make per second on average, and in a burst. */
const RATE = 50;
const BURST = 200;

/**
 * The page side of a third-party widget: a `sandbox="allow-scripts"` frame (an opaque origin:
 * no access to this page, its storage, cookies or the signalling socket) and a MessagePort that
 * offers the widget the same API as built-in widgets get, minus media, tiles and the server API.
 */
export class SandboxBridge {
  /**
   * @param {WidgetRuntime} rt
   * @param {{root: HTMLElement, ui: HostUi, frameUrl: string}} o
   */
  constructor(rt, o) {
    this.rt = rt;
    this.ui = o.ui;
    this.id = rt.entry.id;
    /** @type {MessagePort|null} */
    this.port = null;
    this._tokens = BURST;
    this._refill = Date.now();
    this._throttledAt = 0;
    /** @type {Array<() => void>} */
    this._offs = [];

    const frame = document.createElement('iframe');
    frame.className = 'widget-frame';
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('allow', '');
    frame.setAttribute('title', rt.entry.name);
    frame.dataset.widgetId = this.id;
    frame.src = o.frameUrl;
    // Every (re)load of the frame gets a fresh port; the old one is closed.
    frame.addEventListener('load', () => this._connect());
    this.frame = frame;
    o.root.appendChild(frame);

    for (const name of FRAME_EVENTS) {
      this._offs.push(rt.events.on(name, (data) => this._event(name, data)));
    }
    this._offs.push(rt.events.on('state', (e) => this._stateChanged(e)));
    this._offs.push(
      rt.presence.on(() => this._post({ t: 'presence', presence: rt.presence.all() })),
    );
  }

  _connect() {
    this.port?.close();
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.port.onmessage = (e) => this._request(e.data);
    // An opaque origin can only be addressed with '*'; the port makes the link private.
    this.frame.contentWindow?.postMessage({ tfx: BRIDGE_HELLO, v: BRIDGE_VERSION }, '*', [
      channel.port2,
    ]);
  }

  /** @param {any} msg */
  _post(msg) {
    try {
      this.port?.postMessage(msg);
    } catch (err) {
      console.warn(`tfx widget ${this.id}: cannot post to frame`, err);
    }
  }

  _allow() {
    const now = Date.now();
    this._tokens = Math.min(BURST, this._tokens + ((now - this._refill) / 1000) * RATE);
    this._refill = now;
    if (this._tokens >= 1) {
      this._tokens -= 1;
      return true;
    }
    if (now - this._throttledAt > 1000) {
      this._throttledAt = now;
      this._post({ t: 'error', code: 'ERR_RATE_LIMITED', message: 'too many requests' });
    }
    return false;
  }

  /** @param {any} r */
  _request(r) {
    if (!this._allow()) return;
    const problem = checkFrameRequest(r);
    if (problem) {
      this._post({ t: 'error', code: 'ERR_BAD_REQUEST', message: problem });
      return;
    }
    try {
      this._apply(r);
    } catch (err) {
      const e = /** @type {any} */ (err);
      const error = { code: e?.code ?? 'ERR_BAD_REQUEST', message: String(e?.message ?? e) };
      if (r.rid) this._post({ t: 'result', rid: r.rid, error });
      else this._post({ t: 'error', ...error });
    }
  }

  /** @param {any} r a checked request */
  _apply(r) {
    const { rt } = this;
    const state = rt.state;
    switch (r.t) {
      case 'ready':
        return this._post({ t: 'init', ...this._snapshot() });
      case 'send':
        return rt.sendMessage(r.to, r.msg);
      case 'broadcast':
        return rt.sendMessage(null, r.msg);
      case 'state':
        if (r.op === 'set') return state.set(r.key, r.value);
        if (r.op === 'append') {
          return this._post({ t: 'result', rid: r.rid, id: state.append(r.list, r.value) });
        }
        if (r.op === 'remove') return state.remove(r.id);
        return state.clear(r.list);
      case 'presence':
        return rt.presence.set(r.value);
      case 'ui':
        if (r.op === 'badge') return this.ui.setBadge(this.id, r.value);
        if (r.op === 'notify') return this.ui.notify(this.id, `${rt.entry.name}: ${r.text}`);
        if (r.op === 'open') return this.ui.open(this.id);
        return this.ui.close(this.id);
    }
  }

  _self() {
    const s = this.rt.session;
    return { peerId: s.peerId ?? '', name: s.name, owner: s.owner, muted: s.muted };
  }

  _snapshot() {
    const { rt } = this;
    const state = rt.state;
    return {
      widget: { id: this.id, name: rt.entry.name, version: rt.entry.version },
      self: this._self(),
      peers: [...rt.session.peers.values()].map(publicPeer),
      state: {
        entries: Object.fromEntries(state.keys().map((k) => [k, state.entry(k)])),
        lists: Object.fromEntries(state.listNames().map((l) => [l, state.list(l)])),
      },
      presence: rt.presence.all(),
      visible: this.ui.isVisible(this.id),
    };
  }

  /**
   * @param {string} name
   * @param {any} data
   */
  _event(name, data) {
    let out = data;
    if (name === 'peer-joined' || name === 'peer-updated') out = { peer: publicPeer(data.peer) };
    else if (name === 'message') out = { from: data.from, payload: data.payload };
    this._post({ t: 'event', name, data: out, self: this._self() });
  }

  /** @param {{keys: string[], lists: string[], local: boolean, catchUp: boolean}} e */
  _stateChanged(e) {
    const state = this.rt.state;
    this._post({
      t: 'state',
      entries: Object.fromEntries(e.keys.map((k) => [k, state.entry(k) ?? null])),
      lists: Object.fromEntries(e.lists.map((l) => [l, state.list(l)])),
      local: e.local,
      catchUp: e.catchUp,
    });
  }

  close() {
    this._offs.forEach((off) => off());
    this.port?.close();
    this.port = null;
    this.frame.remove();
  }
}
