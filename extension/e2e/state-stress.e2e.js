// Widget state under stress (issue 22): three participants each add 300 chat messages and 300
// strokes at the same time, through the widgets' ctx.state (the runtime's SharedState, the same
// object ctx.state calls), while one of them reloads twice and another loses its signalling
// socket for 5 s. All three must end with the same chat and the same board, nothing lost; then a
// late joiner must catch up with all of it. Prints how long the catch-up took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, until } from './harness.js';
import { joinQuietly } from './widgets.js';
import { workload } from '../test/helpers/state-workload.js';

const env = useServerAndBrowser();
const PER_PEER = 300;
const BATCH = 10;

/** Valid draw-widget strokes (random walks), as the draw widget stores them. */
function strokes(tag, n) {
  const gen = workload(tag.charCodeAt(0) * 7919);
  return Array.from({ length: n }, (_, i) => gen.stroke(`${tag}${i}`, 40));
}

/** Resolves once the page's widget runtimes exist (after a join or a reload). */
const widgetsReady = (page) =>
  page.waitForFunction(() => !!globalThis.tfxApp?.widgets?.runtimes?.get('draw'), null, {
    timeout: 30_000,
  });

/** Appends to the chat and draw state of a page, as the widgets would. */
const append = (page, messages, lines) =>
  page.evaluate(
    ([ms, ls]) => {
      const rts = globalThis.tfxApp.widgets.runtimes;
      for (const m of ms) rts.get('chat').state.append('messages', m);
      for (const l of ls) rts.get('draw').state.append('strokes', l);
    },
    [messages, lines],
  );

/** What a page holds: [id, value] of every chat message and stroke, in order. */
const contents = (page) =>
  page.evaluate(() => {
    const rts = globalThis.tfxApp?.widgets?.runtimes;
    if (!rts) return null;
    const dump = (w, l) =>
      rts
        .get(w)
        .state.list(l)
        .map((i) => `${i.id}=${JSON.stringify(i.value)}`);
    return { chat: dump('chat', 'messages'), draw: dump('draw', 'strokes') };
  });

/** Cuts the page's signalling socket and keeps it from coming back for `ms`. */
const dropSocket = (page, ms) =>
  page.evaluate((ms) => {
    const signaling = globalThis.tfxApp.session.signaling;
    const real = signaling._o.WebSocketImpl;
    signaling._o.WebSocketImpl = class extends real {
      constructor() {
        super('ws://127.0.0.1:9/'); // nothing listens there: every attempt fails
      }
    };
    signaling.drop();
    setTimeout(() => (signaling._o.WebSocketImpl = real), ms);
  }, ms);

test('state stress: 3 × (300 messages + 300 strokes) at once with reloads and a 5 s socket drop converge; a late joiner catches up', async () => {
  const room = await createRoom(env.server.url, { name: 'Stress' });
  const a = await joinQuietly(env, room, 'Ada', { ownerToken: room.ownerToken });
  const b = await joinQuietly(env, room, 'Bob');
  const c = await joinQuietly(env, room, 'Cyd');
  const peers = { A: a.page, B: b.page, C: c.page };
  for (const page of Object.values(peers)) await widgetsReady(page);

  /** One participant's writing: batches of 10 messages and 10 strokes, about 4 per second. */
  async function writer(tag, page, events = {}) {
    const lines = strokes(tag, PER_PEER);
    for (let i = 0; i < PER_PEER; i += BATCH) {
      await events[i]?.();
      const messages = Array.from({ length: BATCH }, (_, k) => ({
        text: `${tag} says ${i + k}`,
        name: tag,
        lang: 'en',
      }));
      await append(page, messages, lines.slice(i, i + BATCH));
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const reload = async () => {
    await b.page.reload();
    await b.page.locator('[data-screen="room"]').waitFor();
    await widgetsReady(b.page);
  };
  const t0 = Date.now();
  await Promise.all([
    writer('A', a.page),
    writer('B', b.page, { 100: reload, 200: reload }),
    writer('C', c.page, { 50: () => dropSocket(c.page, 5000) }),
  ]);
  const wrote = Date.now() - t0;

  const total = 3 * PER_PEER;
  const same = await until(
    async () => {
      const all = await Promise.all(Object.values(peers).map(contents));
      if (all.some((x) => !x || x.chat.length !== total || x.draw.length !== total)) {
        return false;
      }
      const [first, ...rest] = all.map((x) => JSON.stringify(x));
      return rest.every((x) => x === first) && all[0];
    },
    60_000,
    500,
  );
  const converged = Date.now() - t0;
  for (const tag of ['A', 'B', 'C']) {
    const mine = same.chat.filter((m) => m.includes(`"${tag} says `));
    assert.equal(mine.length, PER_PEER, `all of ${tag}'s messages`);
  }
  // Bob's page is the one that reloaded twice: still the same seat, and its copy is complete.
  assert.equal(new Set(same.draw.map((s) => s.split('=')[0])).size, total, 'stroke ids are unique');

  // A late joiner gets everything from the others.
  const t1 = Date.now();
  const d = await joinQuietly(env, room, 'Dee');
  await widgetsReady(d.page);
  const want = JSON.stringify(same);
  await until(async () => JSON.stringify(await contents(d.page)) === want, 30_000, 100);
  const caughtUp = Date.now() - t1;
  console.log(
    `state stress: wrote ${total} messages + ${total} strokes in ${wrote} ms, all three identical ` +
      `after ${converged} ms; a late joiner had it all ${caughtUp} ms after starting to join`,
  );
  for (const page of [...Object.values(peers), d.page]) await page.context().close();
});
