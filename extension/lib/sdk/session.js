// @ts-check
import { Emitter } from './emitter.js';
import { SignalingClient } from './signaling.js';
import { PeerLink } from './peer.js';
import { PROTOCOL_VERSION, cleanName, normalizePeer, normalizeRoom } from './codec.js';
import { TfxError, fromProtocolError, needsUser } from './errors.js';
import { SeatStore, defaultStorage } from './storage.js';

/**
 * @typedef {import('./codec.js').PeerInfo} PeerInfo
 * @typedef {import('./codec.js').RoomInfo} RoomInfo
 *
 * @typedef {object} JoinOptions
 * @property {string} name display name
 * @property {MediaStream|null} [media] local camera/mic stream (none: receive only)
 * @property {string} [ownerToken]
 * @property {string} [password]
 * @property {string} [resumeToken] default: the one saved for this room in `storage`
 * @property {typeof WebSocket} [WebSocketImpl]
 * @property {typeof RTCPeerConnection} [RTCPeerConnectionImpl]
 * @property {RTCIceTransportPolicy} [iceTransportPolicy] 'relay' sends all media through TURN,
 *   which hides your address from the other peers (needs TURN in the server's ICE list)
 * @property {import('./storage.js').KeyValueStorage} [storage] default: sessionStorage
 * @property {import('./backoff.js').BackoffOptions} [backoff]
 */

/**
 * Turns an http(s) server URL into the signalling WebSocket URL.
 * @param {string} serverUrl
 * @returns {string}
 */
export function signalUrl(serverUrl) {
  const u = new URL(serverUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = u.pathname.replace(/\/+$/, '') + '/signal';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * A logical channel for one widget namespace. Messages go over the peer's data channel when it
 * is open and through the server's `relay` otherwise; receivers cannot tell the difference.
 */
export class Channel extends Emitter {
  /**
   * @param {TfxSession} session
   * @param {string} name
   */
  constructor(session, name) {
    super();
    this.session = session;
    this.name = name;
  }

  /**
   * @param {string} peerId
   * @param {unknown} payload
   */
  send(peerId, payload) {
    this.session._sendChannel(this.name, payload, peerId);
  }

  /** @param {unknown} payload */
  broadcast(payload) {
    this.session._sendChannel(this.name, payload);
  }
}

/**
 * A participant's session in one room: signalling, the mesh of peer connections and the
 * widget channels. Create it with {@link TfxSession.join}.
 *
 * Events: joined, peer-joined, peer-left, peer-updated, track, data, reconnecting, reconnected,
 * room-updated, knocking, error, peer-connection (RTC state per peer), channel-open (the data
 * channel to a peer opened), screen-started, screen-ended, local-track (a device switch replaced
 * a track of `localStream`), outgoing-track (what is sent changed), left.
 */
/** Fresh TURN credentials are asked for at most this often during ICE restarts. */
export const ICE_REFRESH_MS = 20_000;

export class TfxSession extends Emitter {
  /**
   * @param {string} serverUrl e.g. https://meet.example.org
   * @param {string} roomId
   * @param {string} secret
   * @param {JoinOptions} options
   * @returns {TfxSession}
   */
  static join(serverUrl, roomId, secret, options) {
    const s = new TfxSession(serverUrl, roomId, secret, options);
    // Connect on the next tick so that callers can subscribe first.
    Promise.resolve().then(() => s.signaling.connect());
    return s;
  }

  /**
   * @param {string} serverUrl
   * @param {string} roomId
   * @param {string} secret
   * @param {JoinOptions} options
   */
  constructor(serverUrl, roomId, secret, options) {
    super();
    this.serverUrl = serverUrl;
    this.roomId = roomId;
    /** @type {{at: number, p: Promise<RTCIceServer[]|null>}|null} the last credentials refresh */
    this._iceRefresh = null;
    this._secret = secret;
    this.name = cleanName(options.name) || 'Guest';
    this._ownerToken = options.ownerToken;
    this._password = options.password;
    /** @type {MediaStream|null} */
    this.localStream = options.media ?? null;
    /** @type {MediaStream|null} our screen share */
    this._screen = null;
    /** @type {(() => void)|null} removes the listener for the browser ending the capture */
    this._screenOff = null;
    /**
     * Tracks sent instead of the local stream's (e.g. the output of a video pipeline).
     * @type {{audio: MediaStreamTrack|null, video: MediaStreamTrack|null}}
     */
    this._outgoing = { audio: null, video: null };
    this._RTCPeerConnection =
      options.RTCPeerConnectionImpl ?? /** @type {any} */ (globalThis).RTCPeerConnection;
    /** @type {RTCIceTransportPolicy} */
    this._iceTransportPolicy = options.iceTransportPolicy ?? 'all';
    this._seats = new SeatStore(options.storage ?? defaultStorage());
    const saved = this._seats.load(roomId);
    /** @type {string|undefined} the newest single-use token */
    this._resumeToken = options.resumeToken ?? saved?.resumeToken;

    /** @type {string|null} */
    this.peerId = null;
    this.owner = false;
    /** @type {RoomInfo|null} */
    this.room = null;
    /** @type {RTCIceServer[]} */
    this.iceServers = [];
    /** @type {Map<string, PeerInfo>} */
    this.peers = new Map();
    /** @type {Map<string, PeerLink>} */
    this.links = new Map();
    /** @type {Map<string, Channel>} */
    this.channels = new Map();
    /** @type {Map<string, string>} signal frame id → target peer, to spot undeliverable offers */
    this._signalIds = new Map();
    this._seq = 0;
    this.muted = !this._track('audio')?.enabled;
    this.videoOn = !!this._track('video')?.enabled;
    /** joining | knocking | joined | reconnecting | ended */
    this.state = 'joining';
    this._welcomed = false;
    /** @type {Promise<void>} resolves on the first `welcome`, rejects on a fatal error */
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {});

    this.signaling = new SignalingClient({
      url: signalUrl(serverUrl),
      WebSocketImpl: options.WebSocketImpl ?? /** @type {any} */ (globalThis).WebSocket,
      hello: () => this._hello(),
      backoff: options.backoff,
    });
    this.signaling.on('frame', (m) => this._onFrame(m));
    this.signaling.on('unreachable', () =>
      this._error(new TfxError('ERR_SERVER_UNREACHABLE', 'Cannot reach the server')),
    );
    this.signaling.on('reconnecting', (d) => {
      if (this.state === 'ended') return;
      if (this._welcomed) this.state = 'reconnecting';
      this.emit('reconnecting', d);
    });
  }

  /** @param {'audio'|'video'} kind */
  _track(kind) {
    return this.localStream?.getTracks().find((t) => t.kind === kind);
  }

  _hello() {
    /** @type {any} */
    const m = {
      type: 'hello',
      version: PROTOCOL_VERSION,
      roomId: this.roomId,
      secret: this._secret,
      name: this.name,
    };
    if (this._resumeToken) m.resumeToken = this._resumeToken;
    if (this._ownerToken) m.ownerToken = this._ownerToken;
    if (this._password) m.password = this._password;
    return m;
  }

  /** @param {any} m */
  _onFrame(m) {
    switch (m.type) {
      case 'welcome':
        return this._onWelcome(m);
      case 'peer-joined':
        return this._onPeerJoined(normalizePeer(m.peer));
      case 'peer-left':
        return this._removePeer(m.peerId, m.reason ?? 'left');
      case 'peer-updated':
        return this._onPeerUpdated(normalizePeer(m.peer));
      case 'signal':
        return this._onSignal(m.from, m.payload);
      case 'relay':
        return this._deliver(m.from, m.channel, m.payload, 'relay');
      case 'knocking':
        return this.emit('knocking', { peerId: m.peerId, name: m.name });
      case 'room-updated':
        this.room = normalizeRoom(m.room);
        return this.emit('room-updated', { room: this.room });
      case 'error':
        return this._onProtocolError(m);
      default:
        return undefined; // pong
    }
  }

  /** @param {any} m */
  _onWelcome(m) {
    const wasWelcomed = this._welcomed;
    const samePeer = m.peerId === this.peerId;
    if (wasWelcomed && !samePeer) {
      // The grace period ran out: we got a new seat, so every old connection is void.
      for (const id of [...this.peers.keys()]) this._removePeer(id, 'timeout');
    }
    this._welcomed = true;
    this.signaling.resetBackoff();
    this.peerId = m.peerId;
    this._resumeToken = m.resumeToken;
    this._seats.save({ roomId: this.roomId, peerId: m.peerId, resumeToken: m.resumeToken });
    this.owner = m.owner === true;
    this.room = normalizeRoom(m.room);
    this.iceServers = Array.isArray(m.iceServers) ? m.iceServers : [];
    this.state = 'joined';

    const listed = new Map(m.peers.map((/** @type {any} */ p) => [p.peerId, normalizePeer(p)]));
    for (const id of [...this.peers.keys()]) if (!listed.has(id)) this._removePeer(id, 'timeout');
    for (const [id, p] of listed) {
      const known = this.peers.has(id);
      this.peers.set(id, p);
      if (!known && wasWelcomed) this.emit('peer-joined', { peer: p });
      else if (known) this.emit('peer-updated', { peer: p });
    }
    for (const link of this.links.values()) link.setIceServers(this.iceServers);

    if (!wasWelcomed) {
      this.emit('joined', {
        peerId: this.peerId,
        room: this.room,
        owner: this.owner,
        resumed: m.resumed === true,
        peers: [...this.peers.values()],
      });
      this._resolveReady?.();
    } else {
      this.emit('reconnected', { resumed: m.resumed === true && samePeer });
    }
    // The one who (re)joins offers to everyone it has no connection with; connected peers
    // it already has a link to get an ICE restart if their path broke meanwhile.
    for (const p of this.peers.values()) {
      const link = this.links.get(p.peerId);
      if (!link && p.state === 'connected') this._createLink(p, true);
      else if (link && link.needsRestart()) link.restartIce();
    }
  }

  /**
   * Fresh TURN credentials for an ICE restart: `GET /api/ice-servers` (room id and secret, as any
   * room-scoped call), at most once per {@link ICE_REFRESH_MS} for all links together. An outage
   * may outlast the credentials of `welcome`; null when the server cannot be asked (offline,
   * another server): the link keeps what it has.
   * @returns {Promise<RTCIceServer[]|null>}
   */
  _freshIceServers() {
    const now = Date.now();
    if (this._iceRefresh && now - this._iceRefresh.at < ICE_REFRESH_MS) return this._iceRefresh.p;
    const url = `${this.serverUrl.replace(/\/+$/, '')}/api/ice-servers?roomId=${encodeURIComponent(this.roomId)}`;
    const p = fetch(url, { headers: { 'x-room-secret': this._secret }, cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((body) => {
        if (!body || !Array.isArray(body.iceServers) || this.state === 'ended') return null;
        this.iceServers = body.iceServers;
        return body.iceServers;
      })
      .catch(() => null);
    this._iceRefresh = { at: now, p };
    return p;
  }

  /** @param {PeerInfo} p */
  _onPeerJoined(p) {
    this.peers.set(p.peerId, p);
    this.emit('peer-joined', { peer: p });
    // The newcomer offers; we create our side when its offer arrives.
  }

  /** @param {PeerInfo} p */
  _onPeerUpdated(p) {
    const before = this.peers.get(p.peerId);
    this.peers.set(p.peerId, p);
    if (before?.state === 'lost' && p.state === 'connected') {
      // It is back. A link that never heard from it is useless: it will offer to us.
      const link = this.links.get(p.peerId);
      if (link && link.remoteConn === null) this._dropLink(p.peerId);
      else if (link?.needsRestart()) link.restartIce();
    }
    this.emit('peer-updated', { peer: p });
  }

  /**
   * @param {string} peerId
   * @param {string} reason
   */
  _removePeer(peerId, reason) {
    this._dropLink(peerId);
    if (this.peers.delete(peerId)) this.emit('peer-left', { peerId, reason });
  }

  /** @param {string} peerId */
  _dropLink(peerId) {
    const link = this.links.get(peerId);
    if (!link) return;
    this.links.delete(peerId);
    link.close();
    this.emit('peer-connection', {
      peerId,
      connectionState: 'closed',
      iceConnectionState: 'closed',
    });
  }

  /**
   * @param {PeerInfo} p
   * @param {boolean} initiator
   * @returns {PeerLink}
   */
  _createLink(p, initiator) {
    const link = new PeerLink({
      peerId: p.peerId,
      polite: p.polite,
      initiator,
      iceServers: this.iceServers,
      RTCPeerConnectionImpl: this._RTCPeerConnection,
      iceTransportPolicy: this._iceTransportPolicy,
      localStream: this.localStream,
      screenStream: this._screen,
      trackFor: (kind) => this.outgoingTrack(kind),
      sendSignal: (payload) => this._sendSignal(p.peerId, payload),
      freshIceServers: () => this._freshIceServers(),
    });
    this.links.set(p.peerId, link);
    link.on('track', (e) => {
      if (this.links.get(p.peerId) === link) this.emit('track', { peerId: p.peerId, ...e });
    });
    // A closing link ends its screens too: no check that it is still the current one.
    link.on('screen', ({ streamId, stream, active }) =>
      this.emit(active ? 'screen-started' : 'screen-ended', {
        peerId: p.peerId,
        streamId,
        stream,
        local: false,
      }),
    );
    link.on('data', (e) => this._deliver(p.peerId, e.channel, e.payload, 'datachannel'));
    link.on('state', (e) => this.emit('peer-connection', { peerId: p.peerId, ...e }));
    link.on('channel-open', () => {
      if (this.links.get(p.peerId) === link) this.emit('channel-open', { peerId: p.peerId });
    });
    link.on('error', (err) =>
      this.emit('error', new TfxError('ERR_WEBRTC', String(err?.message ?? err), { cause: err })),
    );
    return link;
  }

  /**
   * @param {string} to
   * @param {any} payload
   */
  _sendSignal(to, payload) {
    const id = `s${++this._seq}`;
    this._signalIds.set(id, to);
    if (this._signalIds.size > 256) {
      const first = this._signalIds.keys().next().value;
      if (first !== undefined) this._signalIds.delete(first);
    }
    this.signaling.sendRaw({ type: 'signal', id, to, payload });
  }

  /**
   * @param {string} from
   * @param {any} payload
   */
  _onSignal(from, payload) {
    const info = this.peers.get(from);
    if (!info) return;
    let link = this.links.get(from);
    const verdict = link
      ? link.classify(payload)
      : payload?.description?.type === 'offer' && !payload.toConn
        ? 'rebuild'
        : 'stale';
    if (verdict === 'stale') return;
    if (verdict === 'rebuild') {
      this._dropLink(from);
      link = this._createLink(info, false);
    }
    /** @type {PeerLink} */ (link).handleSignal(payload);
  }

  /** @param {any} m */
  _onProtocolError(m) {
    if (m.code === 'peer-unavailable' && m.ref && this._signalIds.has(m.ref)) {
      // Our offer went to a peer that is away; it offers to us when it comes back.
      const to = /** @type {string} */ (this._signalIds.get(m.ref));
      const link = this.links.get(to);
      if (link && link.remoteConn === null) this._dropLink(to);
      // An offer (e.g. an ICE restart) that never arrived: back to stable, so that neither side
      // waits for an answer; it is offered again when the peer is back.
      else if (link) link.rollbackUndelivered();
      return;
    }
    const err = fromProtocolError(m);
    if (m.code === 'unavailable' && this.state !== 'joined') {
      // The server cannot reach its database for a moment: join again after the usual backoff
      // (a new socket, the same resume token) instead of waiting on a hello that was refused.
      this._error(err);
      this.signaling.drop();
      return;
    }
    if (err.fatal) {
      this._end();
      this._rejectReady?.(err);
    } else if (m.code === 'room-locked') {
      this.state = 'knocking';
    } else if (needsUser(m.code)) {
      this.state = 'joining';
    }
    this._error(err);
  }

  /** @param {TfxError} err */
  _error(err) {
    this.emit('error', err);
  }

  /**
   * @param {string} from
   * @param {string} channel
   * @param {unknown} payload
   * @param {'datachannel'|'relay'} via
   */
  _deliver(from, channel, payload, via) {
    const event = { from, channel, payload, via };
    this.emit('data', event);
    this.channels.get(channel)?.emit('message', event);
  }

  /**
   * @param {string} channel
   * @param {unknown} payload
   * @param {string} [to] one peer, or everyone when missing
   */
  _sendChannel(channel, payload, to) {
    const targets = to ? [to] : [...this.peers.keys()];
    const viaRelay = targets.filter((id) => !this.links.get(id)?.sendData(channel, payload));
    if (viaRelay.length === 0) return;
    if (!to && viaRelay.length === targets.length) {
      this.signaling.sendRaw({ type: 'relay', channel, payload });
    } else {
      for (const id of viaRelay)
        this.signaling.sendRaw({ type: 'relay', to: id, channel, payload });
    }
  }

  // ---- public API ----

  /**
   * @param {string} name widget namespace, 1–64 characters
   * @returns {Channel}
   */
  channel(name) {
    if (typeof name !== 'string' || name.length < 1 || name.length > 64) {
      throw new TypeError('channel name must be 1–64 characters');
    }
    let ch = this.channels.get(name);
    if (!ch) {
      ch = new Channel(this, name);
      this.channels.set(name, ch);
    }
    return ch;
  }

  /** Asks the owner of a locked room to let us in (after ERR_ROOM_LOCKED). */
  knock() {
    this.state = 'knocking';
    this.signaling.sendRaw({ type: 'knock' });
  }

  /**
   * Tries again with a password (after ERR_PASSWORD_REQUIRED / ERR_WRONG_PASSWORD).
   * @param {string} password
   */
  submitPassword(password) {
    this._password = password;
    this.signaling.sendRaw(this._hello());
  }

  /** @param {boolean} muted */
  setMuted(muted) {
    const t = this._track('audio');
    if (t) t.enabled = !muted;
    this.muted = muted;
    this.signaling.sendRaw({ type: 'update', muted });
    this._selfUpdated();
  }

  /** @param {boolean} on */
  setVideoEnabled(on) {
    const t = this._track('video');
    if (t) t.enabled = on;
    if (this._outgoing.video) this._outgoing.video.enabled = on;
    this.videoOn = on;
    this.signaling.sendRaw({ type: 'update', video: on });
    this._selfUpdated();
  }

  /** @param {string} name */
  setName(name) {
    this.name = cleanName(name) || this.name;
    this.signaling.sendRaw({ type: 'update', name: this.name });
    this._selfUpdated();
  }

  /** Tells every UI showing this participant (controls, an embedding page) what changed. */
  _selfUpdated() {
    this.emit('self-updated', { name: this.name, muted: this.muted, video: this.videoOn });
  }

  /**
   * Switches a device (or the first track of a kind) on every connection, without renegotiating.
   * The old track of that kind is stopped. While an outgoing track is set for the kind (see
   * {@link setOutgoingTrack}) that one stays on the connections; its producer gets the new
   * device from the `local-track` event.
   * @param {MediaStreamTrack} track
   */
  async replaceTrack(track) {
    const kind = /** @type {'audio'|'video'} */ (track.kind);
    const old = this._track(kind);
    if (old && old !== track) {
      track.enabled = old.enabled;
      this.localStream?.removeTrack(old);
    }
    if (this.localStream && old !== track) this.localStream.addTrack(track);
    if (old !== track) this.emit('local-track', { kind, track, old: old ?? null });
    if (old && old !== track) old.stop();
    await Promise.all(
      [...this.links.values()].map((l) => l.replaceTrack(kind, this.outgoingTrack(kind))),
    );
  }

  /**
   * Sends `track` instead of the local stream's track of its kind, on every connection and on
   * connections made later, without touching `localStream` (the camera stays the source: a
   * video pipeline reads it and sends its output). `null` goes back to the local track.
   * The track's `enabled` follows {@link setVideoEnabled} / {@link setMuted} from now on.
   * @param {'audio'|'video'} kind
   * @param {MediaStreamTrack|null} track
   */
  async setOutgoingTrack(kind, track) {
    if (kind !== 'audio' && kind !== 'video') throw new TypeError('kind must be audio or video');
    if (track && track.kind !== kind) throw new TypeError(`a ${kind} track is needed`);
    if (this._outgoing[kind] === track) return;
    this._outgoing[kind] = track;
    if (track) track.enabled = kind === 'video' ? this.videoOn : !this.muted;
    this.emit('outgoing-track', { kind, track: this.outgoingTrack(kind) });
    await Promise.all(
      [...this.links.values()].map((l) => l.replaceTrack(kind, this.outgoingTrack(kind))),
    );
  }

  /**
   * What is sent for a kind: the outgoing track when one is set, else the local stream's.
   * @param {'audio'|'video'} kind
   * @returns {MediaStreamTrack|null}
   */
  outgoingTrack(kind) {
    return this._outgoing[kind] ?? this._track(kind) ?? null;
  }

  // ---- screen sharing ----

  /** @returns {MediaStream|null} the screen we share, if any */
  get screenStream() {
    return this._screen;
  }

  /**
   * Shares a screen, window or tab capture with everyone (and everyone who joins later), as an
   * extra video track (plus its audio, if any) next to the camera. Replaces a share in progress.
   * From now on the session owns the stream: it stops its tracks when sharing ends, and ends
   * the share itself when the browser does (its "Stop sharing" button).
   * @param {MediaStream} stream e.g. from `navigator.mediaDevices.getDisplayMedia()`
   * @returns {Promise<void>}
   */
  async startScreenShare(stream) {
    const video = stream?.getVideoTracks?.().find((t) => t.readyState !== 'ended');
    if (!video) throw new TfxError('ERR_SCREEN_NO_VIDEO', 'The screen capture has no live video');
    if (this.state === 'ended') throw new TfxError('ERR_SESSION_ENDED', 'The session has ended');
    if (this._screen === stream) return;
    if (this._screen) this._endScreen('replaced', false);
    this._screen = stream;
    const onEnded = () => {
      if (this._screen === stream) this.stopScreenShare('ended');
    };
    video.addEventListener('ended', onEnded);
    this._screenOff = () => video.removeEventListener('ended', onEnded);
    this.emit('screen-started', {
      peerId: this.peerId ?? '',
      streamId: stream.id,
      stream,
      local: true,
    });
    await Promise.all([...this.links.values()].map((l) => l.setScreen(stream)));
  }

  /**
   * Stops sharing: the others' screen tile goes away; the camera stays.
   * @param {'user'|'ended'} [reason] 'ended' when the browser ended the capture
   * @returns {Promise<void>}
   */
  async stopScreenShare(reason = 'user') {
    if (!this._screen) return;
    this._endScreen(reason, true);
  }

  /**
   * @param {string} reason
   * @param {boolean} tellLinks false when a new share follows at once (it updates the links)
   */
  _endScreen(reason, tellLinks) {
    const stream = /** @type {MediaStream} */ (this._screen);
    this._screen = null;
    this._screenOff?.();
    this._screenOff = null;
    for (const t of stream.getTracks()) t.stop();
    if (tellLinks) for (const l of this.links.values()) l.setScreen(null);
    this.emit('screen-ended', {
      peerId: this.peerId ?? '',
      streamId: stream.id,
      stream,
      local: true,
      reason,
    });
  }

  /**
   * Every screen shared in the room that this page can show: ours first, then the others'.
   * @returns {Array<{peerId: string, streamId: string, stream: MediaStream, local: boolean}>}
   */
  screens() {
    const out = [];
    if (this._screen) {
      out.push({
        peerId: this.peerId ?? '',
        streamId: this._screen.id,
        stream: this._screen,
        local: true,
      });
    }
    for (const [peerId, link] of this.links) {
      for (const [streamId, stream] of link.remoteScreens) {
        out.push({ peerId, streamId, stream, local: false });
      }
    }
    return out;
  }

  /**
   * Connection statistics towards one peer, summarised for UIs and tests. `video` is the
   * camera; `screens` lists the inbound video of each screen that peer shares.
   * @param {string} peerId
   */
  async getStats(peerId) {
    const link = this.links.get(peerId);
    if (!link) return null;
    const report = await link.pc.getStats();
    /** @type {any} */
    const out = {
      connectionState: link.pc.connectionState,
      report,
      video: null,
      audio: null,
      screens: [],
      candidatePair: null,
    };
    const cameraTrack = link._mainCandidate('video')?.receiver.track.id;
    /** @type {Map<string, string>} track id → screen stream id */
    const screenOf = new Map();
    for (const [id, stream] of link.remoteScreens) {
      for (const t of stream.getVideoTracks()) screenOf.set(t.id, id);
    }
    /** @type {Map<string, any>} */
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        const v = {
          framesDecoded: s.framesDecoded ?? 0,
          frameWidth: s.frameWidth ?? 0,
          frameHeight: s.frameHeight ?? 0,
          framesPerSecond: s.framesPerSecond ?? 0,
          bytesReceived: s.bytesReceived ?? 0,
        };
        const screen = screenOf.get(s.trackIdentifier);
        if (screen) out.screens.push({ streamId: screen, ...v });
        else if (!out.video || s.trackIdentifier === cameraTrack) out.video = v;
      } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        out.audio = {
          totalAudioEnergy: s.totalAudioEnergy ?? 0,
          audioLevel: s.audioLevel ?? 0,
          bytesReceived: s.bytesReceived ?? 0,
        };
      } else if (s.type === 'transport' && s.selectedCandidatePairId) {
        const pair = byId.get(s.selectedCandidatePairId);
        if (pair) {
          out.candidatePair = {
            local: byId.get(pair.localCandidateId)?.candidateType,
            remote: byId.get(pair.remoteCandidateId)?.candidateType,
            rtt: pair.currentRoundTripTime,
          };
        }
      }
    }
    return out;
  }

  // ---- owner controls ----

  /** @param {boolean} locked */
  lock(locked) {
    this.signaling.sendRaw({ type: 'lock', locked });
  }
  /** @param {string} peerId */
  admit(peerId) {
    this.signaling.sendRaw({ type: 'admit', peerId });
  }
  /** @param {string} peerId */
  deny(peerId) {
    this.signaling.sendRaw({ type: 'deny', peerId });
  }
  /** @param {string} peerId */
  kick(peerId) {
    this.signaling.sendRaw({ type: 'kick', peerId });
  }
  /** @param {{capacity?: number, password?: string}} settings */
  configure(settings) {
    this.signaling.sendRaw({ type: 'configure', ...settings });
  }

  /** Leaves for good: the others see `peer-left {reason: "left"}` at once. */
  leave() {
    if (this.state === 'ended') return;
    try {
      this.signaling.sendRaw({ type: 'leave' });
    } catch {
      /* socket already gone */
    }
    this._end();
    this.emit('left', {});
  }

  _end() {
    this.state = 'ended';
    if (this._screen) this._endScreen('left', false);
    this._seats.clear(this.roomId);
    this.signaling.close(1000);
    for (const id of [...this.links.keys()]) this._dropLink(id);
  }
}
