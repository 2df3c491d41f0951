import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SharedState,
  isValidOp,
  MAX_VALUE_BYTES,
  utf8Length,
  jsonSize,
} from '../lib/sdk/shared-state.js';
import { StateSync, PART_BYTES } from '../lib/sdk/state-sync.js';

const view = (s) => ({
  map: Object.fromEntries(s.keys().map((k) => [k, s.get(k)])),
  lists: Object.fromEntries(['', 'b'].map((l) => [l, s.list(l).map((i) => [i.id, i.value])])),
});

/** A seeded generator, so that a failing shuffle can be replayed. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

function shuffle(a, rand) {
  const out = [...a];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('map: last writer wins by Lamport time, then replica id; null removes', () => {
  const a = new SharedState({ replicaId: 'a', author: () => 'pa' });
  const b = new SharedState({ replicaId: 'b', author: () => 'pb' });
  const opsA = [];
  const opsB = [];
  a.on('op', ({ op }) => opsA.push(op));
  b.on('op', ({ op }) => opsB.push(op));
  a.set('topic', 'from a');
  b.set('topic', 'from b'); // same Lamport time 1: replica 'b' > 'a' wins
  a.integrate(opsB);
  b.integrate(opsA);
  assert.equal(a.get('topic'), 'from b');
  assert.equal(b.get('topic'), 'from b');
  a.set('topic', 'a again'); // Lamport 2 beats both
  b.integrate(opsA.slice(1));
  assert.equal(b.get('topic'), 'a again');
  assert.deepEqual(b.entry('topic').author, 'pa');
  a.set('topic', null);
  b.integrate(opsA.slice(2));
  assert.equal(b.get('topic'), undefined);
  assert.deepEqual(b.keys(), []);
});

test('lists keep one order everywhere; remove and clear hide items for good', () => {
  const a = new SharedState({ replicaId: 'a' });
  const b = new SharedState({ replicaId: 'b' });
  const wire = [];
  for (const s of [a, b]) s.on('op', ({ op, local }) => local && wire.push(op));
  const x = a.append('', 'x');
  b.append('', 'y');
  a.append('b', 'other list');
  b.integrate(wire);
  a.integrate(wire);
  assert.deepEqual(view(a), view(b));
  assert.deepEqual(
    a.list().map((i) => i.value),
    ['x', 'y'],
  );
  b.remove(x);
  b.clear('b');
  a.integrate(wire);
  assert.deepEqual(
    a.list().map((i) => i.value),
    ['y'],
  );
  assert.deepEqual(a.list('b'), []);
  // A late copy of the removed item stays hidden.
  const c = new SharedState({ replicaId: 'c' });
  c.integrate([...wire].reverse());
  assert.deepEqual(view(c), view(a));
  // Items added after the clear are shown.
  a.append('b', 'after clear');
  assert.deepEqual(
    a.list('b').map((i) => i.value),
    ['after clear'],
  );
});

test('a clear and an append made at the same Lamport time agree everywhere', () => {
  const a = new SharedState({ replicaId: 'a' });
  const b = new SharedState({ replicaId: 'b' });
  const wire = [];
  for (const s of [a, b]) s.on('op', ({ op, local }) => local && wire.push(op));
  a.clear('');
  b.append('', 'concurrent');
  a.integrate(wire);
  b.integrate(wire);
  // The clear could not have seen the item, so it stays, on both sides.
  assert.deepEqual(
    a.list().map((i) => i.value),
    ['concurrent'],
  );
  assert.deepEqual(view(a), view(b));
});

test('any delivery order of the same operations converges (3 replicas, 200 shuffles)', () => {
  const rand = rng(42);
  const makers = ['p', 'q', 'r'].map((id) => new SharedState({ replicaId: id, author: () => id }));
  const all = [];
  for (const m of makers) m.on('op', ({ op, local }) => local && all.push(op));
  for (let i = 0; i < 60; i++) {
    const m = makers[Math.floor(rand() * 3)];
    // Let replicas see some of each other's operations, so Lamport times interleave.
    m.integrate(all.filter(() => rand() < 0.5));
    const r = rand();
    if (r < 0.3) m.set(`k${Math.floor(rand() * 4)}`, i);
    else if (r < 0.75) m.append(rand() < 0.7 ? '' : 'b', `v${i}`);
    else if (r < 0.9 && m.list().length)
      m.remove(m.list()[Math.floor(rand() * m.list().length)].id);
    else m.clear(rand() < 0.5 ? '' : 'b');
  }
  const reference = new SharedState({ replicaId: 'ref' });
  reference.integrate(all);
  for (let n = 0; n < 200; n++) {
    const s = new SharedState({ replicaId: 'z' });
    const order = shuffle(all, rand);
    // deliver in chunks, some twice
    for (let i = 0; i < order.length; i += 7) s.integrate(order.slice(i, i + 7 + (i % 3)));
    assert.deepEqual(view(s), view(reference), `shuffle ${n}`);
  }
});

test('rejects malformed operations and oversized values', () => {
  const s = new SharedState({ replicaId: 'a' });
  let dropped = 0;
  s.on('dropped', (e) => (dropped += e.count));
  const good = { r: 'x', s: 1, l: 1, a: 'p', w: 1, t: 'set', k: 'k', v: 1 };
  assert.ok(isValidOp(good));
  const bad = [
    null,
    [],
    'op',
    { ...good, r: '' },
    { ...good, r: 'x'.repeat(33) },
    { ...good, s: 0 },
    { ...good, s: 1.5 },
    { ...good, l: -1 },
    { ...good, t: 'nope' },
    { ...good, k: 5 },
    { ...good, k: 'k'.repeat(257) },
    { ...good, w: 'yesterday' },
    { ...good, v: 'x'.repeat(MAX_VALUE_BYTES) },
    { ...good, t: 'add', v: undefined },
    { ...good, t: 'del', i: 42 },
    { ...good, a: 7 },
  ];
  assert.equal(s.integrate(bad), 0);
  assert.equal(dropped, bad.length);
  assert.throws(() => s.set('big', 'é'.repeat(MAX_VALUE_BYTES / 2)), RangeError);
  assert.throws(() => s.set('', 1), TypeError);
  assert.throws(() => s.append('', undefined), TypeError);
  assert.deepEqual(s.keys(), []);
});

test('sizes are counted in UTF-8 bytes', () => {
  for (const t of ['', 'abc', 'é', '€', '😀', 'a😀é\u0000\uffff']) {
    assert.equal(utf8Length(t), Buffer.byteLength(t), JSON.stringify(t));
  }
  assert.equal(jsonSize({ a: '€' }), Buffer.byteLength('{"a":"€"}'));
});

test('snapshot and restore give the same state, and peers still see what is new', () => {
  const a = new SharedState({ replicaId: 'a' });
  a.set('k', 1);
  const id = a.append('', 'one');
  a.append('', 'two');
  a.remove(id);
  const restored = new SharedState({ replicaId: 'a2' });
  restored.restore(JSON.parse(JSON.stringify(a.snapshot())));
  assert.deepEqual(view(restored), view(a));
  assert.deepEqual(restored.versionVector(), { a: 4 });
  restored.restore({ nonsense: true });
  restored.restore(null);
  assert.deepEqual(view(restored), view(a));
});

/** An in-memory room: every state-sync talks to the others through a queue we control. */
function network() {
  const nodes = new Map();
  const queue = [];
  const deliver = (from, to, msg) => queue.push({ from, to, msg: JSON.parse(JSON.stringify(msg)) });
  return {
    add(id) {
      const state = new SharedState({ replicaId: `r-${id}`, author: () => id });
      const sync = new StateSync(state, {
        send: (to, msg) => deliver(id, to, msg),
        broadcast: (msg) =>
          [...nodes.keys()].filter((n) => n !== id).forEach((n) => deliver(id, n, msg)),
      });
      nodes.set(id, { state, sync });
      return { state, sync };
    },
    remove(id) {
      nodes.get(id)?.sync.close();
      nodes.delete(id);
    },
    queue,
    /** Delivers queued messages (optionally shuffled) until none are left. */
    async run(rand) {
      await new Promise((r) => setTimeout(r, 0)); // let microtask batches flush
      let steps = 0;
      while (queue.length) {
        const i = rand ? Math.floor(rand() * queue.length) : 0;
        const [m] = queue.splice(i, 1);
        nodes.get(m.to)?.sync.handle(m.from, m.msg);
        await new Promise((r) => setTimeout(r, 0));
        if (++steps > 100_000) throw new Error('sync does not settle');
      }
    },
  };
}

test('a late joiner gets the whole history in parts, even when parts arrive out of order', async () => {
  const net = network();
  const a = net.add('A');
  const b = net.add('B');
  for (let i = 0; i < 300; i++) a.state.append('', { text: `message ${i} `.padEnd(300, '.') });
  b.state.set('topic', 'hello');
  b.state.set('topic', 'hello again'); // the first write is superseded and dropped
  a.state.remove(a.state.list()[0].id);
  await net.run();
  assert.deepEqual(view(a.state), view(b.state));

  const c = net.add('C');
  const synced = [];
  c.sync.on('synced', (e) => synced.push(e.from));
  c.sync.ask('A');
  c.sync.ask('B');
  const sizes = [];
  const orig = net.queue.push.bind(net.queue);
  net.queue.push = (m) => (sizes.push(JSON.stringify(m.msg).length), orig(m));
  await net.run(rng(7));
  assert.deepEqual(view(c.state), view(a.state));
  assert.equal(c.state.list().length, 299);
  assert.deepEqual(synced.sort(), ['A', 'B']);
  // What A dropped as superseded still counts as seen: asking again brings nothing.
  assert.deepEqual(c.state.versionVector(), a.state.versionVector());
  net.queue.push = orig;
  c.sync.ask('A');
  await net.run();
  assert.deepEqual(c.state.missing(a.state.versionVector()), []);
  assert.ok(Math.max(...sizes) < PART_BYTES + 2000, `largest message ${Math.max(...sizes)}`);
  assert.ok(sizes.length > 2, 'history came in several parts');
});

test('a peer that comes back with operations the others never saw hands them over', async () => {
  const net = network();
  const a = net.add('A');
  const b = net.add('B');
  a.state.append('', 'before');
  await net.run();
  // B goes away, writes while offline (messages lost), and its page reloads from storage.
  net.remove('B');
  b.state.append('', 'written offline');
  const saved = JSON.parse(JSON.stringify(b.state.snapshot()));
  net.queue.length = 0;
  const b2 = net.add('B');
  b2.state.restore(saved);
  b2.sync.ask('A');
  await net.run();
  assert.deepEqual(
    a.state.list().map((i) => i.value),
    ['before', 'written offline'],
  );
  assert.deepEqual(view(a.state), view(b2.state));
});

test('live operations whose author is not the sender are dropped', async () => {
  const net = network();
  const a = net.add('A');
  net.add('M');
  a.sync.handle('M', {
    t: 'op',
    ops: [{ r: 'r-x', s: 1, l: 1, a: 'B', w: 0, t: 'add', k: '', v: 'forged as B' }],
  });
  a.sync.handle('M', {
    t: 'op',
    ops: [{ r: 'r-m', s: 1, l: 1, a: 'M', w: 0, t: 'add', k: '', v: 'honest' }],
  });
  assert.deepEqual(
    a.state.list().map((i) => i.value),
    ['honest'],
  );
  // Junk never throws and is not mistaken for anything.
  for (const junk of [
    null,
    5,
    'x',
    {},
    { t: 'vv' },
    { t: 'ops', id: 'x' },
    { t: 'op', ops: 'no' },
  ]) {
    a.sync.handle('M', junk);
  }
  assert.equal(a.state.list().length, 1);
});

test('three peers writing at once converge over a shuffled network', async () => {
  const rand = rng(3);
  const net = network();
  const peers = ['A', 'B', 'C'].map((id) => net.add(id));
  for (let i = 0; i < 40; i++) {
    const p = peers[i % 3];
    if (i % 5 === 0) p.state.set('k', i);
    else p.state.append('', i);
    if (i % 7 === 0) await net.run(rand);
  }
  for (const p of peers) for (const q of ['A', 'B', 'C']) p.sync.ask(q);
  await net.run(rand);
  assert.deepEqual(view(peers[0].state), view(peers[1].state));
  assert.deepEqual(view(peers[1].state), view(peers[2].state));
  assert.equal(peers[0].state.list().length, 32);
});

test('change events tell catch-up (answers, the saved copy) from live changes and our own', async () => {
  const net = network();
  const a = net.add('A');
  a.state.set('lang', 'python');
  await net.run();

  const b = net.add('B');
  const seen = [];
  b.state.on('change', (e) => seen.push({ keys: e.keys, local: e.local, catchUp: e.catchUp }));
  b.sync.ask('A');
  await net.run();
  assert.equal(b.state.get('lang'), 'python');
  assert.deepEqual(seen, [{ keys: ['lang'], local: false, catchUp: true }]);

  a.state.set('lang', 'rust');
  await net.run();
  b.state.set('lang', 'go');
  assert.deepEqual(seen.slice(1), [
    { keys: ['lang'], local: false, catchUp: false },
    { keys: ['lang'], local: true, catchUp: false },
  ]);

  const reloaded = new SharedState({ replicaId: 'r-B2' });
  const restored = [];
  reloaded.on('change', (e) => restored.push(e.catchUp));
  reloaded.restore(b.state.snapshot());
  assert.equal(reloaded.get('lang'), 'go');
  assert.deepEqual(restored, [true]);
});
