// @ts-check
import { Emitter } from './emitter.js';
import { Negotiator, classifySignal } from './negotiation.js';

/** How long ICE may stay `disconnected` before we restart it. */
export const DISCONNECTED_RESTART_MS = 4000;
const KINDS = /** @type {const} */ (['audio', 'video']);

/** @returns {string} */
export function randomId() {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 12);
}

/**
 * @typedef {object} PeerLinkOptions
 * @property {string} peerId the remote peer
 * @property {boolean} polite
 * @property {boolean} initiator true: we offer at once; false: we wait for the remote offer
 * @property {RTCIceServer[]} iceServers
 * @property {typeof RTCPeerConnection} RTCPeerConnectionImpl
 * @property {RTCIceTransportPolicy} [iceTransportPolicy]
 * @property {MediaStream|null} localStream
 * @property {(kind: 'audio'|'video') => MediaStreamTrack|null} [trackFor] the track to send for a
 *   kind (default: the local stream's); lets the session send a processed track
 * @property {(payload: any) => void} sendSignal
 */

/**
 * One RTCPeerConnection to one remote peer: media transceivers, one negotiated data channel
 * (id 0, multiplexed by channel name), perfect negotiation and ICE restarts.
 *
 * Events: `track` {track, streams}, `state` {connectionState, iceConnectionState},
 * `data` {channel, payload}, `channel-open`, `channel-close`, `error`.
 */
export class PeerLink extends Emitter {
  /** @param {PeerLinkOptions} o */
  constructor(o) {
    super();
    this.peerId = o.peerId;
    this.initiator = o.initiator;
    this.localConn = randomId();
    /** @type {string|null} */
    this.remoteConn = null;
    this.localStream = o.localStream;
    this._trackFor =
      o.trackFor ??
      ((/** @type {'audio'|'video'} */ kind) =>
        this.localStream?.getTracks().find((t) => t.kind === kind) ?? null);
    this._sendSignal = o.sendSignal;
    /** @type {Record<string, RTCRtpTransceiver>} */
    this._transceivers = {};
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._disconnectTimer = undefined;
    this.closed = false;

    const pc = new o.RTCPeerConnectionImpl({
      iceServers: o.iceServers,
      iceTransportPolicy: o.iceTransportPolicy ?? 'all',
    });
    this.pc = pc;
    this.dc = pc.createDataChannel('tfx', { negotiated: true, id: 0, ordered: true });
    this.dc.onopen = () => this.emit('channel-open');
    this.dc.onclose = () => this.emit('channel-close');
    this.dc.onmessage = (e) => this._onData(e.data);

    this.negotiator = new Negotiator({
      pc,
      polite: o.polite,
      send: (p) => this._send(p),
      beforeAnswer: () => this._attachToOffered(),
      onError: (err) => this.emit('error', err),
    });
    pc.addEventListener('track', (e) => this.emit('track', { track: e.track, streams: e.streams }));
    pc.addEventListener('connectionstatechange', () => this._onStateChange());
    pc.addEventListener('iceconnectionstatechange', () => this._onStateChange());
    if (o.initiator) this._addTransceivers();
  }

  /** @param {any} payload */
  _send(payload) {
    if (this.closed) return;
    const full = { conn: this.localConn, ...payload };
    if (this.remoteConn) full.toConn = this.remoteConn;
    this._sendSignal(full);
  }

  /** The offerer side: one sendrecv transceiver per kind, even without a local track. */
  _addTransceivers() {
    const streams = this.localStream ? [this.localStream] : [];
    for (const kind of KINDS) {
      const track = this._trackFor(kind);
      this._transceivers[kind] = this.pc.addTransceiver(track ?? kind, {
        direction: 'sendrecv',
        streams,
      });
    }
  }

  /** The answerer side: put our tracks on the transceivers the offer created. */
  async _attachToOffered() {
    for (const t of this.pc.getTransceivers()) {
      const kind = /** @type {'audio'|'video'} */ (t.receiver.track.kind);
      if (this._transceivers[kind] || t.currentDirection === 'stopped') continue;
      this._transceivers[kind] = t;
      t.direction = 'sendrecv';
      const track = this._trackFor(kind);
      if (track) await t.sender.replaceTrack(track);
      if (this.localStream && t.sender.setStreams) t.sender.setStreams(this.localStream);
    }
  }

  /**
   * @param {any} payload
   * @returns {'accept'|'stale'|'rebuild'}
   */
  classify(payload) {
    return classifySignal(payload, { localConn: this.localConn, remoteConn: this.remoteConn });
  }

  /**
   * Applies a payload the caller classified as `accept`.
   * @param {any} payload
   */
  handleSignal(payload) {
    if (this.remoteConn === null) this.remoteConn = payload.conn;
    return this.negotiator.handle(payload);
  }

  /**
   * @param {'audio'|'video'} kind
   * @param {MediaStreamTrack|null} track
   */
  async replaceTrack(kind, track) {
    const t = this._transceivers[kind];
    if (t && t.currentDirection !== 'stopped') await t.sender.replaceTrack(track);
  }

  /** @param {MediaStream|null} stream */
  setLocalStream(stream) {
    this.localStream = stream;
  }

  /** @param {RTCIceServer[]} iceServers */
  setIceServers(iceServers) {
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (err) {
      this.emit('error', err);
    }
  }

  /** Takes back a local offer the other side never got. */
  rollbackUndelivered() {
    if (this.closed || this.pc.signalingState !== 'have-local-offer') return;
    this.pc.setLocalDescription({ type: 'rollback' }).catch((err) => this.emit('error', err));
  }

  restartIce() {
    if (this.closed) return;
    this.pc.restartIce();
  }

  /** @returns {boolean} whether ICE looks broken and wants a restart */
  needsRestart() {
    const s = this.pc.iceConnectionState;
    return s === 'failed' || s === 'disconnected';
  }

  _onStateChange() {
    if (this.closed) return;
    const ice = this.pc.iceConnectionState;
    if (ice === 'failed') {
      this.restartIce();
    } else if (ice === 'disconnected') {
      if (this._disconnectTimer === undefined) {
        this._disconnectTimer = setTimeout(() => {
          this._disconnectTimer = undefined;
          if (this.pc.iceConnectionState === 'disconnected') this.restartIce();
        }, DISCONNECTED_RESTART_MS);
      }
    } else {
      clearTimeout(this._disconnectTimer);
      this._disconnectTimer = undefined;
    }
    this.emit('state', {
      connectionState: this.pc.connectionState,
      iceConnectionState: ice,
    });
  }

  /** @returns {boolean} */
  get channelOpen() {
    return this.dc.readyState === 'open';
  }

  /**
   * @param {string} channel
   * @param {unknown} payload
   * @returns {boolean} false when the data channel is not open (caller falls back to relay)
   */
  sendData(channel, payload) {
    if (!this.channelOpen) return false;
    try {
      this.dc.send(JSON.stringify({ c: channel, p: payload }));
      return true;
    } catch {
      return false;
    }
  }

  /** @param {unknown} raw */
  _onData(raw) {
    if (typeof raw !== 'string') return;
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (msg && typeof msg.c === 'string' && 'p' in msg) {
      this.emit('data', { channel: msg.c, payload: msg.p });
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this._disconnectTimer);
    this.negotiator.close();
    try {
      this.dc.close();
    } catch {
      /* already closed */
    }
    this.pc.close();
  }
}
