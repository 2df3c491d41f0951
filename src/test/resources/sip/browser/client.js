// A plain JsSIP client for the server's SIP browser tests: registers over this origin's /sip,
// calls, answers, hangs up, and reports what happened (window.sip.events) and the audio it
// receives (window.sip.audioIn()). Served to the page by the test itself, never by the WAR.
(function () {
  const events = [];
  let ua = null;
  let session = null;
  let autoAnswer = false;
  const remote = () => document.getElementById('remote');

  function adopt(s, originator) {
    session = s;
    events.push(originator === 'remote' ? 'incoming' : 'outgoing');
    const attach = (pc) =>
      pc.addEventListener('track', (e) => {
        remote().srcObject = e.streams[0];
        remote().play().catch(() => {});
      });
    if (s.connection) attach(s.connection);
    else s.on('peerconnection', (e) => attach(e.peerconnection));
    s.on('progress', (e) => events.push('progress:' + (e.response ? e.response.status_code : '')));
    s.on('confirmed', () => events.push('confirmed'));
    s.on('ended', (e) => events.push('ended:' + e.cause));
    s.on('failed', (e) => events.push('failed:' + e.cause));
    if (originator === 'remote' && autoAnswer) {
      setTimeout(() => window.sip.answer(), 300);
    }
  }

  window.sip = {
    events,
    start(user, password, domain, answer) {
      autoAnswer = !!answer;
      const socket = new JsSIP.WebSocketInterface('ws://' + location.host + '/sip');
      ua = new JsSIP.UA({
        sockets: [socket],
        uri: 'sip:' + user + '@' + domain,
        password,
        register: true,
        session_timers: false,
        register_expires: 300,
      });
      ua.on('registered', () => events.push('registered'));
      ua.on('unregistered', () => events.push('unregistered'));
      ua.on('registrationFailed', (e) =>
        events.push('regfailed:' + (e.response ? e.response.status_code : e.cause)),
      );
      ua.on('newRTCSession', (e) => adopt(e.session, e.originator));
      ua.start();
    },
    register() {
      ua.register();
    },
    call(target) {
      ua.call(target, {
        mediaConstraints: { audio: true, video: false },
        pcConfig: { iceServers: [] },
      });
    },
    answer() {
      if (session) session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
    },
    hangup() {
      if (session && !session.isEnded()) session.terminate();
    },
    stop() {
      if (ua) ua.stop();
    },
    has(event) {
      return events.some((e) => e === event || e.startsWith(event));
    },
    async audioIn() {
      if (!session || !session.connection) return { bytes: 0, energy: 0 };
      const stats = await session.connection.getStats();
      let bytes = 0;
      let energy = 0;
      stats.forEach((r) => {
        if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          bytes += r.bytesReceived || 0;
          energy += r.totalAudioEnergy || 0;
        }
      });
      return { bytes, energy };
    },
  };
})();
