// @ts-check
import { Emitter } from './emitter.js';
import { Negotiator, classifySignal } from './negotiation.js';
import { backoffDelay } from './backoff.js';

/** How long ICE may stay `disconnected` before we restart it. */
export const DISCONNECTED_RESTART_MS = 4000;

/**
 * ICE restarts of a broken connection: the first after about a second, then doubling up to 8 s,
 * and on for as long as the link lives (the room decides when a peer is gone, not a retry
 * count). The cap bounds how long a call waits after its relay comes back: a restart within 8 s,
 * connected a few seconds later.
 */
export const RESTART_BACKOFF = Object.freeze({ baseMs: 1000, maxMs: 8000, factor: 2, jitter: 0.3 });

/**
 * What the user should be told about one connection: `connecting` until it first connects or
 * while a restart is under way after a short drop, `connected`, or `failed` (no path right now;
 * restarts go on in the background) — with `relayUnreachable` when the TURN server did not
 * answer at the last attempt.
 * @typedef {{status: 'connecting'|'connected'|'failed', relayUnreachable: boolean, restarts: number}} LinkHealth
 */
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
 * @property {MediaStream|null} [screenStream] our screen share, sent on extra transceivers
 * @property {(kind: 'audio'|'video') => MediaStreamTrack|null} [trackFor] the track to send for a
 *   kind (default: the local stream's); lets the session send a processed track
 * @property {(payload: any) => void} sendSignal
 * @property {() => Promise<RTCIceServer[]|null>} [freshIceServers] fresh TURN credentials before an
 *   ICE restart (null: keep the current ones)
 */

/** Most screen streams one peer may announce; more are ignored. */
export const MAX_SCREENS = 4;

/**
 * The screen stream ids a description payload announces, checked: peers may send anything.
 * @param {unknown} screens
 * @returns {string[]}
 */
export function readScreens(screens) {
  if (!Array.isArray(screens)) return [];
  return screens
    .filter((id) => typeof id === 'string' && id.length > 0 && id.length <= 128)
    .slice(0, MAX_SCREENS);
}

/**
 * One RTCPeerConnection to one remote peer: media transceivers, one negotiated data channel
 * (id 0, multiplexed by channel name), perfect negotiation and ICE restarts.
 *
 * Besides the camera/microphone pair, a link sends our screen share (if any) on two more
 * transceivers of its own (video, and audio when the capture has sound), `sendonly`, reused
 * across shares (`inactive` while not sharing), and tells the other side which of its streams
 * are screens: every description payload carries `screens: [streamId…]`. Extra tracks the
 * other side sends are matched against its latest announcement.
 *
 * Events: `track` {track, streams} (camera/microphone only), `screen` {streamId, stream,
 * active}, `state` {connectionState, iceConnectionState}, `data` {channel, payload},
 * `channel-open`, `channel-close`, `error`.
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
    /** @type {MediaStream|null} */
    this.screenStream = o.screenStream ?? null;
    this._trackFor =
      o.trackFor ??
      ((/** @type {'audio'|'video'} */ kind) =>
        this.localStream?.getTracks().find((t) => t.kind === kind) ?? null);
    this._sendSignal = o.sendSignal;
    /** @type {Record<string, RTCRtpTransceiver>} the camera/microphone pair */
    this._transceivers = {};
    /** @type {Record<string, RTCRtpTransceiver>} our own screen senders, by kind */
    this._screenTx = {};
    /** @type {MediaStream|null} the stream those senders were made for */
    this._screenTxStream = null;
    /** whether the camera/microphone transceivers exist (offerer) or were claimed (answerer) */
    this._mainReady = false;
    /** @type {Promise<void>} screen changes are applied one after the other */
    this._screenQueue = Promise.resolve();
    /** @type {Set<string>} stream ids the other side says are screens */
    this._announced = new Set();
    /** @type {Map<string, MediaStream>} streams of extra (non camera/mic) tracks we receive */
    this._extraStreams = new Map();
    /** @type {Map<string, MediaStream>} the other side's screens we show: announced, with video */
    this.remoteScreens = new Map();
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    this._disconnectTimer = undefined;
    /** @type {ReturnType<typeof setTimeout>|undefined} the next ICE restart while broken */
    this._restartTimer = undefined;
    this._restarts = 0;
    this._freshIceServers = o.freshIceServers;
    /** @type {LinkHealth} */
    this.health = { status: 'connecting', relayUnreachable: false, restarts: 0 };
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
      onDescription: (p) => this._onAnnouncement(p.screens),
      onError: (err) => this.emit('error', err),
    });
    pc.addEventListener('track', (e) => this._onTrack(e));
    pc.addEventListener('connectionstatechange', () => this._onStateChange());
    pc.addEventListener('iceconnectionstatechange', () => this._onStateChange());
    pc.addEventListener('icecandidateerror', (e) => this._onCandidateError(e));
    if (o.initiator) {
      this._addTransceivers();
      this._mainReady = true;
      this._queueScreenSync();
    }
  }

  /** @param {any} payload */
  _send(payload) {
    if (this.closed) return;
    const full = { conn: this.localConn, ...payload };
    if (this.remoteConn) full.toConn = this.remoteConn;
    if (payload.description) full.screens = this._screenIds();
    this._sendSignal(full);
  }

  /** @returns {string[]} the ids of the screen streams we send (announced with every description) */
  _screenIds() {
    const s = this.screenStream;
    return s && s.getVideoTracks().some((t) => t.readyState !== 'ended') ? [s.id] : [];
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

  /**
   * The answerer side: put our tracks on the transceivers the offer created — the first one of
   * each kind is the camera/microphone pair (the offerer creates those first) — then add our
   * screen senders, which the next offer (ours, once this answer is out) carries.
   */
  async _attachToOffered() {
    for (const kind of KINDS) {
      if (this._transceivers[kind]) continue;
      const t = this._mainCandidate(kind);
      if (!t) continue;
      this._transceivers[kind] = t;
      t.direction = 'sendrecv';
      const track = this._trackFor(kind);
      if (track) await t.sender.replaceTrack(track);
      if (this.localStream && t.sender.setStreams) t.sender.setStreams(this.localStream);
    }
    if (!this._mainReady) {
      this._mainReady = true;
      await this._queueScreenSync();
    }
  }

  /**
   * The camera/microphone transceiver of a kind: the claimed one, else the first of that kind
   * that is not one of our screen senders.
   * @param {'audio'|'video'} kind
   * @returns {RTCRtpTransceiver|undefined}
   */
  _mainCandidate(kind) {
    if (this._transceivers[kind]) return this._transceivers[kind];
    const own = new Set(Object.values(this._screenTx));
    return this.pc
      .getTransceivers()
      .find(
        (t) =>
          t.receiver.track.kind === kind &&
          !own.has(t) &&
          t.currentDirection !== 'stopped' &&
          t.direction !== 'stopped',
      );
  }

  /** @param {RTCTrackEvent} e */
  _onTrack(e) {
    const kind = /** @type {'audio'|'video'} */ (e.track.kind);
    const main = e.transceiver ? this._mainCandidate(kind) === e.transceiver : true;
    if (main) {
      this.emit('track', { track: e.track, streams: e.streams });
      return;
    }
    const stream = e.streams[0];
    if (!stream) return;
    this._extraStreams.set(stream.id, stream);
    this._updateScreens();
  }

  /**
   * The other side's latest list of screen stream ids (from a description payload; applied in
   * order, before that description).
   * @param {unknown} screens
   */
  _onAnnouncement(screens) {
    this._announced = new Set(readScreens(screens));
    for (const id of [...this._extraStreams.keys()]) {
      if (!this._announced.has(id)) this._extraStreams.delete(id);
    }
    this._updateScreens();
  }

  /** Emits `screen` for screens that became showable or went away. */
  _updateScreens() {
    for (const [id, stream] of this.remoteScreens) {
      if (!this._announced.has(id) || this._extraStreams.get(id) !== stream) {
        this.remoteScreens.delete(id);
        this.emit('screen', { streamId: id, stream, active: false });
      }
    }
    for (const id of this._announced) {
      const stream = this._extraStreams.get(id);
      if (!stream || this.remoteScreens.has(id) || stream.getVideoTracks().length === 0) continue;
      this.remoteScreens.set(id, stream);
      this.emit('screen', { streamId: id, stream, active: true });
    }
  }

  /**
   * Starts, switches or stops (null) sending our screen on this connection.
   * @param {MediaStream|null} stream
   * @returns {Promise<void>}
   */
  setScreen(stream) {
    this.screenStream = stream;
    return this._queueScreenSync();
  }

  _queueScreenSync() {
    this._screenQueue = this._screenQueue
      .then(() => this._syncScreen())
      .catch((err) => this.emit('error', err));
    return this._screenQueue;
  }

  /**
   * Puts the screen's tracks on our screen senders, or makes them inactive. Each change triggers
   * `negotiationneeded`; the offer announces it. A stream gets senders of its own: reusing a
   * sender for another stream would change its msid, and Chromium then sometimes leaves the
   * receiving side's video in the old stream (seen with a late joiner and two sharers), so the
   * old senders are stopped and fresh ones added; one stream's stop/resume reuses its senders.
   */
  async _syncScreen() {
    if (this.closed || !this._mainReady) return;
    const s = this.screenStream;
    if (s && this._screenTxStream && this._screenTxStream !== s) {
      for (const kind of KINDS) {
        const tx = this._screenTx[kind];
        if (tx && tx.currentDirection !== 'stopped') tx.stop?.();
        delete this._screenTx[kind];
      }
    }
    if (s) this._screenTxStream = s;
    for (const kind of KINDS) {
      const track = s?.getTracks().find((t) => t.kind === kind && t.readyState !== 'ended');
      const tx = this._screenTx[kind];
      if (tx && tx.currentDirection === 'stopped') delete this._screenTx[kind];
      if (!track || !s) {
        if (tx && tx.currentDirection !== 'stopped' && tx.direction !== 'inactive') {
          tx.direction = 'inactive';
          await tx.sender.replaceTrack(null);
        }
      } else if (!this._screenTx[kind]) {
        this._screenTx[kind] = this.pc.addTransceiver(track, {
          direction: 'sendonly',
          streams: [s],
        });
      } else {
        const t = this._screenTx[kind];
        await t.sender.replaceTrack(track);
        t.sender.setStreams?.(s);
        t.direction = 'sendonly';
      }
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
    const conn = this.pc.connectionState;
    if (conn === 'connected' || ice === 'connected' || ice === 'completed') {
      clearTimeout(this._disconnectTimer);
      this._disconnectTimer = undefined;
      clearTimeout(this._restartTimer);
      this._restartTimer = undefined;
      this._restarts = 0;
      this._setHealth({ status: 'connected', relayUnreachable: false });
    } else if (ice === 'failed' || conn === 'failed') {
      this._setHealth({ status: 'failed' });
      this._keepRestarting();
    } else if (ice === 'disconnected') {
      if (this._disconnectTimer === undefined) {
        this._disconnectTimer = setTimeout(() => {
          this._disconnectTimer = undefined;
          if (this.pc.iceConnectionState !== 'disconnected') return;
          this._setHealth({ status: 'failed' });
          this._keepRestarting();
        }, DISCONNECTED_RESTART_MS);
      }
    }
    this.emit('state', {
      connectionState: conn,
      iceConnectionState: ice,
      ...this.health,
    });
  }

  /**
   * While the connection is broken: an ICE restart (with fresh credentials when the session can
   * get them) after a backoff, then another, until it connects or the link is closed. A single
   * restart is not enough: one made while the relay is down gathers no candidates, and nothing
   * tells the browser to try again when the relay returns.
   */
  _keepRestarting() {
    if (this.closed || this._restartTimer !== undefined) return;
    const delay = backoffDelay(this._restarts, RESTART_BACKOFF);
    this._restartTimer = setTimeout(async () => {
      if (this._settled()) {
        this._restartTimer = undefined;
        return;
      }
      this._restarts++;
      try {
        const servers = await this._freshIceServers?.();
        if (servers && !this.closed) this.setIceServers(servers);
      } catch {
        /* keep the credentials we have */
      }
      this._restartTimer = undefined;
      if (this._settled()) return;
      this._setHealth({ restarts: this._restarts });
      this.restartIce();
      this._keepRestarting();
    }, delay);
  }

  /** @returns {boolean} closed, or connected again: no more restarts */
  _settled() {
    return this.closed || this.health.status === 'connected';
  }

  /** @param {Event} e an RTCPeerConnectionIceErrorEvent */
  _onCandidateError(e) {
    const err = /** @type {any} */ (e);
    // 701: the TURN server did not answer at all (down, unreachable); not a 401 challenge.
    if (typeof err.url === 'string' && /^turns?:/.test(err.url) && err.errorCode === 701) {
      if (!this.health.relayUnreachable && this.health.status !== 'connected') {
        this._setHealth({ relayUnreachable: true });
        this.emit('state', {
          connectionState: this.pc.connectionState,
          iceConnectionState: this.pc.iceConnectionState,
          ...this.health,
        });
      } else {
        this.health.relayUnreachable = true;
      }
    }
  }

  /** @param {Partial<LinkHealth>} change */
  _setHealth(change) {
    this.health = { ...this.health, ...change };
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
    clearTimeout(this._restartTimer);
    this._announced.clear();
    this._updateScreens();
    this.negotiator.close();
    try {
      this.dc.close();
    } catch {
      /* already closed */
    }
    this.pc.close();
  }
}
