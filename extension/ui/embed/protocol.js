// @ts-check
/**
 * The embed page's postMessage API (docs/developer/embed-api.md): the page around the frame sends
 * commands, the embed page answers each with a reply and tells it what happens with events.
 *
 *   command  parent → embed   {tfx: 1, type: "join", id: "7", data: {…}}
 *   reply    embed → parent   {tfx: 1, type: "reply", id: "7", ok: true, data: {…}}
 *                             {tfx: 1, type: "reply", id: "7", ok: false, error: {code, message}}
 *   event    embed → parent   {tfx: 1, type: "event", event: "peer-joined", data: {…}}
 *
 * Messages are accepted only from the frame's parent (`event.source === window.parent`) and
 * only when its origin is one the server allows to embed rooms (`embedOrigins` of
 * `/api/client-config`); everything else is dropped without an answer. Answers and events go to
 * that origin only (an explicit targetOrigin, never "*"). This module knows no DOM beyond the
 * window it is given, so it is unit-tested in node.
 */

export const PROTOCOL_VERSION = 1;

/** Commands the embed page understands. */
export const COMMANDS = Object.freeze([
  'hello',
  'getState',
  'join',
  'leave',
  'mute',
  'camera',
  'setName',
  'openWidget',
  'closeWidget',
  'setUi',
]);

/** Events the embed page sends. */
export const EVENTS = Object.freeze([
  'ready',
  'joining',
  'waiting',
  'joined',
  'peer-joined',
  'peer-left',
  'peer-updated',
  'muted',
  'camera',
  'room-updated',
  'reconnecting',
  'reconnected',
  'left',
  'error',
]);

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Messages kept while the allowed origins are still loading. */
const QUEUE_LIMIT = 32;

/** An error a command answers with. */
export class EmbedError extends Error {
  /**
   * @param {string} code e.g. "not-joined"
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'EmbedError';
    this.code = code;
  }
}

/**
 * Reads a command. Messages that are not ours (no `tfx: 1`) give null: other scripts on the
 * parent page may use postMessage too.
 * @param {unknown} raw
 * @returns {null | {ok: true, type: string, id: string|null, data: Record<string, unknown>} | {ok: false, id: string|null, code: string, message: string}}
 */
export function parseCommand(raw) {
  const m = /** @type {any} */ (raw);
  if (!m || typeof m !== 'object' || Array.isArray(m) || m.tfx !== PROTOCOL_VERSION) return null;
  /** @type {string|null} */
  let id = null;
  if (m.id !== undefined && m.id !== null) {
    if (typeof m.id === 'number' && Number.isSafeInteger(m.id)) id = String(m.id);
    else if (typeof m.id === 'string' && ID.test(m.id)) id = m.id;
    else
      return {
        ok: false,
        id: null,
        code: 'invalid-message',
        message: 'id must be 1–64 characters [A-Za-z0-9_.:-] or an integer',
      };
  }
  if (typeof m.type !== 'string') {
    return { ok: false, id, code: 'invalid-message', message: 'type must be a command name' };
  }
  if (!COMMANDS.includes(m.type)) {
    return {
      ok: false,
      id,
      code: 'unknown-command',
      message: `unknown command "${m.type.slice(0, 40)}"; known: ${COMMANDS.join(', ')}`,
    };
  }
  const data = m.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, id, code: 'invalid-message', message: 'data must be an object' };
  }
  return { ok: true, type: m.type, id, data };
}

/**
 * Argument checks shared by the handlers.
 * @param {Record<string, unknown>} data
 * @param {string} key
 * @param {boolean} [fallback] the value when missing; required when undefined
 */
export function boolArg(data, key, fallback) {
  const v = data[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean')
    throw new EmbedError('invalid-argument', `${key} must be true or false`);
  return v;
}

/**
 * @param {Record<string, unknown>} data
 * @param {string} key
 * @param {{max: number, required?: boolean}} o
 * @returns {string|undefined}
 */
export function stringArg(data, key, o) {
  const v = data[key];
  if (v === undefined && !o.required) return undefined;
  if (typeof v !== 'string' || !v.trim() || v.length > o.max) {
    throw new EmbedError('invalid-argument', `${key} must be a text of 1–${o.max} characters`);
  }
  return v;
}

/**
 * @typedef {(data: Record<string, unknown>) => unknown} Handler returns (or resolves to) the reply's data; throws EmbedError
 *
 * @typedef {object} EmbedWindow the parts of `window` the API uses
 * @property {(type: 'message', fn: (e: MessageEvent) => void) => void} addEventListener
 * @property {(type: 'message', fn: (e: MessageEvent) => void) => void} removeEventListener
 * @property {any} parent
 * @property {{ancestorOrigins?: ArrayLike<string>}} location
 */

/**
 * Serves the postMessage API of one embed page.
 */
export class EmbedApi {
  /**
   * @param {{window: EmbedWindow, allowed: Promise<string[]>, handlers: Record<string, Handler>}} o
   *   `allowed`: the origins that may drive the page (may reject: then nobody may)
   */
  constructor(o) {
    this.win = o.window;
    this.handlers = o.handlers;
    /** @type {string[]|null} null while loading */
    this.allowed = null;
    /** @type {string|null} the parent's origin, once known and allowed */
    this.parentOrigin = null;
    /** @type {MessageEvent[]} */
    this._queue = [];
    this._onMessage = (/** @type {MessageEvent} */ e) => this._receive(e);
    this.framed = !!this.win.parent && this.win.parent !== this.win;
    this.win.addEventListener('message', this._onMessage);
    this.loaded = o.allowed.then(
      (list) => this._setAllowed(list),
      () => this._setAllowed([]),
    );
  }

  /** @param {string[]} list */
  _setAllowed(list) {
    this.allowed = list.filter((x) => typeof x === 'string' && /^https?:\/\/[^/]+$/.test(x));
    // Chromium and Safari tell a frame its parent's origin: events can go there before the
    // parent said anything.
    const parent = this.win.location.ancestorOrigins?.[0];
    if (parent && this.allowed.includes(parent)) this.parentOrigin = parent;
    for (const e of this._queue.splice(0)) this._receive(e);
  }

  /**
   * Whether a message comes from the page that frames us, on an allowed origin.
   * @param {MessageEvent} e
   */
  trusted(e) {
    return (
      this.framed &&
      e.source === this.win.parent &&
      this.allowed !== null &&
      typeof e.origin === 'string' &&
      this.allowed.includes(e.origin)
    );
  }

  /** @param {MessageEvent} e */
  _receive(e) {
    if (this.allowed === null) {
      // Not known yet which origins may talk to us: keep a few until it is.
      if (this.framed && e.source === this.win.parent && this._queue.length < QUEUE_LIMIT) {
        this._queue.push(e);
      }
      return;
    }
    if (!this.trusted(e)) return;
    const cmd = parseCommand(e.data);
    if (!cmd) return;
    this.parentOrigin = e.origin;
    if (!cmd.ok) {
      this._reply(cmd.id, { code: cmd.code, message: cmd.message });
      return;
    }
    const handler = this.handlers[cmd.type];
    if (!handler) {
      this._reply(cmd.id, { code: 'unknown-command', message: `"${cmd.type}" is not available` });
      return;
    }
    Promise.resolve()
      .then(() => handler(cmd.data))
      .then(
        (data) => this._reply(cmd.id, null, data ?? {}),
        (err) =>
          this._reply(cmd.id, {
            code: err instanceof EmbedError ? err.code : 'internal',
            message: String(err?.message ?? err),
          }),
      );
  }

  /**
   * @param {string|null} id
   * @param {{code: string, message: string}|null} error
   * @param {unknown} [data]
   */
  _reply(id, error, data) {
    if (id === null) {
      // A command without an id wants no reply; its failure still deserves a word.
      if (error) this.emit('error', { ...error, command: true });
      return;
    }
    this._post(
      error
        ? { tfx: PROTOCOL_VERSION, type: 'reply', id, ok: false, error }
        : { tfx: PROTOCOL_VERSION, type: 'reply', id, ok: true, data },
    );
  }

  /**
   * Tells the parent something happened.
   * @param {string} event one of EVENTS
   * @param {unknown} [data]
   */
  emit(event, data = {}) {
    this._post({ tfx: PROTOCOL_VERSION, type: 'event', event, data });
  }

  /** @param {object} msg */
  _post(msg) {
    if (!this.framed || this.allowed === null) return;
    // Before the parent spoke (and where browsers do not tell a frame its parent's origin), we
    // post once per allowed origin: the browser delivers only the one that matches the parent.
    const targets = this.parentOrigin ? [this.parentOrigin] : this.allowed;
    for (const origin of targets) {
      try {
        this.win.parent.postMessage(msg, origin);
      } catch {
        /* the parent went away */
      }
    }
  }

  close() {
    this.win.removeEventListener('message', this._onMessage);
    this._queue = [];
  }
}
