import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { TfxSession, signalUrl } from '../lib/sdk/session.js';
import { memoryStorage } from '../lib/sdk/storage.js';
import { FAST_BACKOFF as fast, until, useFakeServer } from './helpers/fake-session.js';

const fake = useFakeServer();

const join = (room, name, extra = {}) => fake.join(room, name, { backoff: fast, ...extra });

/** Resolves with the first event of that name. */
const next = (s, event, ms = 3000) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), ms);
    s.once(event, (d) => {
      clearTimeout(t);
      resolve(d);
    });
  });

test('signalUrl maps http(s) to ws(s) and appends /signal', () => {
  assert.equal(signalUrl('http://localhost:8080'), 'ws://localhost:8080/signal');
  assert.equal(signalUrl('https://meet.example.org/base/'), 'wss://meet.example.org/base/signal');
});

test('two peers join, see each other, and negotiate with the newcomer offering', async () => {
  const room = await fake.server.createRoom({ name: 'T' });
  const a = join(room, 'Ada', { ownerToken: room.ownerToken });
  const ja = await next(a, 'joined');
  assert.equal(ja.owner, true);
  assert.deepEqual(ja.peers, []);
  const b = join(room, 'Bob');
  const [pj, jb] = await Promise.all([next(a, 'peer-joined'), next(b, 'joined')]);
  assert.equal(pj.peer.name, 'Bob');
  assert.equal(jb.peers[0].name, 'Ada');
  assert.equal(jb.peers[0].polite, jb.peerId < ja.peerId);
  await until(() => a.links.size === 1 && b.links.size === 1);
  const la = a.links.get(jb.peerId);
  const lb = b.links.get(ja.peerId);
  await until(
    () =>
      la.pc.remoteDescription &&
      lb.pc.remoteDescription &&
      la.pc.signalingState === 'stable' &&
      lb.pc.signalingState === 'stable',
  );
  assert.equal(lb.initiator, true);
  assert.equal(la.initiator, false);
  assert.equal(la.remoteConn, lb.localConn);
  assert.equal(lb.remoteConn, la.localConn);
  a.leave();
  const left = await next(b, 'peer-left');
  assert.deepEqual(left, { peerId: ja.peerId, reason: 'left' });
  b.leave();
});

test('channel messages use the data channel when open and relay otherwise', async () => {
  const room = await fake.server.createRoom();
  const a = join(room, 'Ada');
  await next(a, 'joined');
  const b = join(room, 'Bob');
  await next(b, 'joined');
  await until(() => a.links.size === 1);
  const got = next(a.channel('chat'), 'message');
  b.channel('chat').broadcast({ text: 'hi' });
  const msg = await got;
  assert.equal(msg.via, 'relay');
  assert.deepEqual(msg.payload, { text: 'hi' });
  assert.equal(msg.from, b.peerId);

  const lb = b.links.get(a.peerId);
  lb.pc.openChannels();
  b.channel('chat').send(a.peerId, 'direct');
  assert.deepEqual(JSON.parse(lb.dc.sent[0]), { c: 'chat', p: 'direct' });
  a.leave();
  b.leave();
});

test('a dropped socket reconnects with the resume token and keeps the seat', async () => {
  const room = await fake.server.createRoom();
  const storage = memoryStorage();
  const a = join(room, 'Ada', { storage });
  const ja = await next(a, 'joined');
  const b = join(room, 'Bob');
  await next(b, 'joined');
  await until(() => a.links.size === 1);
  const link = a.links.get(b.peerId);
  const lost = next(b, 'peer-updated');
  a.signaling.drop();
  await next(a, 'reconnecting');
  assert.equal((await lost).peer.state, 'lost');
  const rec = await next(a, 'reconnected');
  assert.equal(rec.resumed, true);
  assert.equal(a.peerId, ja.peerId);
  assert.equal(a.links.get(b.peerId), link, 'the RTCPeerConnection survives a signalling drop');
  assert.equal(JSON.parse(storage.getItem(`tfx.seat.${room.roomId}`)).resumeToken, a._resumeToken);
  a.leave();
  b.leave();
});

test('a join refused as unavailable (database down) is tried again until it works', async () => {
  const room = await fake.server.createRoom({ name: 'Outage' });
  fake.server.setStoreDown(true);
  const a = join(room, 'Ada');
  const err = await next(a, 'error');
  assert.equal(err.code, 'ERR_SERVER_UNAVAILABLE');
  await next(a, 'error'); // and again: the session keeps trying, it does not give up
  fake.server.setStoreDown(false);
  const joined = await next(a, 'joined', 5000);
  assert.equal(joined.resumed, false);
  assert.equal(a.state, 'joined');
  a.leave();
});

test('a reload resumes the seat from storage and offers on a fresh connection', async () => {
  const room = await fake.server.createRoom();
  const storage = memoryStorage();
  const a1 = join(room, 'Ada', { storage });
  const ja = await next(a1, 'joined');
  const b = join(room, 'Bob');
  await next(b, 'joined');
  await until(
    () =>
      b.links.get(ja.peerId)?.pc.signalingState === 'stable' && b.links.get(ja.peerId)?.remoteConn,
  );
  const oldConn = b.links.get(ja.peerId).remoteConn;
  // The page goes away without `leave`.
  a1.signaling.active = false;
  a1.signaling.ws.close();
  await until(() => b.peers.get(ja.peerId)?.state === 'lost');
  const a2 = join(room, 'Ada', { storage });
  const j2 = await next(a2, 'joined');
  assert.equal(j2.resumed, true);
  assert.equal(j2.peerId, ja.peerId);
  await until(
    () => b.links.get(ja.peerId)?.remoteConn && b.links.get(ja.peerId).remoteConn !== oldConn,
  );
  await until(() => b.links.get(ja.peerId).pc.signalingState === 'stable');
  assert.equal(b.peers.get(ja.peerId).state, 'connected');
  a2.leave();
  b.leave();
});

test('errors map to ERR_ codes; fatal ones end the session', async () => {
  const room = await fake.server.createRoom({ capacity: 1 });
  const bad = TfxSession.join(fake.server.url, room.roomId, 'wrong', {
    name: 'X',
    WebSocketImpl: /** @type {any} */ (WebSocket),
    storage: memoryStorage(),
  });
  const e1 = await next(bad, 'error');
  assert.equal(e1.code, 'ERR_WRONG_SECRET');
  assert.equal(e1.fatal, true);
  assert.equal(bad.state, 'ended');

  const a = join(room, 'Ada');
  await next(a, 'joined');
  const full = join(room, 'Bob');
  const e2 = await next(full, 'error');
  assert.equal(e2.code, 'ERR_ROOM_FULL');
  await assert.rejects(full.ready, (e) => e.code === 'ERR_ROOM_FULL');
  a.leave();
});

test('knock on a locked room; the owner admits', async () => {
  const room = await fake.server.createRoom();
  const owner = join(room, 'Olga', { ownerToken: room.ownerToken });
  await next(owner, 'joined');
  owner.lock(true);
  await next(owner, 'room-updated');
  const k = join(room, 'Kim');
  const e = await next(k, 'error');
  assert.equal(e.code, 'ERR_ROOM_LOCKED');
  assert.equal(e.fatal, false);
  const knocking = next(owner, 'knocking');
  k.knock();
  const kn = await knocking;
  assert.equal(kn.name, 'Kim');
  owner.admit(kn.peerId);
  const jk = await next(k, 'joined');
  assert.equal(jk.peerId, kn.peerId);
  owner.leave();
  k.leave();
});

test('server unreachable is reported', async () => {
  const s = TfxSession.join('http://127.0.0.1:9', 'r', 's', {
    name: 'X',
    WebSocketImpl: /** @type {any} */ (WebSocket),
    storage: memoryStorage(),
    backoff: fast,
  });
  const e = await next(s, 'error');
  assert.equal(e.code, 'ERR_SERVER_UNREACHABLE');
  s.leave();
});

test('an offer to a peer that is away is rolled back, and made again when it is back', async () => {
  const room = await fake.server.createRoom();
  const a = join(room, 'Ada');
  await next(a, 'joined');
  const b = join(room, 'Bob', { backoff: { baseMs: 400, maxMs: 400, jitter: 0 } });
  await next(b, 'joined');
  await until(
    () => a.links.get(b.peerId)?.remoteConn && a.links.get(b.peerId).pc.signalingState === 'stable',
  );
  const link = a.links.get(b.peerId);
  b.signaling.drop(); // b is away for a moment (it reconnects with backoff)
  await until(() => a.peers.get(b.peerId).state === 'lost');
  link.pc.iceConnectionState = 'failed'; // as if the path broke meanwhile
  link.restartIce();
  await until(() => link.pc.log.includes('local:rollback'));
  assert.equal(link.pc.signalingState, 'stable');
  const offers = link.pc.log.filter((e) => e === 'local:offer').length;
  await until(() => a.peers.get(b.peerId).state === 'connected');
  await until(() => link.pc.log.filter((e) => e === 'local:offer').length > offers, 3000);
});

test('our own mute, camera and name changes are reported as self-updated; the others get peer-updated', async () => {
  const room = await fake.server.createRoom();
  const a = join(room, 'Ada');
  await next(a, 'joined');
  const b = join(room, 'Bob');
  await next(b, 'joined');
  const seen = [];
  a.on('self-updated', (d) => seen.push(d));
  const remote = next(b, 'peer-updated');
  a.setMuted(true);
  assert.equal((await remote).peer.muted, true);
  a.setVideoEnabled(false);
  a.setName('  Ada L. ');
  assert.deepEqual(seen, [
    { name: 'Ada', muted: true, video: false },
    { name: 'Ada', muted: true, video: false },
    { name: 'Ada L.', muted: true, video: false },
  ]);
});
