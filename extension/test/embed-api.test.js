// The embed page's postMessage API: who may talk to it, what it answers, where answers go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EmbedApi,
  EmbedError,
  parseCommand,
  boolArg,
  stringArg,
  COMMANDS,
} from '../ui/embed/protocol.js';

const ALLOWED = 'https://partner.example';

/** A frame's window whose parent records what it is sent. */
function fakeWindow({ framed = true, ancestor = undefined } = {}) {
  const listeners = new Set();
  const parent = {
    sent: [],
    postMessage(msg, origin) {
      this.sent.push({ msg, origin });
    },
  };
  const win = {
    listeners,
    addEventListener: (t, fn) => listeners.add(fn),
    removeEventListener: (t, fn) => listeners.delete(fn),
    location: { ancestorOrigins: ancestor ? [ancestor] : undefined },
  };
  win.parent = framed ? parent : win;
  win.deliver = (e) => listeners.forEach((fn) => fn(e));
  return { win, parent };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(o = {}) {
  const { win, parent } = fakeWindow(o);
  const calls = [];
  const api = new EmbedApi({
    window: win,
    allowed: Promise.resolve(o.allowed ?? [ALLOWED, 'not an origin', 7]),
    handlers: {
      hello: () => ({ hi: true }),
      join: (d) => (calls.push(['join', d]), { peerId: 'p1' }),
      mute: (d) => ({ muted: boolArg(d, 'muted') }),
      leave: () => {
        throw new EmbedError('not-joined', 'join the room first');
      },
      getState: () => {
        throw new Error('boom');
      },
    },
  });
  return { win, parent, api, calls };
}

test('commands from the allowed parent get replies, to that origin only', async () => {
  const { win, parent, api, calls } = setup();
  await api.loaded;
  win.deliver({
    source: parent,
    origin: ALLOWED,
    data: { tfx: 1, type: 'join', id: 'a1', data: { name: 'Ada' } },
  });
  win.deliver({
    source: parent,
    origin: ALLOWED,
    data: { tfx: 1, type: 'mute', id: 2, data: { muted: true } },
  });
  await tick();
  await tick();
  assert.deepEqual(calls, [['join', { name: 'Ada' }]]);
  assert.deepEqual(parent.sent, [
    { msg: { tfx: 1, type: 'reply', id: 'a1', ok: true, data: { peerId: 'p1' } }, origin: ALLOWED },
    { msg: { tfx: 1, type: 'reply', id: '2', ok: true, data: { muted: true } }, origin: ALLOWED },
  ]);
});

test('messages from other origins, other windows, or a page that is not framed are ignored', async () => {
  const { win, parent, api, calls } = setup();
  await api.loaded;
  const join = { tfx: 1, type: 'join', id: 'x', data: {} };
  win.deliver({ source: parent, origin: 'https://evil.example', data: join });
  win.deliver({ source: parent, origin: 'https://partner.example.evil.example', data: join });
  win.deliver({ source: parent, origin: 'null', data: join });
  win.deliver({ source: { postMessage() {} }, origin: ALLOWED, data: join });
  win.deliver({ source: null, origin: ALLOWED, data: join });
  await tick();
  assert.deepEqual(calls, []);
  assert.deepEqual(parent.sent, []);

  const top = setup({ framed: false });
  await top.api.loaded;
  top.win.deliver({ source: top.win, origin: ALLOWED, data: join });
  top.api.emit('ready', {});
  await tick();
  assert.deepEqual(top.calls, []);
});

test('messages that are not ours are ignored; bad ones get typed errors', async () => {
  const { win, parent, api } = setup();
  await api.loaded;
  const send = (data) => win.deliver({ source: parent, origin: ALLOWED, data });
  send('hello');
  send({ type: 'join', id: 'n' });
  send({ tfx: 2, type: 'join', id: 'n' });
  send({ tfx: 1, type: 'launch', id: 'u1' });
  send({ tfx: 1, type: 42, id: 'u2' });
  send({ tfx: 1, type: 'join', id: 'u3', data: [1] });
  send({ tfx: 1, type: 'join', id: '<script>' });
  send({ tfx: 1, type: 'mute', id: 'u4', data: { muted: 'yes' } });
  send({ tfx: 1, type: 'leave', id: 'u5' });
  send({ tfx: 1, type: 'getState', id: 'u6' });
  send({ tfx: 1, type: 'camera', id: 'u7' });
  send({ tfx: 1, type: 'launch' });
  await tick();
  await tick();
  const out = parent.sent.map((s) => s.msg);
  const err = (id, code) => out.find((m) => m.id === id && m.ok === false && m.error.code === code);
  assert.ok(err('u1', 'unknown-command'));
  assert.ok(err('u2', 'invalid-message'));
  assert.ok(err('u3', 'invalid-message'));
  assert.ok(err('u4', 'invalid-argument'));
  assert.ok(err('u5', 'not-joined'));
  assert.ok(err('u6', 'internal'));
  assert.ok(err('u7', 'unknown-command'), 'a command without a handler');
  // The bad id: an error without an id, as an event; the command without id: an error event.
  const events = out.filter((m) => m.type === 'event' && m.event === 'error');
  assert.equal(events.length, 2);
  assert.ok(events.every((e) => e.data.command === true));
  assert.equal(out.length, 9);
  assert.ok(parent.sent.every((s) => s.origin === ALLOWED));
});

test("before the allowed origins are known, the parent's messages wait; events go to each allowed origin until the parent is known", async () => {
  const { win, parent } = fakeWindow();
  let release;
  const api = new EmbedApi({
    window: win,
    allowed: new Promise((r) => (release = r)),
    handlers: { hello: () => ({ ok: 1 }) },
  });
  win.deliver({ source: parent, origin: ALLOWED, data: { tfx: 1, type: 'hello', id: 'early' } });
  api.emit('ready', {});
  assert.deepEqual(parent.sent, [], 'nothing goes out before the list is known');
  release([ALLOWED, 'https://other.example']);
  await api.loaded;
  await tick();
  assert.deepEqual(parent.sent, [
    { msg: { tfx: 1, type: 'reply', id: 'early', ok: true, data: { ok: 1 } }, origin: ALLOWED },
  ]);

  const fresh = fakeWindow();
  const api2 = new EmbedApi({
    window: fresh.win,
    allowed: Promise.resolve([ALLOWED, 'https://other.example']),
    handlers: {},
  });
  await api2.loaded;
  api2.emit('ready', { v: 1 });
  assert.deepEqual(
    fresh.parent.sent.map((s) => s.origin),
    [ALLOWED, 'https://other.example'],
    'one post per allowed origin: the browser delivers only the matching one',
  );
  assert.ok(fresh.parent.sent.every((s) => s.origin !== '*'));

  const known = fakeWindow({ ancestor: 'https://other.example' });
  const api3 = new EmbedApi({
    window: known.win,
    allowed: Promise.resolve([ALLOWED, 'https://other.example']),
    handlers: {},
  });
  await api3.loaded;
  api3.emit('ready', {});
  assert.deepEqual(
    known.parent.sent.map((s) => s.origin),
    ['https://other.example'],
  );
});

test('a failed origin list means nobody may drive the page', async () => {
  const { win, parent } = fakeWindow();
  const api = new EmbedApi({
    window: win,
    allowed: Promise.reject(new Error('offline')),
    handlers: { hello: () => ({}) },
  });
  await api.loaded;
  win.deliver({ source: parent, origin: ALLOWED, data: { tfx: 1, type: 'hello', id: 'h' } });
  api.emit('ready', {});
  await tick();
  assert.deepEqual(parent.sent, []);
});

test('close stops listening', async () => {
  const { win, parent, api } = setup();
  await api.loaded;
  api.close();
  win.deliver({ source: parent, origin: ALLOWED, data: { tfx: 1, type: 'hello', id: 'h' } });
  await tick();
  assert.deepEqual(parent.sent, []);
});

test('parseCommand and the argument helpers', () => {
  assert.equal(parseCommand(null), null);
  assert.equal(parseCommand({ tfx: '1', type: 'join' }), null);
  assert.deepEqual(parseCommand({ tfx: 1, type: 'leave' }), {
    ok: true,
    type: 'leave',
    id: null,
    data: {},
  });
  assert.equal(parseCommand({ tfx: 1, type: 'join', id: 'x'.repeat(65) }).code, 'invalid-message');
  assert.equal(parseCommand({ tfx: 1, type: 'join', id: 1.5 }).code, 'invalid-message');
  assert.ok(COMMANDS.includes('openWidget'));
  assert.equal(boolArg({}, 'audio', true), true);
  assert.throws(() => boolArg({}, 'muted'), { code: 'invalid-argument' });
  assert.throws(() => boolArg({ muted: 1 }, 'muted'), { code: 'invalid-argument' });
  assert.equal(stringArg({}, 'name', { max: 64 }), undefined);
  assert.equal(stringArg({ name: 'Ada' }, 'name', { max: 64 }), 'Ada');
  assert.throws(() => stringArg({ name: '  ' }, 'name', { max: 64 }), { code: 'invalid-argument' });
  assert.throws(() => stringArg({ name: 'x'.repeat(65) }, 'name', { max: 64 }), {
    code: 'invalid-argument',
  });
  assert.throws(() => stringArg({}, 'id', { max: 64, required: true }), {
    code: 'invalid-argument',
  });
});
