import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Negotiator, classifySignal } from '../lib/sdk/negotiation.js';
import { FakePeerConnection } from './helpers/fake-rtc.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
/** Polls until both connections are stable (fixed sleeps fail on a loaded machine). */
async function settle(a, b, ms = 3000) {
  const end = Date.now() + ms;
  while (a.signalingState !== 'stable' || b.signalingState !== 'stable' || a.log.length < 2) {
    if (Date.now() > end) throw new Error(`not stable: ${a.signalingState} / ${b.signalingState}`);
    await tick(2);
  }
  await tick(10);
}

/** Two negotiators wired to each other through an async "server". */
function pair() {
  const a = new FakePeerConnection();
  const b = new FakePeerConnection();
  const na = new Negotiator({
    pc: a,
    polite: false,
    send: (p) => setTimeout(() => nb.handle(p), 1),
  });
  const nb = new Negotiator({
    pc: b,
    polite: true,
    send: (p) => setTimeout(() => na.handle(p), 1),
  });
  return { a, b, na, nb };
}

test('one side offers: both end stable with each other’s descriptions', async () => {
  const { a, b } = pair();
  a.createDataChannel('x');
  await settle(a, b);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  assert.deepEqual(a.log, ['local:offer', 'remote:answer']);
  assert.deepEqual(b.log, ['remote:offer', 'local:answer']);
});

test('glare: the polite side rolls back, the impolite side ignores, both settle', async () => {
  const { a, b } = pair();
  a.createDataChannel('x');
  b.createDataChannel('x');
  await settle(a, b);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  assert.ok(b.log.includes('rollback'), b.log.join());
  assert.ok(!a.log.includes('rollback'), a.log.join());
});

test('candidates that arrive before the remote description are buffered, then applied', async () => {
  const pc = new FakePeerConnection();
  const sent = [];
  const n = new Negotiator({ pc, polite: true, send: (p) => sent.push(p) });
  await n.handle({ conn: 'r', candidate: { candidate: 'c1' } });
  await n.handle({ conn: 'r', candidate: { candidate: 'c2' } });
  assert.equal(pc.candidates.length, 0);
  assert.equal(n.pendingCandidates.length, 2);
  await n.handle({ conn: 'r', description: { type: 'offer', sdp: 'o' } });
  assert.deepEqual(
    pc.candidates.map((c) => c.candidate),
    ['c1', 'c2'],
  );
  assert.equal(sent.at(-1).description.type, 'answer');
});

test('beforeAnswer runs between the remote offer and the answer', async () => {
  const pc = new FakePeerConnection();
  const order = [];
  const n = new Negotiator({
    pc,
    polite: true,
    send: (p) => order.push(`send:${p.description.type}`),
    beforeAnswer: () => order.push(`before:${pc.signalingState}`),
  });
  await n.handle({ conn: 'r', description: { type: 'offer', sdp: 'o' } });
  assert.deepEqual(order, ['before:have-remote-offer', 'send:answer']);
});

test('local ICE candidates are sent as JSON', async () => {
  const pc = new FakePeerConnection();
  const sent = [];
  new Negotiator({ pc, polite: true, send: (p) => sent.push(p) });
  pc.emitCandidate({ candidate: 'candidate:1', sdpMid: '0' });
  assert.deepEqual(sent, [{ candidate: { candidate: 'candidate:1', sdpMid: '0' } }]);
});

test('classifySignal: accept, stale and rebuild', () => {
  const fresh = { localConn: 'L1', remoteConn: null };
  const bound = { localConn: 'L1', remoteConn: 'R1' };
  const offer = { type: 'offer', sdp: 'x' };
  const table = [
    [{ conn: 'R1', description: offer }, fresh, 'accept'],
    [{ conn: 'R1', toConn: 'L1', candidate: {} }, bound, 'accept'],
    [{ conn: 'R1', toConn: 'L0', candidate: {} }, bound, 'stale'], // for our previous connection
    [{ conn: 'R0', toConn: 'L1', candidate: {} }, bound, 'stale'], // from their previous one
    [{ conn: 'R2', description: offer }, bound, 'rebuild'], // they reloaded
    [{ conn: 'R2', candidate: {} }, bound, 'stale'],
    [{ conn: 'R2', toConn: 'L1', description: offer }, bound, 'stale'],
    [{ description: offer }, bound, 'stale'],
    [null, fresh, 'stale'],
  ];
  for (const [payload, link, want] of table)
    assert.equal(classifySignal(payload, link), want, JSON.stringify(payload));
});
