// Unit tests of the Code widget's Yjs sync over widget messages: Y.Docs connected through a
// fake transport that reorders, duplicates and drops messages, like a real room can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import {
  YjsSync,
  CAUGHT_UP,
  REMOTE,
  MAX_MESSAGE_BYTES,
  MAX_PARTS,
  PART_BYTES,
  awarenessClients,
  fromBase64,
  toBase64,
} from '../widgets/code/yjs-sync.js';
import { jsonSize } from '../lib/sdk/shared-state.js';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A room of Y.Docs whose messages wait in one queue until delivered, in any order.
 * Every message is checked against the widget limit and goes through JSON like the real thing.
 */
class FakeRoom {
  constructor(seed = 1) {
    this.random = rng(seed);
    /** @type {Map<string, {doc: Y.Doc, sync: YjsSync, awareness?: Awareness, online: boolean}>} */
    this.peers = new Map();
    /** @type {Array<{from: string, to: string, msg: any}>} */
    this.queue = [];
    this.sent = [];
  }

  add(id, { awareness = false } = {}) {
    const doc = new Y.Doc();
    const aw = awareness ? new Awareness(doc) : undefined;
    const transport = {
      send: (to, msg) => this._post(id, to, msg),
      broadcast: (msg) => {
        for (const other of this.peers.keys()) if (other !== id) this._post(id, other, msg);
      },
      peers: () => [...this.peers.keys()].filter((p) => p !== id && this.peers.get(p).online),
    };
    const sync = new YjsSync(doc, {
      transport,
      awareness: aw,
      flushMs: 0,
      awarenessMs: 0,
      checkEveryMs: 0,
    });
    const peer = { doc, sync, awareness: aw, online: true };
    this.peers.set(id, peer);
    return peer;
  }

  _post(from, to, msg) {
    const text = JSON.stringify(msg);
    assert.ok(jsonSize(msg) <= MAX_MESSAGE_BYTES, `message of ${jsonSize(msg)} bytes`);
    this.sent.push(JSON.parse(text));
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
      assert.ok(++rounds < 100_000, 'the exchange ends');
      const i = Math.floor(this.random() * this.queue.length);
      const [m] = this.queue.splice(i, 1);
      if (o.drop?.(m)) continue;
      const peer = this.peers.get(m.to);
      if (!peer?.online) continue;
      peer.sync.handle(m.from, m.msg);
      if (o.duplicate && this.random() < o.duplicate) peer.sync.handle(m.from, m.msg);
    }
  }

  flushAll() {
    for (const p of this.peers.values()) p.sync.flush();
  }

  close() {
    for (const p of this.peers.values()) {
      p.sync.close();
      p.awareness?.destroy();
    }
  }
}

/** Random edits on a Y.Text: inserts of a marker text and deletions. */
function edit(doc, random, marker, count) {
  const text = doc.getText('code');
  for (let i = 0; i < count; i++) {
    const len = text.length;
    if (len > 20 && random() < 0.3) {
      const at = Math.floor(random() * (len - 5));
      text.delete(at, 1 + Math.floor(random() * 4));
    } else {
      text.insert(Math.floor(random() * (len + 1)), `${marker}${i};`);
    }
  }
}

const textOf = (p) => p.doc.getText('code').toString();

test('concurrent edits converge whatever order the messages arrive in, duplicates too', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const room = new FakeRoom(seed);
    const a = room.add('A');
    const b = room.add('B');
    const c = room.add('C');
    const r = rng(seed * 7);
    // Each types in bursts, sending its merged edits now and then, while messages pile up.
    for (let round = 0; round < 6; round++) {
      edit(a.doc, r, 'a', 8);
      edit(b.doc, r, 'b', 8);
      edit(c.doc, r, 'c', 8);
      room.flushAll();
      if (round % 2) room.deliver({ duplicate: 0.2 });
    }
    room.deliver({ duplicate: 0.2 });
    assert.equal(textOf(a), textOf(b), `seed ${seed}`);
    assert.equal(textOf(b), textOf(c), `seed ${seed}`);
    for (const m of [/a\d+;/, /b\d+;/, /c\d+;/]) assert.match(textOf(a), m, 'everyone wrote');
    room.close();
  }
});

test('both inputs survive when two peers type at the same spot at the same time', () => {
  const room = new FakeRoom(9);
  const a = room.add('A');
  const b = room.add('B');
  a.doc.getText('code').insert(0, 'fn main() {}\n');
  room.flushAll();
  room.deliver();
  // Each peer's cursor sticks to the character it typed last, as in an editor.
  const cursor = (p) => {
    const t = p.doc.getText('code');
    return Y.createRelativePositionFromTypeIndex(t, t.toString().indexOf('}'));
  };
  const ca = { pos: cursor(a) };
  const cb = { pos: cursor(b) };
  const type = (p, c, ch) => {
    const t = p.doc.getText('code');
    const at = Y.createAbsolutePositionFromRelativePosition(c.pos, p.doc).index;
    t.insert(at, ch);
    c.pos = Y.createRelativePositionFromTypeIndex(t, at + 1, -1);
  };
  // Keystrokes interleave, messages cross on the way.
  const left = 'let alpha = 1;';
  const right = 'let bravo = 2;';
  for (let i = 0; i < left.length; i++) {
    type(a, ca, left[i]);
    type(b, cb, right[i]);
    room.flushAll();
    if (i % 3 === 0) room.deliver();
  }
  room.deliver();
  assert.equal(textOf(a), textOf(b));
  const isSubsequence = (s, of) => {
    let j = 0;
    for (const ch of of) if (ch === s[j]) j++;
    return j === s.length;
  };
  assert.ok(isSubsequence(left, textOf(a)), textOf(a));
  assert.ok(isSubsequence(right, textOf(a)), textOf(a));
  room.close();
});

test('a large document travels in parts under 48 KiB, reassembled in any order', () => {
  const room = new FakeRoom(3);
  const a = room.add('A');
  const big = Array.from({ length: 6000 }, (_, i) => `line ${i}: ${'x'.repeat(i % 40)}`).join('\n');
  a.doc.getText('code').insert(0, big);
  a.sync.flush(); // nobody to send to yet
  assert.equal(room.sent.length, 0);
  // B joins late and asks; A answers with the whole document.
  const b = room.add('B');
  b.sync.start();
  room.deliver();
  assert.equal(textOf(b), big);
  const parts = room.sent.filter((m) => m.t === 'part');
  const n = parts[0]?.n;
  assert.ok(n >= 5, `sent in ${n} parts`);
  assert.equal(parts.length, n);
  assert.deepEqual(
    parts.map((p) => p.i).sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i),
  );
  for (const m of room.sent) assert.ok(jsonSize(m) <= MAX_MESSAGE_BYTES);
  room.close();
});

test('a large local edit is sent in parts too, and a missing part holds it back', () => {
  const room = new FakeRoom(4);
  const a = room.add('A');
  const b = room.add('B');
  const big = 'y'.repeat(PART_BYTES * 3 + 17);
  a.doc.getText('code').insert(0, big);
  a.sync.flush();
  const parts = room.queue.filter((m) => m.msg.t === 'part');
  assert.equal(parts.length, 4);
  // Hold one part back: nothing is applied until it comes.
  const held = parts[2];
  room.queue = room.queue.filter((m) => m !== held);
  room.deliver();
  assert.equal(textOf(b), '');
  room.queue.push(held);
  room.deliver();
  assert.equal(textOf(b), big);
  room.close();
});

test('a late joiner and a peer back from a drop catch up by state vectors', () => {
  const room = new FakeRoom(5);
  const a = room.add('A');
  const b = room.add('B');
  const r = rng(11);
  edit(a.doc, r, 'a', 30);
  edit(b.doc, r, 'b', 30);
  room.flushAll();
  room.deliver();
  // B drops off; both edit meanwhile (what they send to each other is lost).
  b.online = false;
  edit(a.doc, r, 'A', 10);
  edit(b.doc, r, 'B', 10);
  room.flushAll();
  room.queue = [];
  b.online = true;
  assert.notEqual(textOf(a), textOf(b));
  // B is back: one exchange repairs both sides.
  b.sync.start();
  room.deliver();
  assert.equal(textOf(a), textOf(b));
  // C joins with nothing.
  const c = room.add('C');
  c.sync.start();
  room.deliver();
  assert.equal(textOf(c), textOf(a));
  room.close();
});

test('lost updates, deletions included, are found by the periodic check', () => {
  const room = new FakeRoom(6);
  const a = room.add('A');
  const b = room.add('B');
  a.doc.getText('code').insert(0, 'hello brave new world');
  room.flushAll();
  room.deliver();
  assert.equal(textOf(b), 'hello brave new world');
  // A deletes a word; the update is lost. State vectors are the same (deletions do not count
  // there): the delete-set hash shows the difference.
  a.doc.getText('code').delete(6, 6);
  room.flushAll();
  room.deliver({ drop: (m) => m.msg.t === 'up' });
  assert.equal(textOf(b), 'hello brave new world');
  assert.deepEqual(Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc));
  b.sync.check();
  room.deliver();
  assert.equal(textOf(b), 'hello new world');
  // An insert lost on the way: A's check sends its state vector, B asks back, A answers.
  a.doc.getText('code').insert(0, '>> ');
  room.flushAll();
  room.deliver({ drop: (m) => m.msg.t === 'up' });
  a.sync.check();
  room.deliver();
  assert.equal(textOf(b), '>> hello new world');
  // Nothing differs: a check causes no answer at all.
  const before = room.sent.length;
  a.sync.check();
  b.sync.check();
  room.deliver();
  assert.equal(room.sent.length - before, 2, 'only the two state vectors');
  room.close();
});

test('an update that builds on a lost one makes the receiver ask for what it lacks', () => {
  const room = new FakeRoom(7);
  const a = room.add('A');
  const b = room.add('B');
  a.doc.getText('code').insert(0, 'first ');
  a.sync.flush();
  room.queue = []; // lost
  a.doc.getText('code').insert(6, 'second');
  a.sync.flush();
  room.deliver();
  assert.equal(textOf(b), 'first second');
  room.close();
});

test('cursors: a peer shows its own, cannot speak for others, and goes when it leaves', () => {
  const room = new FakeRoom(8);
  const a = room.add('A', { awareness: true });
  const b = room.add('B', { awareness: true });
  const c = room.add('C', { awareness: true });
  a.awareness.setLocalStateField('cursor', { anchor: 1, head: 3 });
  room.deliver();
  assert.deepEqual(b.awareness.getStates().get(a.doc.clientID)?.cursor, { anchor: 1, head: 3 });
  assert.equal(b.sync.ownerOf(a.doc.clientID), 'A');
  assert.deepEqual(c.awareness.getStates().get(a.doc.clientID)?.cursor, { anchor: 1, head: 3 });
  // C forges an update about A's client: refused.
  const forgedDoc = new Y.Doc();
  forgedDoc.clientID = a.doc.clientID;
  const forged = new Awareness(forgedDoc);
  forged.setLocalStateField('cursor', { anchor: 99, head: 99 });
  const { encodeAwarenessUpdate } = awarenessModule;
  const u = encodeAwarenessUpdate(forged, [a.doc.clientID]);
  forged.destroy();
  assert.equal(b.sync.handle('C', { t: 'aw', u: toBase64(u) }), false);
  assert.deepEqual(b.awareness.getStates().get(a.doc.clientID)?.cursor, { anchor: 1, head: 3 });
  // Nor about B's own.
  const ownDoc = new Y.Doc();
  ownDoc.clientID = b.doc.clientID;
  const own = new Awareness(ownDoc);
  own.setLocalState({ cursor: null });
  assert.equal(
    b.sync.handle('C', { t: 'aw', u: toBase64(encodeAwarenessUpdate(own, [b.doc.clientID])) }),
    false,
  );
  own.destroy();
  // A reloads (a new client id): its old cursor is replaced, not doubled.
  const oldId = a.doc.clientID;
  const a2 = new Awareness(new Y.Doc());
  a2.setLocalStateField('cursor', { anchor: 2, head: 2 });
  assert.equal(
    b.sync.handle('A', { t: 'aw', u: toBase64(encodeAwarenessUpdate(a2, [a2.clientID])) }),
    true,
  );
  assert.equal(b.awareness.getStates().has(oldId), false);
  assert.ok(b.awareness.getStates().has(a2.clientID));
  a2.destroy();
  // A leaves.
  b.sync.peerLeft('A');
  assert.equal(b.awareness.getStates().has(a2.clientID), false);
  room.close();
});

test('malformed messages are refused and change nothing', () => {
  const room = new FakeRoom(9);
  const a = room.add('A');
  a.doc.getText('code').insert(0, 'keep me');
  const bad = [
    null,
    'text',
    { t: 'nope' },
    { t: 'up', u: '***' },
    { t: 'up', u: 42 },
    { t: 'up', u: toBase64(new Uint8Array([255, 255, 255, 255, 1, 2, 3])) },
    { t: 'sv', sv: '!!', dh: 'x' },
    { t: 'sv', sv: toBase64(new Uint8Array([200])), dh: 'x' },
    { t: 'sv', sv: toBase64(Y.encodeStateVector(new Y.Doc())) },
    { t: 'part', id: 'x', i: 0, n: 1, d: 'AAAA' },
    { t: 'part', id: 'x', i: 5, n: 3, d: 'AAAA' },
    { t: 'part', id: 'x', i: 0, n: MAX_PARTS + 1, d: 'AAAA' },
    { t: 'part', id: '', i: 0, n: 2, d: 'AAAA' },
    { t: 'part', id: 'x'.repeat(40), i: 0, n: 2, d: 'AAAA' },
    { t: 'part', id: 'x', i: 0, n: 2, d: toBase64(new Uint8Array(PART_BYTES + 1)) },
    { t: 'aw', u: 'AAAA' },
  ];
  for (const m of bad) {
    assert.doesNotThrow(() => a.sync.handle('B', m));
  }
  assert.equal(textOf(a), 'keep me');
  room.close();
});

test('base64 and awareness headers are read strictly', () => {
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.equal(fromBase64('a b'), null);
  assert.equal(fromBase64(5), null);
  assert.deepEqual(awarenessClients(new Uint8Array([1, 5, 1, 2, 0x7b, 0x7d])), [5]);
  assert.equal(awarenessClients(new Uint8Array([1, 5, 1, 9, 0x7b])), null, 'truncated');
  assert.equal(awarenessClients(new Uint8Array([1, 5, 1, 0, 7])), null, 'trailing bytes');
});

const awarenessModule = await import('y-protocols/awareness');

test('answers are applied as catch-up, live edits as remote, large answers in parts too', () => {
  const room = new FakeRoom(12);
  const a = room.add('A');
  a.doc.getText('code').insert(0, 'old\n' + 'z'.repeat(PART_BYTES * 2));
  a.sync.flush(); // nobody to send to yet
  const b = room.add('B');
  const origins = [];
  b.doc.on('update', (_u, origin) => origins.push(origin));
  b.sync.start();
  room.deliver();
  assert.equal(textOf(b), textOf(a));
  assert.ok(
    room.sent.some((m) => m.t === 'part' && m.re === 1),
    'the answer came in parts',
  );
  assert.deepEqual(origins, [CAUGHT_UP]);
  // A types now: news for B. B's catch-up is not sent back to anyone.
  room.sent.length = 0;
  a.doc.getText('code').insert(0, 'new ');
  a.sync.flush();
  room.deliver();
  assert.deepEqual(origins, [CAUGHT_UP, REMOTE]);
  assert.ok(textOf(b).startsWith('new old'));
  assert.deepEqual(
    room.sent.map((m) => [m.t, m.re]),
    [['up', undefined]],
  );
  room.close();
});
