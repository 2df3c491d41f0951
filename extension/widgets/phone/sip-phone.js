// @ts-check
/**
 * A SIP phone on JsSIP (bundled from npm): signs in over the server's /sip WebSocket, makes and
 * takes audio calls with their own RTCPeerConnection, separate from the room's mesh. No DOM;
 * the widget (phone.js) draws it. Events (EventTarget, detail in `event.detail`):
 *   registered, unregistered, failed {cause, status}, incoming {from, name}, progress,
 *   answered, ended {cause}, track {stream}
 */
import JsSIP from 'jssip';

/** @typedef {{wsUrl: string, user: string, password: string, domain: string, displayName?: string, iceServers?: RTCIceServer[]}} PhoneConfig */

export class SipPhone extends EventTarget {
  /** @param {PhoneConfig} config */
  constructor(config) {
    super();
    this.config = config;
    /** @type {any} */
    this.session = null;
    const socket = new JsSIP.WebSocketInterface(config.wsUrl);
    this.ua = new JsSIP.UA({
      sockets: [socket],
      uri: `sip:${config.user}@${config.domain}`,
      password: config.password,
      display_name: config.displayName || undefined,
      register: true,
      register_expires: 300,
      session_timers: false,
      user_agent: 'TFX Sessions phone',
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
    });
    this.ua.on('registered', () => this.emit('registered'));
    this.ua.on('unregistered', () => this.emit('unregistered'));
    this.ua.on('registrationFailed', (/** @type {any} */ e) =>
      this.emit('failed', { cause: e.cause, status: e.response?.status_code ?? 0 }),
    );
    this.ua.on('newRTCSession', (/** @type {any} */ e) => this.adopt(e.session, e.originator));
  }

  start() {
    this.ua.start();
  }

  /** Signs out and closes the socket. */
  stop() {
    this.hangup();
    this.ua.stop();
  }

  get busy() {
    return this.session !== null;
  }

  /** @param {string} uri */
  call(uri) {
    if (this.session) throw new Error('already in a call');
    this.ua.call(uri, this.options());
  }

  answer() {
    if (this.session && this.session.direction === 'incoming' && !this.session.isEstablished()) {
      this.session.answer(this.options());
    }
  }

  hangup() {
    if (this.session && !this.session.isEnded()) this.session.terminate();
  }

  /** @param {boolean} muted */
  mute(muted) {
    if (!this.session) return;
    if (muted) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  options() {
    return {
      mediaConstraints: { audio: true, video: false },
      pcConfig: { iceServers: this.config.iceServers ?? [] },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    };
  }

  /** @param {any} session @param {string} originator */
  adopt(session, originator) {
    if (this.session) {
      if (originator === 'remote')
        session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.session = session;
    const attach = (/** @type {RTCPeerConnection} */ pc) =>
      pc.addEventListener('track', (e) => this.emit('track', { stream: e.streams[0] }));
    if (session.connection) attach(session.connection);
    else session.on('peerconnection', (/** @type {any} */ e) => attach(e.peerconnection));
    const end = (/** @type {any} */ e) => {
      if (this.session !== session) return;
      this.session = null;
      this.emit('ended', { cause: e?.cause });
    };
    session.on('progress', () => this.emit('progress'));
    session.on('confirmed', () => this.emit('answered'));
    session.on('ended', end);
    session.on('failed', end);
    if (originator === 'remote') {
      const from = session.remote_identity;
      this.emit('incoming', {
        from: from.uri.toString(),
        name: from.display_name || from.uri.user,
      });
    }
  }

  /** @param {string} type @param {object} [detail] */
  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
