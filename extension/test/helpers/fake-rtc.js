// A model of RTCPeerConnection for negotiation and session tests in node (no media, no ICE):
// the signalling state machine with implicit rollback, and an m-line model close enough to
// Unified Plan to test renegotiation: transceivers get a mid in the offer that first carries
// them, a remote offer's unknown mids create recvonly transceivers, directions and msids travel
// in the (fake, JSON) SDP, `track` fires when a remote m-line starts sending (or moves to a new
// stream), and `negotiationneeded` is re-checked whenever the state returns to stable.
// Descriptions whose sdp is not this model's JSON (hand-written tests) offer audio + video.
let counter = 0;
let ids = 0;
const nextId = (prefix) => `${prefix}${++ids}`;

const SENDS = new Set(['sendrecv', 'sendonly']);
const RECEIVES = new Set(['sendrecv', 'recvonly']);
/** @param {boolean} send @param {boolean} recv */
const dirOf = (send, recv) =>
  send && recv ? 'sendrecv' : send ? 'sendonly' : recv ? 'recvonly' : 'inactive';

export class FakeTrack extends EventTarget {
  constructor(kind, label = '') {
    super();
    this.kind = kind;
    this.id = nextId('track-');
    this.label = label;
    this.readyState = 'live';
    this.enabled = true;
    this.muted = false;
  }
  stop() {
    this.readyState = 'ended';
  }
  /** Test hook: the source went away (e.g. the browser's "Stop sharing"). */
  end() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
  getSettings() {
    return {};
  }
}

export class FakeMediaStream extends EventTarget {
  constructor(tracks = [], id = nextId('stream-')) {
    super();
    this.id = id;
    this._tracks = [...tracks];
  }
  getTracks() {
    return [...this._tracks];
  }
  getVideoTracks() {
    return this._tracks.filter((t) => t.kind === 'video');
  }
  getAudioTracks() {
    return this._tracks.filter((t) => t.kind === 'audio');
  }
  addTrack(t) {
    if (this._tracks.includes(t)) return;
    this._tracks.push(t);
    const e = new Event('addtrack');
    e.track = t;
    this.dispatchEvent(e);
  }
  removeTrack(t) {
    const i = this._tracks.indexOf(t);
    if (i < 0) return;
    this._tracks.splice(i, 1);
    const e = new Event('removetrack');
    e.track = t;
    this.dispatchEvent(e);
  }
}

class FakeDataChannel {
  constructor(label) {
    this.label = label;
    this.readyState = 'connecting';
    this.sent = [];
    this.onopen = null;
    this.onclose = null;
    this.onmessage = null;
  }
  send(data) {
    if (this.readyState !== 'open') throw new Error('not open');
    this.sent.push(data);
  }
  close() {
    this.readyState = 'closed';
  }
}

class FakeSender {
  constructor(transceiver, track, streams) {
    this._t = transceiver;
    this.track = track ?? null;
    /** @type {string[]} the stream ids (msid) this sender announces */
    this.streamIds = (streams ?? []).map((s) => s.id);
  }
  async replaceTrack(track) {
    if (this._t.stopped) throw new Error('InvalidStateError: transceiver stopped');
    this.track = track;
  }
  setStreams(...streams) {
    this.streamIds = streams.map((s) => s.id);
    this._t._pc._needNegotiation();
  }
}

class FakeTransceiver {
  constructor(pc, kind, init = {}, track = null) {
    this._pc = pc;
    this.kind = kind;
    this.mid = null;
    this._direction = init.direction ?? 'sendrecv';
    this.currentDirection = null;
    this.stopped = false;
    this.receiver = { track: new FakeTrack(kind, 'remote') };
    this.sender = new FakeSender(this, track, init.streams);
    /** what the last local description said (negotiation-needed compares against it) */
    this._negDirection = undefined;
    this._negMsid = undefined;
    this._stopNegotiated = false;
    /** whether a `track` event fired for the current remote sending period */
    this._receiving = false;
    /** @type {string[]} remote msid */
    this._remoteMsid = [];
  }
  get direction() {
    return this._direction;
  }
  set direction(d) {
    if (this.stopped) throw new Error('InvalidStateError: transceiver stopped');
    if (d === this._direction) return;
    this._direction = d;
    this._pc._needNegotiation();
  }
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this._direction = 'stopped';
    this.currentDirection = 'stopped';
    this.sender.track = null;
    this._pc._needNegotiation();
  }
}

export class FakePeerConnection extends EventTarget {
  constructor(config = {}) {
    super();
    this.config = config;
    this.signalingState = 'stable';
    this.iceConnectionState = 'new';
    this.connectionState = 'new';
    this.localDescription = null;
    this.remoteDescription = null;
    /** @type {FakeTransceiver[]} */
    this.transceivers = [];
    this.candidates = [];
    this.log = [];
    this.id = ++counter;
    this.channels = [];
    this._mids = 0;
    this._dcNegotiated = false;
    this._iceRestart = false;
    this._nnQueued = false;
    /** @type {Map<string, FakeMediaStream>} remote streams by msid */
    this._remoteStreams = new Map();
    this._offerSnapshot = null;
    FakePeerConnection.instances.push(this);
  }
  getConfiguration() {
    return this.config;
  }
  setConfiguration(c) {
    this.config = c;
  }
  createDataChannel(label) {
    const dc = new FakeDataChannel(label);
    this.channels.push(dc);
    this._needNegotiation();
    return dc;
  }
  addTransceiver(trackOrKind, init = {}) {
    if (this.signalingState === 'closed') throw new Error('InvalidStateError: closed');
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = track ? track.kind : trackOrKind;
    const t = new FakeTransceiver(this, kind, init, track);
    this.transceivers.push(t);
    this._needNegotiation();
    return t;
  }
  getTransceivers() {
    return [...this.transceivers];
  }
  getReceivers() {
    return this.transceivers.map((t) => t.receiver);
  }
  getSenders() {
    return this.transceivers.map((t) => t.sender);
  }

  // ---- negotiation needed ----

  _needNegotiation() {
    if (this._nnQueued || this.signalingState === 'closed') return;
    this._nnQueued = true;
    setTimeout(() => {
      this._nnQueued = false;
      if (this.signalingState === 'stable' && this.negotiationNeeded()) {
        this.dispatchEvent(new Event('negotiationneeded'));
      }
    }, 0);
  }

  /** Whether the local description lacks something the transceivers (or channels) want. */
  negotiationNeeded() {
    if (this._iceRestart) return true;
    if (this.channels.length && !this._dcNegotiated) return true;
    for (const t of this.transceivers) {
      if (t.stopped) {
        if (t.mid !== null && !t._stopNegotiated) return true;
        continue;
      }
      if (t.mid === null) return true;
      if (t._negDirection !== t.direction) return true;
      if ((t._negMsid ?? []).join() !== t.sender.streamIds.join()) return true;
    }
    return false;
  }

  _recordNegotiated() {
    for (const t of this.transceivers) {
      if (t.mid === null) continue;
      t._negDirection = t.direction;
      t._negMsid = [...t.sender.streamIds];
      if (t.stopped) t._stopNegotiated = true;
    }
  }

  // ---- descriptions ----

  _offerSdp() {
    const m = [];
    for (const t of this.transceivers) {
      if (t.mid === null) {
        if (t.stopped) continue;
        const used = new Set(this.transceivers.map((x) => x.mid));
        while (used.has(String(this._mids))) this._mids++;
        t.mid = String(this._mids++);
      }
      m.push({
        mid: t.mid,
        kind: t.kind,
        dir: t.stopped ? 'inactive' : t.direction,
        msid: [...t.sender.streamIds],
        port0: t.stopped,
      });
    }
    return { fake: 1, m, dc: this.channels.length > 0 };
  }

  _answerSdp() {
    const remote = this._parse(this.remoteDescription);
    const m = remote.m.map((rm) => {
      const t = this.transceivers.find((x) => x.mid === rm.mid);
      if (!t || t.stopped || rm.port0) {
        return { mid: rm.mid, kind: rm.kind, dir: 'inactive', msid: [], port0: true };
      }
      const send = SENDS.has(t.direction) && RECEIVES.has(rm.dir);
      const recv = RECEIVES.has(t.direction) && SENDS.has(rm.dir);
      t.currentDirection = dirOf(send, recv);
      return { mid: t.mid, kind: t.kind, dir: dirOf(send, recv), msid: [...t.sender.streamIds] };
    });
    return { fake: 1, m, dc: remote.dc };
  }

  /** Parses a description of this model; anything else stands for an audio + video offer. */
  _parse(d) {
    try {
      const p = JSON.parse(d.sdp);
      if (p && p.fake === 1) return p;
    } catch {
      /* hand-written sdp */
    }
    return {
      fake: 1,
      m: [
        { mid: 'audio', kind: 'audio', dir: 'sendrecv', msid: [] },
        { mid: 'video', kind: 'video', dir: 'sendrecv', msid: [] },
      ],
      dc: true,
    };
  }

  _snapshot() {
    return {
      dc: this._dcNegotiated,
      t: this.transceivers.map((t) => ({ t, mid: t.mid, neg: t._negDirection, msid: t._negMsid })),
    };
  }

  _rollback() {
    const snap = this._offerSnapshot;
    this._offerSnapshot = null;
    if (snap) {
      this._dcNegotiated = snap.dc;
      for (const s of snap.t) {
        s.t.mid = s.mid;
        s.t._negDirection = s.neg;
        s.t._negMsid = s.msid;
      }
    }
    this.signalingState = 'stable';
    this.localDescription = null;
    this._needNegotiation();
  }

  async setLocalDescription(desc) {
    await null;
    if (this.signalingState === 'closed') throw new Error('closed');
    if (desc?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error('nothing to roll back');
      this._rollback();
      this.log.push('local:rollback');
      return;
    }
    const type = desc?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    let body;
    if (type === 'offer') {
      if (this.signalingState !== 'stable') throw new Error(`SLD(offer) in ${this.signalingState}`);
      this._offerSnapshot = this._snapshot();
      body = this._offerSdp();
      this.signalingState = 'have-local-offer';
      this._iceRestart = false;
      this._dcNegotiated = this._dcNegotiated || this.channels.length > 0;
      this._recordNegotiated();
    } else {
      if (this.signalingState !== 'have-remote-offer')
        throw new Error(`SLD(answer) in ${this.signalingState}`);
      body = this._answerSdp();
      this.signalingState = 'stable';
      this._dcNegotiated = this._dcNegotiated || (body.dc && this.channels.length > 0);
      this._recordNegotiated();
      this._needNegotiation();
    }
    this.localDescription = { type, sdp: JSON.stringify({ ...body, n: this.log.length }) };
    this.log.push(`local:${type}`);
  }

  async setRemoteDescription(d) {
    await null;
    if (this.signalingState === 'closed') throw new Error('closed');
    const body = this._parse(d);
    if (d.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.log.push('rollback');
        this._rollback();
      }
      if (this.signalingState !== 'stable') throw new Error(`SRD(offer) in ${this.signalingState}`);
      this.signalingState = 'have-remote-offer';
      for (const rm of body.m) {
        if (rm.port0) continue;
        if (!this.transceivers.some((t) => t.mid === rm.mid)) {
          const t = new FakeTransceiver(this, rm.kind, { direction: 'recvonly' });
          t.mid = rm.mid;
          this.transceivers.push(t);
        }
      }
    } else {
      if (this.signalingState !== 'have-local-offer')
        throw new Error(`SRD(answer) in ${this.signalingState}`);
      this._offerSnapshot = null;
      this.signalingState = 'stable';
      for (const rm of body.m) {
        const t = this.transceivers.find((x) => x.mid === rm.mid);
        if (t && !t.stopped) {
          const send = SENDS.has(t.direction) && RECEIVES.has(rm.dir);
          const recv = RECEIVES.has(t.direction) && SENDS.has(rm.dir);
          t.currentDirection = dirOf(send, recv);
        }
      }
    }
    this.remoteDescription = d;
    this.log.push(`remote:${d.type}`);
    this._processRemoteTracks(body);
    if (d.type === 'answer') this._needNegotiation();
  }

  /** `track` for m-lines that start sending to us (or move to other streams); removal otherwise. */
  _processRemoteTracks(body) {
    for (const rm of body.m) {
      const t = this.transceivers.find((x) => x.mid === rm.mid);
      if (!t) continue;
      const sending = !rm.port0 && SENDS.has(rm.dir);
      const track = t.receiver.track;
      const old = t._remoteMsid;
      const msid = sending ? rm.msid : [];
      const added = msid.filter((id) => !old.includes(id));
      for (const id of old.filter((x) => !msid.includes(x))) {
        this._remoteStreams.get(id)?.removeTrack(track);
      }
      const streams = msid.map((id) => {
        let s = this._remoteStreams.get(id);
        if (!s) {
          s = new FakeMediaStream([], id);
          this._remoteStreams.set(id, s);
        }
        return s;
      });
      t._remoteMsid = [...msid];
      if (sending && (!t._receiving || added.length)) {
        t._receiving = true;
        track.muted = false;
        for (const s of streams) s.addTrack(track);
        const e = new Event('track');
        Object.assign(e, { track, streams, transceiver: t, receiver: t.receiver });
        this.dispatchEvent(e);
      } else if (!sending && t._receiving) {
        t._receiving = false;
        track.muted = true;
      }
    }
  }

  async addIceCandidate(c) {
    if (!this.remoteDescription) throw new Error('no remote description');
    this.candidates.push(c);
  }
  emitCandidate(c) {
    const e = new Event('icecandidate');
    e.candidate = { toJSON: () => c };
    this.dispatchEvent(e);
  }
  restartIce() {
    this._iceRestart = true;
    this._needNegotiation();
  }
  async getStats() {
    return new Map();
  }
  close() {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }
  /** Test hook: pretend the data channels opened. */
  openChannels() {
    for (const dc of this.channels) {
      dc.readyState = 'open';
      dc.onopen?.();
    }
  }
}
FakePeerConnection.instances = [];
