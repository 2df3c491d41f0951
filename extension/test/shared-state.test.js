// Unit tests of ctx.state's engine: SharedState (a map and lists over one Y.Doc) kept in sync by
// DocSync (y-protocols sync and awareness) through a fake network that reorders, duplicates and
// drops messages, and goes through JSON with the widget message limit, like a real room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as sync from 'y-protocols/sync';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  SharedState,
  MAX_LIST_ITEMS,
  MAX_VALUE_BYTES,
  CATCH_UP,
  LIVE,
  LOADED,
  jsonSize,
  utf8Length,
  updateIsBy,
} from '../lib/sdk/shared-state.js';
import {
  DocSync,
  MAX_MESSAGE_BYTES,
  MAX_PARTS,
  PART_BYTES,
  awarenessClients,
  fromBase64,
  toBase64,
} from '../lib/sdk/doc-sync.js';
import { Presence } from '../lib/sdk/presence.js';

/** A seeded generator, so that a failing shuffle can be replayed. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

const view = (s) => ({
  map: Object.fromEntries(s.keys().map((k) => [k, s.get(k)])),
  lists: Object.fromEntries(
    s.listNames().map((l) => [l, s.list(l).map((i) => [i.id, i.value, i.author])]),
  ),
  text: s.doc.getText('code').toString(),
});

/**
 * A room of participants whose messages wait in one queue until delivered, in any order. Every
 * message is checked against the widget limit and goes through JSON like the real thing.
 */
class FakeRoom {
  constructor(seed = 1) {
    this.random = rng(seed);
    /** @type {Map<string, {state: SharedState, sync: DocSync, awareness: Awareness, presence: Presence, online: boolean}>} */
    this.peers = new Map();
    this.queue = [];
    this.sent = [];
  }

  add(id, { doc } = {}) {
    const state = new SharedState({ author: () => id, doc });
    const awareness = new Awareness(state.doc);
    awareness.setLocalState(null);
    const transport = {
      send: (to, msg) => this._post(id, to, msg),
      broadcast: (msg) => {
        for (const other of this.peers.keys()) if (other !== id) this._post(id, other, msg);
      },
      peers: () => [...this.peers.keys()].filter((p) => p !== id && this.peers.get(p).online),
    };
    const s = new DocSync(state.doc, {
      transport,
      awareness,
      acceptLive: (from, u) => updateIsBy(u, from),
      flushMs: 0,
      awarenessMs: 0,
      checkEveryMs: 0,
    });
    const peer = {
      state,
      sync: s,
      awareness,
      presence: new Presence(awareness, (c) => s.ownerOf(c)),
      online: true,
    };
    this.peers.set(id, peer);
    return peer;
  }

  _post(from, to, msg) {
    const text = JSON.stringify(msg);
    assert.ok(jsonSize(msg) <= MAX_MESSAGE_BYTES, `message of ${jsonSize(msg)} bytes`);
    this.sent.push({ from, to, msg: JSON.parse(text) });
    if (!this.peers.get(to)?.online) return;
    this.queue.push({ from, to, msg: JSON.parse(text) });
  }

  /**
   * Delivers until nothing is left, in random order.
   * @param {{drop?: (m: any) => boolean, duplicate?: number}} [o]
   */
  deliver(o = {}) {
    let rounds = 0;
    while (this.queue.length) {
      assert.ok(++rounds < 200_000, 'the exchange ends');
      const i = Math.floor(this.random() * this.queue.length);
      const [m] = this.queue.splice(i, 1);
      if (o.drop?.(m)) continue;
      const peer = this.peers.get(m.to);
      if (!peer?.online) continue;
      peer.sync.handle(m.from, m.msg);
      if (o.duplicate && this.random() < o.duplicate) peer.sync.handle(m.from, m.msg);
    }
  }

  async settle(o) {
    await Promise.resolve(); // trims run in a microtask
    this.flushAll();
    this.deliver(o);
  }

  flushAll() {
    for (const p of this.peers.values()) p.sync.flush();
  }

  close() {
    for (const p of this.peers.values()) {
      p.sync.close();
      p.awareness.destroy();
    }
  }
}

test('map: concurrent writes end the same everywhere; null removes; entries carry the author', async () => {
  const room = new FakeRoom(1);
  const a = room.add('pa');
  const b = room.add('pb');
  a.state.set('topic', 'from a');
  b.state.set('topic', 'from b');
  await room.settle();
  assert.equal(a.state.get('topic'), b.state.get('topic'));
  a.state.set('topic', 'a again');
  await room.settle();
  assert.equal(b.state.get('topic'), 'a again');
  assert.equal(b.state.entry('topic').author, 'pa');
  assert.equal(typeof b.state.entry('topic').time, 'number');
  a.state.set('topic', null);
  await room.settle();
  assert.equal(b.state.get('topic'), undefined);
  assert.deepEqual(b.state.keys(), []);
  room.close();
});

test('lists keep one order everywhere; remove deletes one item; clear keeps concurrent appends', async () => {
  const room = new FakeRoom(2);
  const a = room.add('pa');
  const b = room.add('pb');
  const x = a.state.append('', 'x');
  a.state.append('', 'y');
  await room.settle();
  b.state.remove(x);
  await room.settle();
  assert.deepEqual(
    a.state.list().map((i) => i.value),
    ['y'],
  );
  // b clears what it has while a appends at the same time: a's new item stays.
  b.state.clear('');
  a.state.append('', 'z');
  await room.settle();
  assert.deepEqual(view(a.state), view(b.state));
  assert.deepEqual(
    a.state.list().map((i) => i.value),
    ['z'],
  );
  room.close();
});

test('three peers writing at once converge whatever the delivery order, duplicates too', async () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const room = new FakeRoom(seed);
    const peers = ['A', 'B', 'C'].map((id) => room.add(id));
    for (let i = 0; i < 60; i++) {
      const p = peers[i % 3];
      if (i % 5 === 0) p.state.set('k', i);
      else if (i % 11 === 0) p.state.remove(p.state.list()[0]?.id ?? 'none');
      else p.state.append(i % 2 ? '' : 'b', i);
      const text = p.state.doc.getText('code');
      text.insert(Math.floor(room.random() * (text.length + 1)), `${i};`);
      if (i % 7 === 0) await room.settle({ duplicate: 0.2 });
    }
    await room.settle({ duplicate: 0.2 });
    assert.deepEqual(view(peers[0].state), view(peers[1].state), `seed ${seed}`);
    assert.deepEqual(view(peers[1].state), view(peers[2].state), `seed ${seed}`);
    room.close();
  }
});

test('lost messages are found by the next state-vector exchange, deletions included', async () => {
  const room = new FakeRoom(6);
  const a = room.add('A');
  const b = room.add('B');
  for (let i = 0; i < 20; i++) a.state.append('', i);
  await room.settle();
  // Everything a sends now is lost, deletions too.
  a.state.remove(a.state.list()[0].id);
  a.state.append('', 'late');
  a.state.set('k', 1);
  await room.settle({ drop: (m) => m.from === 'A' });
  assert.notDeepEqual(view(a.state), view(b.state));
  a.sync.check(); // the periodic check of a peer whose document changed
  room.deliver();
  assert.deepEqual(view(a.state), view(b.state));
  for (const p of [a, b]) p.sync.check();
  room.deliver();
  for (const p of [a, b]) p.sync.check(); // nothing changed since: no message
  assert.equal(room.queue.length, 0);
  room.close();
});

test('an update that builds on a lost one makes the receiver ask for what it lacks', async () => {
  const room = new FakeRoom(7);
  const a = room.add('A');
  const b = room.add('B');
  a.state.append('', 1);
  await room.settle({ drop: () => true });
  a.state.append('', 2);
  await room.settle();
  assert.deepEqual(
    b.state.list().map((i) => i.value),
    [1, 2],
  );
  room.close();
});

test('a late joiner gets the history in parts under 48 KiB, reassembled in any order', async () => {
  const room = new FakeRoom(8);
  const a = room.add('A');
  for (let i = 0; i < 600; i++) a.state.append('messages', { text: `message ${i} `.repeat(20) });
  await room.settle();
  const late = room.add('L');
  const synced = [];
  late.sync.on('synced', (e) => synced.push(e.from));
  room.sent.length = 0;
  late.sync.ask('A');
  room.deliver();
  assert.ok(room.sent.filter((m) => m.msg.t === 'yp').length > 2, 'sent in parts');
  assert.deepEqual(view(late.state), view(a.state));
  assert.deepEqual(synced, ['A']);
  room.close();
});

test('a late joiner gets the state once: the other peers are asked after the first answered', async () => {
  const room = new FakeRoom(16);
  const a = room.add('A');
  const b = room.add('B');
  for (let i = 0; i < 300; i++) (i % 2 ? a : b).state.append('', `item ${i} `.repeat(10));
  b.state.set('only-b', 1);
  await room.settle();
  const late = room.add('L');
  room.sent.length = 0;
  late.sync.ask('A');
  late.sync.ask('B'); // waits for A's answer
  room.deliver();
  assert.deepEqual(view(late.state), view(a.state));
  const bytesFrom = (peer) =>
    room.sent
      .filter((m) => m.from === peer && m.to === 'L')
      .reduce((n, m) => n + jsonSize(m.msg), 0);
  assert.ok(bytesFrom('A') > 30_000, `A sent the state: ${bytesFrom('A')}`);
  assert.ok(bytesFrom('B') < 2_000, `B only what A lacked: ${bytesFrom('B')}`);
  room.close();
});

test('a peer that comes back with changes the others never saw hands them over', async () => {
  const room = new FakeRoom(9);
  const a = room.add('A');
  const b = room.add('B');
  a.state.append('', 'before');
  await room.settle();
  b.online = false;
  b.state.append('', 'offline');
  b.state.remove(b.state.list()[0].id); // a deletion only: not in the state vector
  a.state.set('topic', 'while away');
  await room.settle();
  b.online = true;
  b.sync.ask('A'); // what B's page does after its reconnect
  room.deliver();
  assert.deepEqual(view(a.state), view(b.state));
  assert.deepEqual(
    a.state.list().map((i) => i.value),
    ['offline'],
  );
  room.close();
});

test('live changes whose values name another author are dropped; catch-up is taken as it comes', async () => {
  const room = new FakeRoom(10);
  const a = room.add('A');
  const b = room.add('B');
  const dropped = [];
  b.sync.on('dropped', (e) => dropped.push(e.reason));
  const forger = new SharedState({ author: () => 'A' }); // claims to be A
  forger.append('', 'forged');
  const e = encoding.createEncoder();
  sync.writeUpdate(e, forger.encode());
  b.sync.handle('M', { t: 'y', d: toBase64(encoding.toUint8Array(e)) });
  assert.deepEqual(b.state.list(), []);
  assert.deepEqual(dropped, ['not-the-author']);
  a.state.append('', 'mine');
  await room.settle();
  assert.deepEqual(
    b.state.list().map((i) => i.author),
    ['A'],
  );
  room.close();
});

test('change events tell catch-up (answers, the saved copy) from live changes and our own', async () => {
  const room = new FakeRoom(11);
  const a = room.add('A');
  a.state.set('lang', 'python');
  await room.settle();

  const b = room.add('B');
  const seen = [];
  b.state.on('change', (e) => seen.push({ keys: e.keys, local: e.local, catchUp: e.catchUp }));
  const origins = [];
  b.state.doc.on('update', (_u, origin) => origins.push(origin));
  b.sync.ask('A');
  room.deliver();
  assert.equal(b.state.get('lang'), 'python');
  assert.deepEqual(seen, [{ keys: ['lang'], local: false, catchUp: true }]);

  a.state.set('lang', 'rust');
  await room.settle();
  b.state.set('lang', 'go');
  assert.deepEqual(seen.slice(1), [
    { keys: ['lang'], local: false, catchUp: false },
    { keys: ['lang'], local: true, catchUp: false },
  ]);
  assert.deepEqual(origins.slice(0, 2), [CATCH_UP, LIVE]);

  const reloaded = new SharedState();
  const restored = [];
  reloaded.on('change', (e) => restored.push(e.catchUp));
  reloaded.doc.on('update', (_u, origin) => restored.push(origin));
  assert.ok(reloaded.load(b.state.encode()));
  assert.equal(reloaded.get('lang'), 'go');
  assert.deepEqual(restored.sort(), [LOADED, true].sort());
  assert.equal(reloaded.load(new Uint8Array([1, 2, 3])), false);
  room.close();
});

test('values are checked locally; what peers store in another shape is skipped', () => {
  const s = new SharedState({ author: () => 'me' });
  assert.throws(() => s.set('k', 'x'.repeat(MAX_VALUE_BYTES)), RangeError);
  assert.throws(() => s.append('', { big: 'ü'.repeat(MAX_VALUE_BYTES / 2) }), RangeError);
  assert.throws(() => s.set('', 1), TypeError);
  assert.throws(() => s.set('k'.repeat(257), 1), TypeError);
  assert.throws(() => s.append('', undefined), TypeError);
  assert.throws(() => s.remove(''), TypeError);
  assert.equal(utf8Length('ü€😀'), 2 + 3 + 4);
  // A peer writes raw Yjs data of the wrong shape: it is not shown.
  const peer = new Y.Doc();
  peer.getArray('l:').push([{ no: 'id' }, 'text', { i: 'x', v: 1, a: 'p', w: 1 }]);
  peer.getMap('map').set('k', { v: 'x'.repeat(MAX_VALUE_BYTES + 10), a: 'p', w: 1 });
  peer.getMap('map').set('ok', { v: 1, a: 'p', w: 1 });
  Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(peer), CATCH_UP);
  assert.deepEqual(
    s.list().map((i) => i.id),
    ['x'],
  );
  assert.deepEqual(s.keys(), ['ok']);
});

test('text is stored as UTF-8 carries it: author and peers hold the same, lone surrogates as U+FFFD', async () => {
  const room = new FakeRoom(7);
  const a = room.add('pa');
  const b = room.add('pb');
  // Generated strings of random UTF-16 code units, surrogates (paired or not) well represented.
  const random = rng(42);
  const unit = () => {
    const r = random();
    if (r < 0.3) return 0xd800 + Math.floor(random() * 0x400);
    if (r < 0.6) return 0xdc00 + Math.floor(random() * 0x400);
    return Math.floor(random() * 0x10000);
  };
  const text = () =>
    String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 12) }, unit));
  const written = [];
  for (let i = 0; i < 200; i++) {
    const value = { [text()]: text(), list: [text(), { deep: text() }] };
    written.push(value);
    a.state.append('texts', value);
  }
  a.state.set('k', '\uD800<b>\uDFFF');
  await room.settle();
  const mine = a.state.list('texts').map((i) => i.value);
  assert.deepEqual(
    b.state.list('texts').map((i) => i.value),
    mine,
  );
  const wellFormed = (v) =>
    JSON.parse(JSON.stringify(v), (_k, x) =>
      typeof x === 'string'
        ? x.toWellFormed()
        : x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k.toWellFormed(), y]))
          : x,
    );
  assert.deepEqual(mine, written.map(wellFormed));
  assert.equal(a.state.get('k'), '\uFFFD<b>\uFFFD');
  assert.equal(b.state.get('k'), '\uFFFD<b>\uFFFD');
  assert.ok(
    mine.some((v) => JSON.stringify(v).includes('\uFFFD')),
    'the generator made lone surrogates',
  );
  assert.throws(() => a.state.set('\uDC00', 1), TypeError);
  assert.throws(() => a.state.append('x\uD800', 1), TypeError);
  room.close();
});

test('lists are bounded: the oldest items go, also when peers overfill a list', async () => {
  const room = new FakeRoom(12);
  const a = room.add('A');
  const b = room.add('B');
  for (let i = 0; i < MAX_LIST_ITEMS + 30; i++) a.state.append('', i);
  assert.equal(a.state.list().length, MAX_LIST_ITEMS);
  assert.equal(a.state.list()[0].value, 30);
  await room.settle();
  assert.equal(b.state.list().length, MAX_LIST_ITEMS);
  // A peer that does not trim (an old or hostile page): every copy trims for it.
  const rogue = new Y.Doc();
  Y.applyUpdate(rogue, a.state.encode());
  const arr = rogue.getArray('l:');
  const ids = [];
  for (let i = 0; i < 40; i++) ids.push({ i: `r${i}`, v: i, a: 'R', w: 1 });
  arr.push(ids);
  Y.applyUpdate(b.state.doc, Y.encodeStateAsUpdate(rogue), CATCH_UP);
  await room.settle();
  assert.equal(b.state.list().length, MAX_LIST_ITEMS);
  a.sync.ask('B');
  await room.settle();
  assert.deepEqual(view(a.state), view(b.state));
  room.close();
});

test('clear really frees: the state after clearing 2,000 strokes is a few bytes per author', () => {
  const s = new SharedState({ author: () => 'me' });
  for (let i = 0; i < 2000; i++) s.append('strokes', { key: `k${i}`, points: 'AbCd'.repeat(60) });
  const full = s.encode().length;
  s.clear('strokes');
  const cleared = s.encode().length;
  assert.ok(full > 400_000, `full: ${full}`);
  assert.ok(cleared < 200, `after clear: ${cleared} bytes`);
});

test('Y.Text in the same document: both inputs survive when two peers type at one spot', async () => {
  const room = new FakeRoom(13);
  const a = room.add('A');
  const b = room.add('B');
  a.state.doc.getText('code').insert(0, 'ab');
  await room.settle();
  a.state.doc.getText('code').insert(1, 'X');
  b.state.doc.getText('code').insert(1, 'Y');
  await room.settle();
  const text = a.state.doc.getText('code').toString();
  assert.equal(text, b.state.doc.getText('code').toString());
  assert.ok(text === 'aXYb' || text === 'aYXb', text);
  room.close();
});

test('presence: a peer shows its own, cannot speak for others, and goes when it leaves', async () => {
  const room = new FakeRoom(14);
  const a = room.add('A');
  const b = room.add('B');
  const c = room.add('C');
  const changes = [];
  b.presence.on((e) => changes.push(e.peers));
  a.presence.set({ typing: true });
  await room.settle();
  assert.deepEqual(b.presence.all(), [{ peerId: 'A', value: { typing: true } }]);
  assert.deepEqual(changes, [['A']]);
  assert.throws(() => a.presence.set({ big: 'x'.repeat(5000) }), RangeError);
  // C replays A's awareness update as its own: refused.
  const stolen = encodeAwarenessUpdate(a.awareness, [a.state.doc.clientID]);
  assert.equal(b.sync.handle('C', { t: 'aw', u: toBase64(stolen) }), false);
  // Nor may anyone speak for B itself.
  b.presence.set({ typing: false });
  const mine = encodeAwarenessUpdate(b.awareness, [b.state.doc.clientID]);
  assert.equal(c.sync.handle('A', { t: 'aw', u: toBase64(mine) }), true);
  assert.equal(b.sync.handle('A', { t: 'aw', u: toBase64(mine) }), false);
  a.presence.set(null);
  await room.settle();
  assert.deepEqual(b.presence.all(), []);
  a.presence.set({ typing: true });
  await room.settle();
  b.sync.peerLeft('A');
  assert.deepEqual(b.presence.all(), []);
  assert.deepEqual(changes.at(-1), ['A']);
  room.close();
});

test('malformed messages are refused and change nothing', () => {
  const room = new FakeRoom(15);
  const a = room.add('A');
  a.state.append('', 1);
  const before = view(a.state);
  const step = (type, bytes) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, bytes);
    return toBase64(encoding.toUint8Array(e));
  };
  for (const junk of [
    { t: 'y', d: '!!!' },
    { t: 'y', d: toBase64(new Uint8Array([0])) },
    { t: 'y', d: step(1, new Uint8Array([9, 9, 9, 9])) },
    { t: 'y', d: step(2, new Uint8Array([255, 255, 255])) },
    { t: 'y', d: step(7, new Uint8Array([0])) },
    { t: 'y', d: step(0, new Uint8Array([5])) },
    { t: 'yp', id: 'x', i: 0, n: 1, d: 'AA==' },
    { t: 'yp', id: 'x', i: 3, n: 2, d: 'AA==' },
    { t: 'yp', id: 'x', i: 0, n: MAX_PARTS + 1, d: 'AA==' },
    { t: 'yp', id: '', i: 0, n: 2, d: 'AA==' },
    { t: 'yp', id: 'x', i: 0, n: 2, d: toBase64(new Uint8Array(PART_BYTES + 1)) },
    { t: 'aw', u: toBase64(new Uint8Array([200])) },
    { t: 'aw', u: 42 },
  ]) {
    assert.equal(a.sync.handle('M', junk), false, JSON.stringify(junk).slice(0, 60));
  }
  for (const other of [null, 'x', { t: 'op' }, { t: 'vv' }]) {
    assert.equal(a.sync.handle('M', other), false);
  }
  assert.deepEqual(view(a.state), before);
  room.close();
});

test('base64 and awareness headers are read strictly', () => {
  assert.deepEqual([...fromBase64(toBase64(new Uint8Array([0, 255, 7])))], [0, 255, 7]);
  assert.equal(fromBase64('a b'), null);
  assert.equal(fromBase64(7), null);
  const aw = new Awareness(new Y.Doc());
  aw.setLocalState({ x: 1 });
  const u = encodeAwarenessUpdate(aw, [aw.clientID]);
  assert.deepEqual(awarenessClients(u), [aw.clientID]);
  assert.equal(awarenessClients(u.subarray(0, u.length - 1)), null);
  assert.equal(awarenessClients(new Uint8Array([...u, 0])), null);
  aw.destroy();
});
