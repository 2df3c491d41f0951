// Benchmark (not part of the test suite): how long a late joiner takes, in real Chromium against
// the real WAR, to have a board of 2,000 strokes and a chat of 2,000 messages, and how many bytes
// its data channel received meanwhile. Two participants write (1,000 of each apiece, through the
// widgets' ctx.state), then a third joins with its widgets closed. Bytes are what its data
// channels received (an answer that came over the server's relay is not counted).
//   bash extension/e2e/with-war.sh e2e/late-joiner.bench.js      (figures: docs/developer/widget-api.md)
import { test } from 'node:test';
import { useServerAndBrowser, createRoom, until } from './harness.js';
import { joinQuietly } from './widgets.js';
import { workload } from '../test/helpers/state-workload.js';

const env = useServerAndBrowser();
const N = 2000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const gen = workload(7);

const ready = (page) =>
  page.waitForFunction(() => !!globalThis.tfxApp?.widgets?.runtimes?.get('draw'), null, {
    timeout: 30_000,
  });
const sizes = (page) =>
  page.evaluate(() => {
    const rts = globalThis.tfxApp?.widgets?.runtimes;
    return rts
      ? [
          rts.get('chat').state.list('messages').length,
          rts.get('draw').state.list('strokes').length,
        ]
      : [0, 0];
  });
/** Bytes received on every data channel of the page so far. */
const received = (page) =>
  page.evaluate(async () => {
    let bytes = 0;
    for (const link of globalThis.tfxApp.session.links.values()) {
      for (const s of (await link.pc.getStats()).values()) {
        if (s.type === 'data-channel') bytes += s.bytesReceived ?? 0;
      }
    }
    return bytes;
  });

test(`late joiner to ${N} strokes and ${N} messages`, async () => {
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const room = await createRoom(env.server.url, { name: 'Bench' });
    const writers = [
      await joinQuietly(env, room, 'Ada', { ownerToken: room.ownerToken }),
      await joinQuietly(env, room, 'Bob'),
    ];
    for (const w of writers) await ready(w.page);
    for (const [k, w] of writers.entries()) {
      for (let i = 0; i < N / 2; i += 100) {
        const lines = Array.from({ length: 100 }, (_, j) => gen.stroke(`w${k}x${i + j}`));
        const messages = Array.from({ length: 100 }, () => gen.message());
        await w.page.evaluate(
          ([ms, ls]) => {
            const rts = globalThis.tfxApp.widgets.runtimes;
            for (const m of ms) rts.get('chat').state.append('messages', m);
            for (const l of ls) rts.get('draw').state.append('strokes', l);
          },
          [messages, lines],
        );
      }
    }
    await until(async () => {
      const all = await Promise.all(writers.map((w) => sizes(w.page)));
      return all.every(([c, d]) => c === N && d === N);
    }, 120_000);
    const t0 = Date.now();
    const late = await joinQuietly(env, room, 'Cyd');
    await ready(late.page);
    await until(
      async () => {
        const [c, d] = await sizes(late.page);
        return c === N && d === N;
      },
      120_000,
      50,
    );
    const done = Date.now();
    const bytes = await received(late.page);
    // From the click on "Join" to having every stroke and message (the page was loaded before).
    results.push({ fromJoinClickMs: done - late.joinClickedAt, totalMs: done - t0, bytes });
    for (const p of [...writers, late]) await p.page.context().close();
  }
  console.log(`late joiner to ${N} strokes + ${N} messages (${RUNS} runs):`);
  for (const r of results) console.log(JSON.stringify(r));
});
