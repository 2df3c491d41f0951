import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryStorage } from '../lib/sdk/storage.js';
import { WidgetHost } from '../ui/widgets/host.js';
import {
  FAST_BACKOFF,
  joinFake,
  until as waitUntil,
  useFakeServer,
} from './helpers/fake-session.js';

const PROBE = new URL('./fixtures/probe-widget.js', import.meta.url).href;

const fake = useFakeServer({
  cleanUp: ({ host, session }) => {
    host.dispose();
    session.leave();
  },
});
const { open } = fake;

const until = (fn, ms = 4000) => waitUntil(fn, ms);

const entry = (id, extra = {}) => ({
  id,
  name: id,
  version: '1',
  description: '',
  permissions: ['data'],
  channels: [],
  background: true,
  thirdParty: false,
  moduleUrl: PROBE,
  styleUrl: null,
  iconUrl: null,
  frameUrl: null,
  ...extra,
});

/** The room's UI as the widget host sees it, doing nothing. */
const quietUi = () => ({
  setBadge() {},
  notify() {},
  indicator() {},
  open() {},
  close() {},
  isVisible: () => false,
  tile: () => null,
});

/** Joins a room and starts a widget host with the given entries; resolves once in. */
async function participant(room, name, entries, storage = memoryStorage(), o = {}) {
  const session = joinFake(fake.server.url, room, name, { backoff: FAST_BACKOFF });
  await session.ready;
  const panes = new Map();
  const ui = { ...quietUi(), badges: new Map(), setBadge: (id, v) => ui.badges.set(id, v) };
  const host = new WidgetHost(entries, {
    session,
    roomId: room.roomId,
    serverUrl: fake.server.url,
    storage,
    ui,
    media: { local: () => null, remote: () => null },
    api: () => Promise.reject(new Error('no api in tests')),
    paneRoot: (id) => {
      if (!panes.has(id)) panes.set(id, {});
      return panes.get(id);
    },
    catchUpWaitMs: 50,
  });
  const started = host.start();
  if (!o.noWait) await started;
  const p = { session, host, panes, ui, started, probe: (id) => panes.get(id)?.probe };
  open.push(p);
  return p;
}

test('background widgets mount at start and talk to each other; state reaches a late joiner', async () => {
  const room = await fake.server.createRoom();
  const a = await participant(room, 'Ada', [entry('w1'), entry('w2')]);
  const b = await participant(room, 'Bob', [entry('w1'), entry('w2')]);
  assert.ok(a.host.isMounted('w1') && a.host.isMounted('w2'));
  const pa = a.probe('w1');
  const pb = b.probe('w1');
  await until(() => pa.ctx.peers().length === 1);
  pa.ctx.broadcast({ hello: 'w1' });
  a.probe('w2').ctx.broadcast({ hello: 'w2' });
  await until(() => pb.seen.length === 1 && b.probe('w2').seen.length === 1);
  assert.deepEqual(pb.seen, [{ hello: 'w1' }], 'each widget only hears its own channel');
  assert.deepEqual(b.probe('w2').seen, [{ hello: 'w2' }]);

  pa.ctx.state.set('topic', 'Budget');
  pb.ctx.state.append('log', 'from Bob');
  await until(() => pb.ctx.state.get('topic') === 'Budget' && pa.ctx.state.list('log').length);

  const c = await participant(room, 'Cyd', [entry('w1'), entry('w2')]);
  const pc = c.probe('w1');
  await until(
    () => pc.ctx.state.get('topic') === 'Budget' && pc.ctx.state.list('log').length === 1,
  );
  assert.equal(pc.ctx.state.entry('topic').author, a.session.peerId);
  assert.equal(pc.ctx.state.list('log')[0].author, b.session.peerId);
});

test('presence: what one participant sets, the others see as theirs, and it goes when they leave', async () => {
  const room = await fake.server.createRoom();
  const a = await participant(room, 'Ada', [entry('w1')]);
  const b = await participant(room, 'Bob', [entry('w1')]);
  const pa = a.probe('w1');
  const pb = b.probe('w1');
  await until(() => pa.ctx.peers().length === 1 && pb.ctx.peers().length === 1);
  const changed = [];
  pb.ctx.presence.on((e) => changed.push(...e.peers));
  pa.ctx.presence.set({ typing: true });
  await until(() => pb.ctx.presence.get(a.session.peerId)?.typing === true);
  assert.deepEqual(pb.ctx.presence.all(), [{ peerId: a.session.peerId, value: { typing: true } }]);
  assert.ok(changed.includes(a.session.peerId));
  assert.deepEqual(pa.ctx.presence.all(), [], 'our own value is not among the others');
  a.session.leave();
  await until(() => pb.ctx.presence.all().length === 0);
});

test('messages that arrive while a background widget is still mounting are handed over', async () => {
  const room = await fake.server.createRoom();
  const slow = entry('slow', {
    moduleUrl: new URL('./fixtures/slow-widget.js', import.meta.url).href,
  });
  const a = await participant(room, 'Ada', [slow]);
  await until(() => a.host.isMounted('slow'));
  const b = await participant(room, 'Bob', [slow], memoryStorage(), { noWait: true });
  assert.equal(b.host.isMounted('slow'), false);
  await until(() => a.panes.get('slow').probe.ctx.peers().length === 1);
  a.panes.get('slow').probe.ctx.broadcast('early');
  await b.started;
  await until(() => b.probe('slow')?.seen.length === 1);
  assert.deepEqual(b.probe('slow').seen, ['early']);
});

test('a lazy widget mounts on demand, and only then receives messages', async () => {
  const room = await fake.server.createRoom();
  const a = await participant(room, 'Ada', [entry('lazy', { background: false })]);
  const b = await participant(room, 'Bob', [entry('lazy', { background: false })]);
  assert.equal(a.host.isMounted('lazy'), false);
  await a.host.mount('lazy');
  await until(() => a.probe('lazy').ctx.peers().length === 1);
  a.probe('lazy').ctx.broadcast('before B opened it');
  // State still syncs while B's copy is not mounted: the runtime runs regardless.
  a.probe('lazy').ctx.state.set('k', 1);
  await until(() => b.host.runtimes.get('lazy').state.get('k') === 1);
  await b.host.mount('lazy');
  a.probe('lazy').ctx.broadcast('after');
  await until(() => b.probe('lazy').seen.length === 1);
  assert.deepEqual(b.probe('lazy').seen, ['after']);
  b.host.unmount('lazy');
  assert.equal(b.probe('lazy').unmounted, true);
});

test('ctx refuses messages that are too large or for nobody', async () => {
  const room = await fake.server.createRoom();
  const a = await participant(room, 'Ada', [entry('w')]);
  const ctx = a.probe('w').ctx;
  assert.throws(() => ctx.broadcast('x'.repeat(60_000)), { code: 'ERR_MESSAGE_TOO_LARGE' });
  assert.throws(() => ctx.send('nobody', 1), { code: 'ERR_PEER_NOT_FOUND' });
  assert.throws(() => ctx.broadcast(undefined), TypeError);
  assert.throws(() => ctx.on('nonsense', () => {}), TypeError);
  assert.throws(() => ctx.on('track', () => {}), TypeError, 'track needs a media permission');
  assert.equal(ctx.media, null);
  assert.ok(Object.isFrozen(ctx) && Object.isFrozen(ctx.state));
});

test('a reloaded page starts from its saved state, even alone in the room', async () => {
  const room = await fake.server.createRoom();
  const storage = memoryStorage();
  const a = await participant(room, 'Ada', [entry('w')], storage);
  a.probe('w').ctx.state.append('', 'kept');
  a.host.save();
  a.host.dispose();
  a.session.leave();
  open.splice(open.indexOf(a), 1);
  const again = await participant(room, 'Ada', [entry('w')], storage);
  assert.deepEqual(
    again
      .probe('w')
      .ctx.state.list()
      .map((i) => i.value),
    ['kept'],
  );
  // Leaving for good forgets it.
  again.host.dispose({ forget: true });
  assert.equal(storage.getItem(`tfx.widget.${room.roomId}.w`), null);
});

test('a widget whose module fails to mount is reported and does not break the others', async () => {
  const room = await fake.server.createRoom();
  const errors = [];
  const session = joinFake(fake.server.url, room, 'Ada');
  await session.ready;
  const host = new WidgetHost(
    [entry('bad', { moduleUrl: 'data:text/javascript,export const nothing = 1;' }), entry('good')],
    {
      session,
      roomId: room.roomId,
      serverUrl: fake.server.url,
      storage: memoryStorage(),
      ui: quietUi(),
      media: { local: () => null, remote: () => null },
      api: () => Promise.reject(new Error('x')),
      paneRoot: () => ({}),
      onMountError: (id, err) => errors.push([id, err.message]),
    },
  );
  open.push({ host, session });
  await host.start();
  assert.deepEqual(errors, [['bad', 'the module exports no mount(ctx)']]);
  assert.equal(host.isMounted('good'), true);
});
