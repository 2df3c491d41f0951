// A model of RTCPeerConnection's signalling state machine, enough for negotiation and session
// tests in node (no media, no ICE). Implicit rollback as in browsers.
let counter = 0;

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

export class FakePeerConnection extends EventTarget {
  constructor(config = {}) {
    super();
    this.config = config;
    this.signalingState = 'stable';
    this.iceConnectionState = 'new';
    this.connectionState = 'new';
    this.localDescription = null;
    this.remoteDescription = null;
    this.transceivers = [];
    this.candidates = [];
    this.log = [];
    this.id = ++counter;
    this.channels = [];
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
    const kind = typeof trackOrKind === 'string' ? trackOrKind : trackOrKind.kind;
    const t = {
      mid: null,
      direction: init.direction ?? 'sendrecv',
      stopped: false,
      receiver: { track: { kind } },
      sender: { track: null, replaceTrack: async (tr) => (t.sender.track = tr), setStreams() {} },
    };
    this.transceivers.push(t);
    this._needNegotiation();
    return t;
  }
  getTransceivers() {
    return this.transceivers;
  }
  _needNegotiation() {
    if (this._nnQueued) return;
    this._nnQueued = true;
    setTimeout(() => {
      this._nnQueued = false;
      if (this.signalingState === 'stable' && this.signalingState !== 'closed')
        this.dispatchEvent(new Event('negotiationneeded'));
    }, 0);
  }
  async setLocalDescription(desc) {
    await null;
    if (this.signalingState === 'closed') throw new Error('closed');
    if (desc?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error('nothing to roll back');
      this.signalingState = 'stable';
      this.localDescription = null;
      this.log.push('local:rollback');
      return;
    }
    const type = desc?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    const d = { type, sdp: `${type}-${this.id}-${this.log.length}` };
    if (type === 'offer') {
      if (this.signalingState !== 'stable') throw new Error(`SLD(offer) in ${this.signalingState}`);
      this.signalingState = 'have-local-offer';
    } else {
      if (this.signalingState !== 'have-remote-offer')
        throw new Error(`SLD(answer) in ${this.signalingState}`);
      this.signalingState = 'stable';
    }
    this.localDescription = d;
    this.log.push(`local:${type}`);
  }
  async setRemoteDescription(d) {
    await null;
    if (d.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.log.push('rollback');
        this.signalingState = 'stable';
      }
      if (this.signalingState !== 'stable') throw new Error(`SRD(offer) in ${this.signalingState}`);
      this.signalingState = 'have-remote-offer';
      for (const kind of ['audio', 'video']) {
        if (!this.transceivers.some((t) => t.receiver.track.kind === kind)) {
          this.transceivers.push({
            mid: kind,
            direction: 'recvonly',
            stopped: false,
            receiver: { track: { kind } },
            sender: { track: null, replaceTrack: async () => undefined, setStreams() {} },
          });
        }
      }
    } else {
      if (this.signalingState !== 'have-local-offer')
        throw new Error(`SRD(answer) in ${this.signalingState}`);
      this.signalingState = 'stable';
    }
    this.remoteDescription = d;
    this.log.push(`remote:${d.type}`);
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
