import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { PeerLink, DISCONNECTED_RESTART_MS, RESTART_BACKOFF } from '../lib/sdk/peer.js';
import { FakePeerConnection } from './helpers/fake-rtc.js';

function link(initiator = true) {
  const sent = [];
  const l = new PeerLink({
    peerId: 'p2',
    polite: true,
    initiator,
    iceServers: [],
    RTCPeerConnectionImpl: /** @type {any} */ (FakePeerConnection),
    localStream: null,
    sendSignal: (p) => sent.push(p),
  });
  return { l, sent, pc: /** @type {any} */ (l.pc) };
}

function iceState(pc, state) {
  pc.iceConnectionState = state;
  pc.dispatchEvent(new Event('iceconnectionstatechange'));
}

test('an initiator offers both kinds even without local media, stamped with its conn id', async () => {
  const { l, sent, pc } = link(true);
  assert.deepEqual(
    pc.transceivers.map((t) => [t.receiver.track.kind, t.direction]),
    [
      ['audio', 'sendrecv'],
      ['video', 'sendrecv'],
    ],
  );
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(sent[0].description.type, 'offer');
  assert.equal(sent[0].conn, l.localConn);
  assert.equal(sent[0].toConn, undefined);
  l.close();
});

/** Lets the async restart callback finish after a timer fired. */
async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

test('ICE failed restarts after a short backoff; disconnected only if it lasts', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { l, pc } = link(true);
    const restarts = mock.method(pc, 'restartIce');
    iceState(pc, 'failed');
    assert.equal(l.health.status, 'failed');
    mock.timers.tick(RESTART_BACKOFF.baseMs);
    await settle();
    assert.equal(restarts.mock.callCount(), 1);

    iceState(pc, 'connected');
    assert.equal(l.health.status, 'connected');
    iceState(pc, 'disconnected');
    mock.timers.tick(DISCONNECTED_RESTART_MS - 1);
    assert.equal(restarts.mock.callCount(), 1);
    iceState(pc, 'connected'); // recovered by itself
    mock.timers.tick(60_000);
    await settle();
    assert.equal(restarts.mock.callCount(), 1);

    iceState(pc, 'disconnected');
    mock.timers.tick(DISCONNECTED_RESTART_MS);
    mock.timers.tick(RESTART_BACKOFF.baseMs);
    await settle();
    assert.equal(restarts.mock.callCount(), 2);
    l.close();
    iceState(pc, 'failed');
    mock.timers.tick(60_000);
    await settle();
    assert.equal(restarts.mock.callCount(), 2, 'a closed link never restarts');
  } finally {
    mock.timers.reset();
  }
});

test('a broken connection is restarted with fresh credentials until it connects, however long', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let asked = 0;
    const fresh = [{ urls: ['turn:127.0.0.1:3478'], username: 'u2', credential: 'c2' }];
    const l = new PeerLink({
      peerId: 'p2',
      polite: true,
      initiator: true,
      iceServers: [],
      RTCPeerConnectionImpl: /** @type {any} */ (FakePeerConnection),
      localStream: null,
      sendSignal: () => {},
      freshIceServers: async () => (asked++, fresh),
    });
    const pc = /** @type {any} */ (l.pc);
    const restarts = mock.method(pc, 'restartIce');
    const configs = mock.method(pc, 'setConfiguration');
    iceState(pc, 'failed');
    // Ten minutes of a relay outage: ICE restarts never stop, never further apart than the cap.
    let last = 0;
    for (let ms = 0; ms < 600_000; ms += 500) {
      mock.timers.tick(500);
      await settle();
      const n = restarts.mock.callCount();
      if (n > last) {
        last = n;
        assert.equal(l.health.restarts, n);
      }
    }
    assert.ok(last >= 600_000 / RESTART_BACKOFF.maxMs - 2, `only ${last} restarts in 10 min`);
    assert.equal(asked, last, 'credentials asked for before every restart');
    assert.deepEqual(configs.mock.calls.at(-1).arguments[0].iceServers, fresh);
    // The relay is back: the next restart connects, and the loop stops.
    iceState(pc, 'connected');
    mock.timers.tick(60_000);
    await settle();
    assert.equal(restarts.mock.callCount(), last);
    assert.equal(l.health.status, 'connected');
    l.close();
  } finally {
    mock.timers.reset();
  }
});

test('a TURN server that does not answer (701) is reported while the link is down', () => {
  const { l, pc } = link(true);
  const states = [];
  l.on('state', (e) => states.push(e));
  iceState(pc, 'failed');
  const err = Object.assign(new Event('icecandidateerror'), {
    url: 'turn:127.0.0.1:3478?transport=udp',
    errorCode: 701,
  });
  pc.dispatchEvent(err);
  assert.equal(l.health.relayUnreachable, true);
  assert.equal(states.at(-1).relayUnreachable, true);
  iceState(pc, 'connected');
  assert.equal(l.health.relayUnreachable, false);
  l.close();
});

test('data: open channel carries {c, p}; closed channel reports false for relay fallback', () => {
  const { l, pc } = link(true);
  assert.equal(l.sendData('chat', 'x'), false);
  pc.openChannels();
  assert.equal(l.sendData('chat', { a: 1 }), true);
  assert.deepEqual(JSON.parse(pc.channels[0].sent[0]), { c: 'chat', p: { a: 1 } });
  const got = [];
  l.on('data', (d) => got.push(d));
  l.dc.onmessage({ data: JSON.stringify({ c: 'chat', p: 'hi' }) });
  l.dc.onmessage({ data: 'not json' });
  l.dc.onmessage({ data: JSON.stringify({ nope: 1 }) });
  assert.deepEqual(got, [{ channel: 'chat', payload: 'hi' }]);
  l.close();
});
