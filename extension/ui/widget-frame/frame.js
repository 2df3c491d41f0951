// @ts-check
/**
 * Runs inside the sandboxed frame of a third-party widget (served as /lib/widget-frame.js). It
 * waits for the port the room page hands over, loads the widget's module and gives it the same
 * `ctx` as built-in widgets get — backed by requests to the page instead of the session.
 *
 * The frame page names the widget in `<meta name="tfx-widget" content='{"id", "entry", "style"}'>`
 * (JSON); the page's own CSP decides which scripts may load at all.
 */
import { BRIDGE_HELLO, FRAME_EVENTS } from '../widgets/bridge-protocol.js';
import { jsonSize } from '../../lib/sdk/shared-state.js';

const MAX_MESSAGE_BYTES = 48 * 1024;

/** @returns {{id: string, entry: string, style: string|null}|null} */
function declaredWidget() {
  const meta = document.querySelector('meta[name="tfx-widget"]');
  if (!meta) return null;
  try {
    const w = JSON.parse(meta.getAttribute('content') ?? '');
    if (typeof w.id !== 'string' || typeof w.entry !== 'string') return null;
    return { id: w.id, entry: w.entry, style: typeof w.style === 'string' ? w.style : null };
  } catch {
    return null;
  }
}

/** @returns {Promise<MessagePort>} the port from the room page (the first one only) */
function awaitPort() {
  return new Promise((resolve) => {
    const onMessage = (/** @type {MessageEvent} */ e) => {
      if (e.source !== window.parent || e.data?.tfx !== BRIDGE_HELLO || !e.ports[0]) return;
      window.removeEventListener('message', onMessage);
      resolve(e.ports[0]);
    };
    window.addEventListener('message', onMessage);
  });
}

/**
 * @param {string} href
 */
function addStyle(href) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.appendChild(link);
}

/**
 * Builds the widget's ctx on top of the port.
 * @param {MessagePort} port
 * @param {any} init
 * @param {HTMLElement} container
 */
function frameContext(port, init, container) {
  /** @type {Map<string, Set<(d: any) => void>>} */
  const listeners = new Map();
  /** @type {Map<string, any>} */
  const entries = new Map(Object.entries(init.state?.entries ?? {}));
  /** @type {Map<string, any[]>} */
  const lists = new Map(Object.entries(init.state?.lists ?? {}));
  /** @type {Map<string, any>} */
  const peers = new Map((init.peers ?? []).map((/** @type {any} */ p) => [p.peerId, p]));
  /** @type {Array<{peerId: string, value: unknown}>} */
  let presence = Array.isArray(init.presence) ? init.presence : [];
  let self = init.self;
  let visible = !!init.visible;
  let rid = 0;

  const emit = (/** @type {string} */ name, /** @type {any} */ data) => {
    for (const fn of [...(listeners.get(name) ?? [])]) {
      try {
        fn(data);
      } catch (err) {
        console.error(`widget listener for "${name}" threw`, err);
      }
    }
  };
  const on = (/** @type {string} */ name, /** @type {(d: any) => void} */ fn) => {
    if (!FRAME_EVENTS.includes(name) && !['state', 'presence', 'error'].includes(name)) {
      throw new TypeError(`unknown widget event "${name}"`);
    }
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => set?.delete(fn);
  };
  const request = (/** @type {any} */ r) => port.postMessage(r);
  const checkSize = (/** @type {unknown} */ v) => {
    if (v === undefined) throw new TypeError('message must be a JSON value');
    if (jsonSize(v) > MAX_MESSAGE_BYTES) throw new RangeError('message larger than 48 KiB');
  };

  port.onmessage = (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (m.t === 'event') {
      if (m.self) self = m.self;
      if (m.name === 'peer-joined' || m.name === 'peer-updated')
        peers.set(m.data.peer.peerId, m.data.peer);
      if (m.name === 'peer-left') peers.delete(m.data.peerId);
      if (m.name === 'show') visible = true;
      if (m.name === 'hide') visible = false;
      emit(m.name, m.data);
    } else if (m.t === 'state') {
      for (const [k, v] of Object.entries(m.entries ?? {})) {
        if (v === null) entries.delete(k);
        else entries.set(k, v);
      }
      for (const [l, items] of Object.entries(m.lists ?? {})) lists.set(l, items);
      emit('state', {
        keys: Object.keys(m.entries ?? {}),
        lists: Object.keys(m.lists ?? {}),
        local: !!m.local,
        catchUp: !!m.catchUp,
      });
    } else if (m.t === 'presence' && Array.isArray(m.presence)) {
      const before = new Map(presence.map((p) => [p.peerId, JSON.stringify(p.value)]));
      presence = m.presence;
      const peersChanged = new Set(before.keys());
      for (const p of presence) {
        if (before.get(p.peerId) === JSON.stringify(p.value)) peersChanged.delete(p.peerId);
        else peersChanged.add(p.peerId);
      }
      if (peersChanged.size) emit('presence', { peers: [...peersChanged] });
    } else if (m.t === 'error') {
      emit('error', { code: m.code, message: m.message });
    }
  };

  return Object.freeze({
    widget: Object.freeze({ ...init.widget }),
    get self() {
      return { ...self };
    },
    peers: () => [...peers.values()].map((p) => ({ ...p })),
    peer: (/** @type {string} */ id) => (peers.has(id) ? { ...peers.get(id) } : undefined),
    on,
    send(/** @type {string} */ to, /** @type {unknown} */ msg) {
      checkSize(msg);
      request({ t: 'send', to, msg });
    },
    broadcast(/** @type {unknown} */ msg) {
      checkSize(msg);
      request({ t: 'broadcast', msg });
    },
    state: Object.freeze({
      get: (/** @type {string} */ k) => entries.get(k)?.value,
      entry: (/** @type {string} */ k) => entries.get(k),
      keys: () => [...entries.keys()],
      list: (/** @type {string} */ l = '') => [...(lists.get(l) ?? [])],
      set: (/** @type {string} */ key, /** @type {unknown} */ value) =>
        request({ t: 'state', op: 'set', key, value: value === undefined ? null : value }),
      /** Resolves with the new item's id. */
      append: (/** @type {string} */ list, /** @type {unknown} */ value) =>
        new Promise((resolve, reject) => {
          const id = `r${++rid}`;
          const onResult = (/** @type {MessageEvent} */ e) => {
            if (e.data?.t !== 'result' || e.data.rid !== id) return;
            port.removeEventListener('message', onResult);
            if (e.data.error) reject(Object.assign(new Error(e.data.error.message), e.data.error));
            else resolve(e.data.id);
          };
          port.addEventListener('message', onResult);
          request({ t: 'state', op: 'append', list, value, rid: id });
        }),
      remove: (/** @type {string} */ id) => request({ t: 'state', op: 'remove', id }),
      clear: (/** @type {string} */ list = '') => request({ t: 'state', op: 'clear', list }),
      on: (/** @type {(e: any) => void} */ fn) => on('state', fn),
    }),
    presence: Object.freeze({
      set: (/** @type {unknown} */ value) =>
        request({ t: 'presence', value: value === undefined ? null : value }),
      get: (/** @type {string} */ peerId) => presence.find((p) => p.peerId === peerId)?.value,
      all: () => presence.map((p) => ({ ...p })),
      on: (/** @type {(e: any) => void} */ fn) => on('presence', fn),
    }),
    container,
    get visible() {
      return visible;
    },
    ui: Object.freeze({
      setBadge: (/** @type {number|string|null} */ value) =>
        request({ t: 'ui', op: 'badge', value }),
      notify: (/** @type {string} */ text) =>
        request({ t: 'ui', op: 'notify', text: String(text) }),
      open: () => request({ t: 'ui', op: 'open' }),
      close: () => request({ t: 'ui', op: 'close' }),
    }),
    media: null,
  });
}

async function main() {
  const widget = declaredWidget();
  const container = /** @type {HTMLElement} */ (
    document.getElementById('widget-root') ??
      document.body.appendChild(document.createElement('div'))
  );
  if (!widget) {
    container.textContent = 'This page runs a TFX Sessions widget inside a meeting.';
    return;
  }
  addStyle(new URL('../app/widget-base.css', import.meta.url).href);
  if (widget.style) addStyle(widget.style);
  const port = await awaitPort();
  const init = await new Promise((resolve) => {
    port.onmessage = (e) => e.data?.t === 'init' && resolve(e.data);
    port.start();
    port.postMessage({ t: 'ready' });
  });
  const ctx = frameContext(port, init, container);
  const mod = await import(widget.entry);
  if (typeof mod.mount !== 'function')
    throw new Error(`${widget.id}: the module exports no mount(ctx)`);
  await mod.mount(ctx);
}

main().catch((err) => {
  console.error('widget frame:', err);
  const p = document.createElement('p');
  p.className = 'widget-error';
  p.textContent = `This widget could not start: ${err?.message ?? err}`;
  document.body.appendChild(p);
});
