// @ts-check
/**
 * Perfect negotiation (W3C WebRTC §10.7) for one RTCPeerConnection, plus ICE candidate
 * buffering until a remote description is set. Knows nothing about sockets: it gets a `send`
 * function, and the caller feeds it the payloads the other side sent.
 *
 * Signal payload (opaque to the server, see docs/developer/sdk.md):
 *   { conn, toConn?, description?: {type, sdp}, screens?: string[], candidate?: RTCIceCandidateInit }
 * `conn` names the sending RTCPeerConnection instance; `toConn` the receiver's instance the sender
 * is talking to. They let a peer that reloaded start over with a fresh connection, and let both
 * sides drop messages meant for a connection that no longer exists.
 */

/**
 * @typedef {object} SignalPayload
 * @property {string} conn
 * @property {string} [toConn]
 * @property {{type: string, sdp?: string}} [description]
 * @property {unknown} [screens] with a description: the sender's screen stream ids
 * @property {any} [candidate]
 */

/**
 * What to do with an incoming payload, given the ids of our connection and of the remote
 * connection we are bound to (null before the first message from the other side).
 *
 * @param {SignalPayload} payload
 * @param {{localConn: string, remoteConn: string|null}} link
 * @returns {'accept'|'stale'|'rebuild'}
 */
export function classifySignal(payload, link) {
  if (!payload || typeof payload.conn !== 'string') return 'stale';
  if (payload.toConn !== undefined && payload.toConn !== link.localConn) {
    // Meant for an older connection of ours. An offer from a fresh remote connection never
    // carries toConn, so this is always something left over.
    return 'stale';
  }
  if (link.remoteConn !== null && payload.conn !== link.remoteConn) {
    // The other side has a new RTCPeerConnection (it reloaded): only its offer can start over.
    return payload.description?.type === 'offer' && payload.toConn === undefined
      ? 'rebuild'
      : 'stale';
  }
  return 'accept';
}

/**
 * @typedef {object} NegotiatorOptions
 * @property {RTCPeerConnection} pc
 * @property {boolean} polite the role the server assigned towards this peer
 * @property {(payload: Omit<SignalPayload, 'conn'|'toConn'>) => void} send
 * @property {() => Promise<void>|void} [beforeAnswer] runs after an offer is applied, before
 *   the answer is created: the place to attach local tracks to the offered transceivers
 * @property {(payload: SignalPayload) => void} [onDescription] sees every payload with a
 *   description, in order, before it is applied (also when an offer is ignored): the sender's
 *   media announcements travel with its descriptions
 * @property {(err: unknown) => void} [onError]
 */

export class Negotiator {
  /** @param {NegotiatorOptions} options */
  constructor(options) {
    this.pc = options.pc;
    this.polite = options.polite;
    this._send = options.send;
    this._beforeAnswer = options.beforeAnswer;
    this._onDescription = options.onDescription;
    this._onError = options.onError ?? (() => {});
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.isSettingRemoteAnswerPending = false;
    this.closed = false;
    /** @type {any[]} candidates that arrived before the remote description */
    this.pendingCandidates = [];
    /** @type {Promise<void>} incoming payloads are handled strictly in order */
    this._queue = Promise.resolve();
    this._onNegotiationNeeded = () => this.negotiate();
    this._onIceCandidate = (/** @type {RTCPeerConnectionIceEvent} */ e) => {
      if (e.candidate && !this.closed) this._send({ candidate: e.candidate.toJSON() });
    };
    this.pc.addEventListener('negotiationneeded', this._onNegotiationNeeded);
    this.pc.addEventListener('icecandidate', this._onIceCandidate);
  }

  /** Creates and sends an offer; called on `negotiationneeded`. */
  async negotiate() {
    if (this.closed || this.pc.signalingState !== 'stable') return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const d = this.pc.localDescription;
      if (d && !this.closed) this._send({ description: { type: d.type, sdp: d.sdp } });
    } catch (err) {
      this._onError(err);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Feeds one payload from the other side. Payloads are applied in arrival order.
   * @param {SignalPayload} payload
   * @returns {Promise<void>}
   */
  handle(payload) {
    this._queue = this._queue.then(() => this._handle(payload)).catch((err) => this._onError(err));
    return this._queue;
  }

  /** @param {SignalPayload} payload */
  async _handle(payload) {
    if (this.closed) return;
    const { description, candidate } = payload;
    if (description) {
      this._onDescription?.(payload);
      const readyForOffer =
        !this.makingOffer &&
        (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;
      this.isSettingRemoteAnswerPending = description.type === 'answer';
      try {
        await this.pc.setRemoteDescription(/** @type {RTCSessionDescriptionInit} */ (description));
      } finally {
        this.isSettingRemoteAnswerPending = false;
      }
      await this._flushCandidates();
      if (description.type === 'offer') {
        if (this._beforeAnswer) await this._beforeAnswer();
        await this.pc.setLocalDescription();
        const d = this.pc.localDescription;
        if (d && !this.closed) this._send({ description: { type: d.type, sdp: d.sdp } });
      }
    } else if (candidate) {
      if (!this.pc.remoteDescription) {
        this.pendingCandidates.push(candidate);
        return;
      }
      await this._addCandidate(candidate);
    }
  }

  async _flushCandidates() {
    const list = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const c of list) await this._addCandidate(c);
  }

  /** @param {any} candidate */
  async _addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      // Candidates for an offer we ignored fail by design.
      if (!this.ignoreOffer) this._onError(err);
    }
  }

  close() {
    this.closed = true;
    this.pendingCandidates = [];
    this.pc.removeEventListener('negotiationneeded', this._onNegotiationNeeded);
    this.pc.removeEventListener('icecandidate', this._onIceCandidate);
  }
}
