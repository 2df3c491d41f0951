// @ts-check
import { Emitter } from './emitter.js';
import { backoffDelay } from './backoff.js';
import { decodeServerFrame, encodeClientFrame } from './codec.js';

export const PING_INTERVAL_MS = 20_000;
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * @typedef {object} SignalingOptions
 * @property {string} url ws(s)://host/signal
 * @property {typeof WebSocket} WebSocketImpl
 * @property {() => any} hello builds the `hello` frame for each (re)connect, so it always
 *   carries the newest resume token
 * @property {import('./backoff.js').BackoffOptions} [backoff]
 */

/**
 * One signalling WebSocket with keep-alive and automatic reconnect. It does not interpret
 * frames: it hands decoded ones to the session (`frame`) and reports its own life cycle
 * (`open`, `close` {code, reason}, `reconnecting` {attempt, delayMs}, `unreachable`).
 */
export class SignalingClient extends Emitter {
  /** @param {SignalingOptions} o */
  constructor(o) {
    super();
    this._o = o;
    /** @type {WebSocket|null} */
    this.ws = null;
    /** false once the session ended: no more reconnects */
    this.active = true;
    /** consecutive failed attempts */
    this.attempt = 0;
    /** whether any socket ever opened */
    this.everOpened = false;
    /** @type {ReturnType<typeof setTimeout>|undefined} */ this._retryTimer = undefined;
    /** @type {ReturnType<typeof setInterval>|undefined} */ this._pingTimer = undefined;
    /** @type {ReturnType<typeof setTimeout>|undefined} */ this._connectTimer = undefined;
    this.lastPongAt = 0;
    // Back online (browsers only): retry now rather than at the end of the back-off.
    this._onOnline = () => {
      if (this.active && !this.ws && this._retryTimer !== undefined) this.connect();
    };
    globalThis.addEventListener?.('online', this._onOnline);
  }

  connect() {
    if (!this.active) return;
    clearTimeout(this._retryTimer);
    this._retryTimer = undefined;
    let ws;
    try {
      ws = new this._o.WebSocketImpl(this._o.url);
    } catch (err) {
      this._onClose(null, 1006, String(err));
      return;
    }
    this.ws = ws;
    let opened = false;
    let failed = false;
    // Some failures (e.g. a CSP block) fire no close event: every way out ends up here once.
    const fail = (/** @type {number} */ code, /** @type {string} */ reason) => {
      if (failed) return;
      failed = true;
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        if (ws.readyState <= 1) ws.close();
      } catch {
        /* already closed */
      }
      this._onClose(ws, code, reason);
    };
    this._connectTimer = setTimeout(() => {
      if (!opened) fail(1006, 'connect timeout');
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      opened = true;
      clearTimeout(this._connectTimer);
      if (ws !== this.ws) return;
      this.everOpened = true;
      this.sendRaw(this._o.hello());
      this._pingTimer = setInterval(
        () => this.sendRaw({ type: 'ping', ts: Date.now() }),
        PING_INTERVAL_MS,
      );
      this.emit('open');
    };
    ws.onmessage = (e) => {
      if (ws !== this.ws) return;
      const text = typeof e.data === 'string' ? e.data : String(e.data);
      const res = decodeServerFrame(text);
      if (res.ok) {
        if (res.msg.type === 'pong') this.lastPongAt = Date.now();
        this.emit('frame', res.msg);
      } else {
        this.emit('bad-frame', { reason: res.reason, text: text.slice(0, 200) });
      }
    };
    ws.onclose = (e) => fail(e.code, e.reason);
    ws.onerror = () => {
      // Before open, an error means the attempt failed; after open, onclose follows.
      if (!opened) fail(1006, 'connect error');
    };
  }

  /** Marks the connection as healthy (a `welcome` arrived): backoff starts over. */
  resetBackoff() {
    this.attempt = 0;
  }

  /**
   * @param {WebSocket|null} ws
   * @param {number} code
   * @param {string} reason
   */
  _onClose(ws, code, reason) {
    if (ws && ws !== this.ws) return;
    clearInterval(this._pingTimer);
    clearTimeout(this._connectTimer);
    this.ws = null;
    this.emit('close', { code, reason });
    if (!this.active) return;
    if (!this.everOpened) this.emit('unreachable', { attempt: this.attempt });
    const delayMs = backoffDelay(this.attempt, this._o.backoff);
    this.attempt++;
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this._retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  /** @returns {boolean} */
  get isOpen() {
    return !!this.ws && this.ws.readyState === 1;
  }

  /**
   * @param {any} msg a client frame object
   * @returns {boolean} whether it was written to an open socket
   */
  sendRaw(msg) {
    const text = encodeClientFrame(msg);
    if (!this.isOpen) return false;
    /** @type {WebSocket} */ (this.ws).send(text);
    return true;
  }

  /**
   * Drops the socket as if the network had failed; the client reconnects as usual.
   * For tests and for "the network changed" hints from the embedding page.
   */
  drop() {
    if (this.ws) this.ws.close(4000, 'client drop');
  }

  /**
   * Ends for good.
   * @param {number} [code]
   */
  close(code = 1000) {
    this.active = false;
    globalThis.removeEventListener?.('online', this._onOnline);
    clearTimeout(this._retryTimer);
    clearInterval(this._pingTimer);
    clearTimeout(this._connectTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= 1) ws.close(code);
  }
}
