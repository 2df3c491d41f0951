import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { PeerLink, DISCONNECTED_RESTART_MS } from '../lib/sdk/peer.js';
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

test('ICE failed restarts at once; disconnected restarts only if it lasts', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { l, pc } = link(true);
    const restarts = mock.method(pc, 'restartIce');
    iceState(pc, 'failed');
    assert.equal(restarts.mock.callCount(), 1);

    iceState(pc, 'disconnected');
    mock.timers.tick(DISCONNECTED_RESTART_MS - 1);
    assert.equal(restarts.mock.callCount(), 1);
    iceState(pc, 'connected'); // recovered by itself
    mock.timers.tick(10);
    assert.equal(restarts.mock.callCount(), 1);

    iceState(pc, 'disconnected');
    mock.timers.tick(DISCONNECTED_RESTART_MS);
    assert.equal(restarts.mock.callCount(), 2);
    l.close();
    iceState(pc, 'failed');
    assert.equal(restarts.mock.callCount(), 2, 'a closed link never restarts');
  } finally {
    mock.timers.reset();
  }
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
