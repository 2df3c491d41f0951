// The embedders' library (ui/embed/tfx-embed.js) with a minimal fake DOM: the frame it builds,
// where its commands go, which messages it believes.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const SERVER = 'https://meet.example.org';
let listeners;
let frames;

/** A fake iframe: records its attributes and what is posted to its window. */
function fakeFrame() {
  const frame = {
    style: {},
    handlers: {},
    removed: false,
    posted: [],
    addEventListener(type, fn) {
      this.handlers[type] = fn;
    },
    remove() {
      this.removed = true;
    },
  };
  frame.contentWindow = {
    postMessage: (msg, origin) => frame.posted.push({ msg, origin }),
  };
  return frame;
}

beforeEach(() => {
  listeners = new Set();
  frames = [];
  globalThis.window = {
    addEventListener: (t, fn) => listeners.add(fn),
    removeEventListener: (t, fn) => listeners.delete(fn),
  };
  globalThis.location = { href: 'https://partner.example/page' };
  globalThis.document = {
    createElement: (tag) => {
      assert.equal(tag, 'iframe');
      const f = fakeFrame();
      frames.push(f);
      return f;
    },
  };
});

const { mount, TfxEmbedError } = await import('../ui/embed/tfx-embed.js');

const container = () => ({
  children: [],
  appendChild(c) {
    this.children.push(c);
  },
});
const deliver = (e) => listeners.forEach((fn) => fn(e));
const tick = () => new Promise((r) => setTimeout(r, 0));

function mounted(extra = {}) {
  const el = container();
  const room = mount(el, { server: SERVER, roomId: 'Ab3dE5', secret: 's e/c#', ...extra });
  const frame = frames[0];
  const fromFrame = (data, o = {}) =>
    deliver({ source: o.source ?? frame.contentWindow, origin: o.origin ?? SERVER, data });
  return { el, room, frame, fromFrame };
}

test('mount builds the frame: embed URL with the secret in the fragment, permissions, size', () => {
  const { el, frame } = mounted({ height: '480px' });
  assert.equal(el.children[0], frame);
  assert.equal(frame.src, `${SERVER}/embed/Ab3dE5#s%20e%2Fc%23`);
  assert.match(frame.allow, /camera; microphone; display-capture; autoplay/);
  assert.equal(frame.style.height, '480px');
  assert.equal(frame.style.width, '100%');
  assert.equal(frame.title, 'Video meeting');
  const sub = mount(container(), { server: `${SERVER}/base`, roomId: 'r1', secret: 'x' });
  assert.ok(sub.iframe.src.startsWith(`${SERVER}/base/embed/r1#`));
});

test('mount refuses bad options', () => {
  assert.throws(() => mount(null, { server: SERVER, roomId: 'a', secret: 'b' }), TypeError);
  assert.throws(() => mount(container(), { server: SERVER, roomId: '', secret: 'b' }), TypeError);
  assert.throws(
    () => mount(container(), { server: 'javascript:alert(1)', roomId: 'a', secret: 'b' }),
    TypeError,
  );
});

test('commands wait for ready, go to the server origin only, and resolve with their reply', async () => {
  const { room, frame, fromFrame } = mounted();
  const joining = room.join({ name: 'Ada' });
  await tick();
  assert.deepEqual(frame.posted, [], 'nothing is sent before ready');
  fromFrame({ tfx: 1, type: 'event', event: 'ready', data: { version: 1 } });
  await tick();
  assert.equal(frame.posted.length, 1);
  const { msg, origin } = frame.posted[0];
  assert.equal(origin, SERVER);
  assert.deepEqual({ ...msg, id: 'x' }, { tfx: 1, type: 'join', id: 'x', data: { name: 'Ada' } });
  fromFrame({ tfx: 1, type: 'reply', id: msg.id, ok: true, data: { peerId: 'p1' } });
  assert.deepEqual(await joining, { peerId: 'p1' });

  const muting = room.mute(true);
  await tick();
  const m2 = frame.posted[1].msg;
  assert.deepEqual(m2.data, { muted: true });
  fromFrame({
    tfx: 1,
    type: 'reply',
    id: m2.id,
    ok: false,
    error: { code: 'not-joined', message: 'no' },
  });
  await assert.rejects(muting, (e) => e instanceof TfxEmbedError && e.code === 'not-joined');
});

test('messages from another origin or another window are not believed', async () => {
  const { room, frame, fromFrame } = mounted();
  const events = [];
  room.on('peer-joined', (d) => events.push(d));
  fromFrame({ tfx: 1, type: 'event', event: 'ready', data: {} });
  const p = room.leave();
  await tick();
  const id = frame.posted[0].msg.id;
  fromFrame(
    { tfx: 1, type: 'reply', id, ok: true, data: { forged: 1 } },
    { origin: 'https://evil.example' },
  );
  fromFrame({ tfx: 1, type: 'reply', id, ok: true, data: { forged: 2 } }, { source: {} });
  fromFrame(
    { tfx: 1, type: 'event', event: 'peer-joined', data: { x: 1 } },
    { origin: 'https://evil.example' },
  );
  fromFrame({ type: 'event', event: 'peer-joined', data: { x: 2 } });
  fromFrame({ tfx: 1, type: 'event', event: 'peer-joined', data: { x: 3 } });
  fromFrame({ tfx: 1, type: 'reply', id, ok: true, data: { real: true } });
  assert.deepEqual(await p, { real: true });
  assert.deepEqual(events, [{ x: 3 }]);
});

test('a frame that never answers: ready rejects with not-ready, commands with it too', async () => {
  const { room } = mounted({ timeouts: { ready: 30 } });
  await assert.rejects(room.ready, { code: 'not-ready' });
  await assert.rejects(room.getState(), { code: 'not-ready' });
});

test('a command without a reply times out; destroy rejects what is pending and removes the frame', async () => {
  const { room, frame, fromFrame } = mounted({ timeouts: { other: 30 } });
  fromFrame({ tfx: 1, type: 'event', event: 'ready', data: {} });
  await assert.rejects(room.getState(), { code: 'timeout' });
  const pending = room.command('getState');
  await tick();
  room.destroy();
  await assert.rejects(pending, { code: 'destroyed' });
  assert.equal(frame.removed, true);
  assert.equal(listeners.size, 0);
});

test('a frame that announced ready before we listened is asked with hello on load', async () => {
  const { room, frame, fromFrame } = mounted();
  frame.handlers.load();
  const hello = frame.posted[0].msg;
  assert.equal(hello.type, 'hello');
  fromFrame({ tfx: 1, type: 'reply', id: hello.id, ok: true, data: { version: 1, state: 'idle' } });
  assert.deepEqual(await room.ready, { version: 1, state: 'idle' });
});

test('listeners: on returns an unsubscribe, once fires once, a throwing listener harms no other', async () => {
  const { room, fromFrame } = mounted();
  const seen = [];
  const off = room.on('muted', (d) => seen.push(['on', d.muted]));
  room.once('muted', (d) => seen.push(['once', d.muted]));
  room.on('muted', () => {
    throw new Error('listener bug');
  });
  const err = console.error;
  console.error = () => {};
  fromFrame({ tfx: 1, type: 'event', event: 'muted', data: { muted: true } });
  off();
  fromFrame({ tfx: 1, type: 'event', event: 'muted', data: { muted: false } });
  console.error = err;
  assert.deepEqual(seen, [
    ['on', true],
    ['once', true],
  ]);
});
