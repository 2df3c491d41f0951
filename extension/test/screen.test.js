// Screen sharing in the SDK: extra transceivers, renegotiation through perfect negotiation, and
// the announcement of which streams are screens — link to link over a modelled
// RTCPeerConnection, and whole sessions over the fake server (late joiner, browser stop,
// reload, ICE restart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerLink, readScreens, MAX_SCREENS } from '../lib/sdk/peer.js';
import { memoryStorage } from '../lib/sdk/storage.js';
import { FakePeerConnection, FakeMediaStream, FakeTrack } from './helpers/fake-rtc.js';
import { FAST_BACKOFF, until, useFakeServer } from './helpers/fake-session.js';

const screenStream = (audio = false) =>
  new FakeMediaStream([
    new FakeTrack('video', 'screen:0'),
    ...(audio ? [new FakeTrack('audio', 'system audio')] : []),
  ]);
const camera = () => new FakeMediaStream([new FakeTrack('audio'), new FakeTrack('video')]);

/**
 * Two links wired to each other the way sessions wire them (classify, then handle), with a
 * little latency. `a` offers first.
 */
function linkPair({ aScreen = null, bScreen = null } = {}) {
  const sent = { a: [], b: [] };
  const events = { a: [], b: [] };
  /** @type {{a: PeerLink|null, b: PeerLink|null}} */
  const links = { a: null, b: null };
  const deliver = (to, payload) =>
    setTimeout(() => {
      if (!links[to]) {
        // b's side is created by a's first offer, as TfxSession does.
        links[to] = make(to, false, bScreen);
      }
      const l = links[to];
      if (l.closed) return;
      if (l.classify(payload) === 'accept') l.handleSignal(payload);
    }, 1);
  const make = (name, initiator, screen) => {
    const other = name === 'a' ? 'b' : 'a';
    const l = new PeerLink({
      peerId: other,
      polite: name === 'b',
      initiator,
      iceServers: [],
      RTCPeerConnectionImpl: /** @type {any} */ (FakePeerConnection),
      localStream: camera(),
      screenStream: screen,
      sendSignal: (p) => {
        sent[name].push(p);
        deliver(other, p);
      },
    });
    l.on('screen', (e) => events[name].push({ type: 'screen', ...e }));
    l.on('track', (e) => events[name].push({ type: 'track', kind: e.track.kind }));
    l.on('error', (e) => events[name].push({ type: 'error', e }));
    return l;
  };
  links.a = make('a', true, aScreen);
  return { links, sent, events };
}

const stable = (l) => l && l.pc.signalingState === 'stable' && !l.pc.negotiationNeeded();
const settled = (p) => until(() => stable(p.links.a) && stable(p.links.b), 3000, 'stable');
const screenEvents = (list) =>
  list.filter((e) => e.type === 'screen').map((e) => [e.active ? '+' : '-', e.streamId]);

test('readScreens keeps at most MAX_SCREENS short string ids and drops anything else', () => {
  const table = [
    [undefined, []],
    ['abc', []],
    [{ 0: 'x' }, []],
    [
      ['s1', 2, null, '', 's2'],
      ['s1', 's2'],
    ],
    [['x'.repeat(129), 'ok'], ['ok']],
    [Array.from({ length: 9 }, (_, i) => `s${i}`), ['s0', 's1', 's2', 's3']],
  ];
  assert.equal(MAX_SCREENS, 4);
  for (const [input, want] of table) assert.deepEqual(readScreens(input), want);
});

test('a screen share adds one sendonly transceiver, renegotiates and is announced', async () => {
  const p = linkPair();
  await settled(p);
  const { a, b } = p.links;
  const before = a.pc.getTransceivers().length;
  assert.ok(p.sent.a.filter((x) => x.description).every((x) => x.screens.length === 0));
  // The camera pair arrives as plain tracks.
  assert.deepEqual(
    p.events.b.filter((e) => e.type === 'track').map((e) => e.kind),
    ['audio', 'video'],
  );

  const s1 = screenStream();
  await a.setScreen(s1);
  await settled(p);
  assert.equal(a.pc.getTransceivers().length, before + 1);
  const tx = a._screenTx.video;
  assert.equal(tx.direction, 'sendonly');
  assert.equal(tx.sender.track, s1.getVideoTracks()[0]);
  const offer = p.sent.a.filter((x) => x.description?.type === 'offer').at(-1);
  assert.deepEqual(offer.screens, [s1.id]);
  assert.deepEqual(screenEvents(p.events.b), [['+', s1.id]]);
  assert.equal(b.remoteScreens.get(s1.id).getVideoTracks().length, 1);
  // The screen is not a camera track: no extra `track` event.
  assert.equal(p.events.b.filter((e) => e.type === 'track').length, 2);

  // Stop: the sender goes inactive and the other side drops the screen; the camera stays.
  await a.setScreen(null);
  await settled(p);
  assert.equal(tx.direction, 'inactive');
  assert.equal(tx.sender.track, null);
  assert.deepEqual(screenEvents(p.events.b), [
    ['+', s1.id],
    ['-', s1.id],
  ]);
  assert.equal(b.remoteScreens.size, 0);
  assert.ok(b._mainCandidate('video').receiver.track.muted === false, 'camera still received');

  // Resume the same stream: its sender is reused.
  await a.setScreen(s1);
  await settled(p);
  assert.equal(a.pc.getTransceivers().length, before + 1);
  assert.equal(tx.direction, 'sendonly');
  assert.deepEqual(screenEvents(p.events.b).at(-1), ['+', s1.id]);
  await a.setScreen(null);
  await settled(p);

  // Share another stream: it gets a sender of its own (no msid change on a live sender); the
  // old one is stopped.
  const s2 = screenStream();
  await a.setScreen(s2);
  await settled(p);
  assert.equal(tx.direction, 'stopped');
  assert.notEqual(a._screenTx.video, tx);
  assert.equal(a._screenTx.video.direction, 'sendonly');
  assert.equal(a._screenTx.video.sender.track, s2.getVideoTracks()[0]);
  assert.deepEqual(screenEvents(p.events.b).at(-1), ['+', s2.id]);
  assert.deepEqual([...b.remoteScreens.keys()], [s2.id]);
  assert.ok(!p.events.a.some((e) => e.type === 'error'));
  assert.ok(!p.events.b.some((e) => e.type === 'error'));
  a.close();
  b.close();
});

test('screen audio gets its own transceiver; switching streams moves both tracks', async () => {
  const p = linkPair();
  await settled(p);
  const { a, b } = p.links;
  const s1 = screenStream(true);
  await a.setScreen(s1);
  await settled(p);
  assert.equal(a._screenTx.audio.direction, 'sendonly');
  const got = b.remoteScreens.get(s1.id);
  assert.equal(got.getVideoTracks().length, 1);
  assert.equal(got.getAudioTracks().length, 1);
  // Switch straight to a capture without sound: video moves, the audio sender goes quiet.
  const s2 = screenStream(false);
  const oldAudio = a._screenTx.audio;
  await a.setScreen(s2);
  await settled(p);
  assert.equal(oldAudio.direction, 'stopped');
  assert.equal(a._screenTx.audio, undefined, 'no audio sender for a capture without sound');
  assert.equal(b.remoteScreens.get(s2.id).getAudioTracks().length, 0);
  assert.deepEqual(screenEvents(p.events.b), [
    ['+', s1.id],
    ['-', s1.id],
    ['+', s2.id],
  ]);
  a.close();
  b.close();
});

test('the answering side shares too: a late joiner gets the screen in the follow-up offer', async () => {
  // b shares before the link exists (a joins late and offers).
  const s = screenStream();
  const p = linkPair({ bScreen: s });
  await settled(p);
  const { a, b } = p.links;
  // b's answer to the first offer already announces it; its own offer then carries the track.
  const answers = p.sent.b.filter((x) => x.description?.type === 'answer');
  assert.deepEqual(answers[0].screens, [s.id]);
  assert.ok(p.sent.b.some((x) => x.description?.type === 'offer'));
  assert.deepEqual(screenEvents(p.events.a), [['+', s.id]]);
  // b claimed the offered camera pair, not its own screen sender.
  assert.notEqual(b._transceivers.video, b._screenTx.video);
  assert.equal(b._transceivers.video.direction, 'sendrecv');
  // The camera pair still arrives as plain tracks on both sides.
  assert.deepEqual(
    p.events.a.filter((e) => e.type === 'track').map((e) => e.kind),
    ['audio', 'video'],
  );
  a.close();
  b.close();
});

test('both start sharing at once: glare settles and each sees the other', async () => {
  const p = linkPair();
  await settled(p);
  const { a, b } = p.links;
  const sa = screenStream();
  const sb = screenStream();
  await Promise.all([a.setScreen(sa), b.setScreen(sb)]);
  await settled(p);
  await until(() => a.remoteScreens.has(sb.id) && b.remoteScreens.has(sa.id), 3000, 'both');
  assert.ok(b.pc.log.includes('rollback'), 'the polite side rolled its offer back');
  assert.ok(!a.pc.log.includes('rollback'), 'the impolite side kept its offer');
  assert.deepEqual([...a.remoteScreens.keys()], [sb.id]);
  assert.deepEqual([...b.remoteScreens.keys()], [sa.id]);
  a.close();
  b.close();
});

test('a peer cannot pass its camera off as a screen, and closing ends its screens', async () => {
  const p = linkPair();
  await settled(p);
  const { a, b } = p.links;
  // a announces its camera stream's id as a "screen": the camera stays a camera.
  b._onAnnouncement([a.localStream.id]);
  assert.equal(b.remoteScreens.size, 0);
  const s = screenStream();
  await a.setScreen(s);
  await settled(p);
  assert.equal(b.remoteScreens.size, 1);
  b.close();
  assert.deepEqual(screenEvents(p.events.b).at(-1), ['-', s.id]);
  assert.equal(b.remoteScreens.size, 0);
  a.close();
});

test('an ICE restart while sharing keeps announcing the screen', async () => {
  const p = linkPair();
  await settled(p);
  const { a, b } = p.links;
  const s = screenStream();
  await a.setScreen(s);
  await settled(p);
  const offers = p.sent.a.filter((x) => x.description?.type === 'offer').length;
  a.restartIce();
  await until(() => p.sent.a.filter((x) => x.description?.type === 'offer').length > offers);
  await settled(p);
  assert.deepEqual(p.sent.a.filter((x) => x.description).at(-1).screens, [s.id]);
  assert.deepEqual(screenEvents(p.events.b), [['+', s.id]], 'no flicker');
  a.close();
  b.close();
});

// ---- whole sessions over the fake server ----

const fake = useFakeServer();

const join = (room, name, extra = {}) =>
  fake.join(room, name, { media: camera(), backoff: FAST_BACKOFF, ...extra });

/** Records screen-started/ended events of a session as [sign, peerId, streamId, local]. */
function recordScreens(s) {
  const log = [];
  s.on('screen-started', (e) => log.push(['+', e.peerId, e.streamId, e.local]));
  s.on('screen-ended', (e) => log.push(['-', e.peerId, e.streamId, e.local, e.reason]));
  return log;
}

test('session: share, late joiner sees it, the browser ends it, everyone drops it', async () => {
  const room = await fake.server.createRoom();
  const a = join(room, 'Ada');
  await a.ready;
  const b = join(room, 'Bob');
  await b.ready;
  const la = recordScreens(a);
  const lb = recordScreens(b);
  await until(() => a.links.size === 1 && b.links.size === 1);

  const s = screenStream(true);
  await assert.rejects(a.startScreenShare(new FakeMediaStream([new FakeTrack('audio')])), {
    code: 'ERR_SCREEN_NO_VIDEO',
  });
  await a.startScreenShare(s);
  assert.equal(a.screenStream, s);
  assert.deepEqual(la, [['+', a.peerId, s.id, true]]);
  await until(() => lb.length === 1, 3000, 'b sees the screen');
  assert.deepEqual(lb, [['+', a.peerId, s.id, false]]);
  assert.deepEqual(
    b.screens().map((x) => [x.peerId, x.streamId, x.local]),
    [[a.peerId, s.id, false]],
  );

  // A late joiner gets it from a's follow-up offer.
  const c = join(room, 'Cyd');
  const lc = recordScreens(c);
  await c.ready;
  await until(() => lc.length === 1, 3000, 'c sees the screen');
  assert.deepEqual(lc, [['+', a.peerId, s.id, false]]);

  // The browser's "Stop sharing": the track ends; the session stops sharing by itself.
  s.getVideoTracks()[0].end();
  assert.equal(a.screenStream, null);
  assert.equal(s.getAudioTracks()[0].readyState, 'ended', 'the whole capture is stopped');
  assert.deepEqual(la.at(-1), ['-', a.peerId, s.id, true, 'ended']);
  await until(() => lb.length === 2 && lc.length === 2, 3000, 'the others drop it');
  assert.deepEqual(lb.at(-1).slice(0, 4), ['-', a.peerId, s.id, false]);
  assert.deepEqual(lc.at(-1).slice(0, 4), ['-', a.peerId, s.id, false]);
  assert.deepEqual(b.screens(), []);
  // Camera links are untouched: still one link each way, no rebuild.
  assert.equal(b.links.size, 2);
});

test('session: a sharer who reloads loses the share; the others drop its screen', async () => {
  const room = await fake.server.createRoom();
  const storage = memoryStorage();
  const a1 = join(room, 'Ada', { storage });
  await a1.ready;
  const b = join(room, 'Bob');
  await b.ready;
  const lb = recordScreens(b);
  await until(() => b.links.get(a1.peerId)?.remoteConn);
  const s = screenStream();
  await a1.startScreenShare(s);
  await until(() => lb.length === 1);
  // The page goes away without leaving (a reload): its capture dies with it.
  a1.signaling.active = false;
  a1.signaling.ws.close();
  const a2 = join(room, 'Ada', { storage });
  await a2.ready;
  assert.equal(a2.peerId, a1.peerId);
  await until(() => lb.length === 2, 3000, 'screen dropped on rebuild');
  assert.deepEqual(lb[1].slice(0, 4), ['-', a1.peerId, s.id, false]);
  // Sharing again from the reloaded page works on the fresh connection.
  const s2 = screenStream();
  await a2.startScreenShare(s2);
  await until(() => lb.length === 3);
  assert.deepEqual(lb[2], ['+', a2.peerId, s2.id, false]);
});

test('session: replacing a share and leaving end it with a reason', async () => {
  const room = await fake.server.createRoom();
  const a = join(room, 'Ada');
  await a.ready;
  const la = recordScreens(a);
  const s1 = screenStream();
  const s2 = screenStream();
  await a.startScreenShare(s1);
  await a.startScreenShare(s2);
  assert.equal(s1.getVideoTracks()[0].readyState, 'ended');
  assert.deepEqual(
    la.map((e) => [e[0], e[2], e[4]]),
    [
      ['+', s1.id, undefined],
      ['-', s1.id, 'replaced'],
      ['+', s2.id, undefined],
    ],
  );
  a.leave();
  assert.deepEqual(la.at(-1).slice(0, 1).concat(la.at(-1).slice(2)), ['-', s2.id, true, 'left']);
  assert.equal(s2.getVideoTracks()[0].readyState, 'ended');
  await assert.rejects(a.startScreenShare(screenStream()), { code: 'ERR_SESSION_ENDED' });
});
