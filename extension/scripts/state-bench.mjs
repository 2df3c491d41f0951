// Catch-up of a late joiner to a widget's state, measured on the engine itself (no browser, no
// network): three authors fill a chat with 2,000 messages or a board with 2,000 strokes (random
// walks of 40–100 points in the draw widget's encoding), then a new participant asks one of them
// for everything. Counts what crosses the wire — every message as the JSON text the data
// channel carries, `{"c": channel, "p": {"s": …}}` — and the time from asking to having it all
// (median of 5). Also after `clear` and after removing half the items (tombstones).
//   node scripts/state-bench.mjs      (from extension/; docs/developer/widget-api.md has figures)
import { SharedState } from '../lib/sdk/shared-state.js';
import { DocSync } from '../lib/sdk/doc-sync.js';
import { workload } from '../test/helpers/state-workload.js';

const gen = workload(7);

/** A participant: its state and sync, talking through `wire`. */
function participant(id, wire) {
  const state = new SharedState({ author: () => id });
  const sync = new DocSync(state.doc, {
    flushMs: 0,
    checkEveryMs: 0,
    transport: {
      send: (to, m) => wire(id, to, m),
      broadcast: (m) => wire(id, '*', m),
      peers: () => ['A', 'B', 'C', 'L'].filter((p) => p !== id),
    },
  });
  return { state, sync };
}

function run(kind, n, after) {
  const list = kind === 'draw' ? 'strokes' : 'messages';
  /** @type {Array<[string, string, string]>} */
  let queue = [];
  let bytes = 0;
  let count = 0;
  const wire = (from, to, m) => {
    const text = JSON.stringify({ c: kind, p: { s: m } });
    bytes += Buffer.byteLength(text);
    count++;
    queue.push([from, to, text]);
  };
  const peers = Object.fromEntries(['A', 'B', 'C'].map((id) => [id, participant(id, wire)]));
  for (let i = 0; i < n; i++) {
    const p = peers['ABC'[i % 3]];
    p.state.append(list, kind === 'draw' ? gen.stroke(`k${i.toString(36)}x`) : gen.message());
    if (i % 50 === 49) {
      for (const q of Object.values(peers)) q.sync.flush();
      for (const [from, to, text] of queue) {
        for (const id of to === '*' ? Object.keys(peers).filter((x) => x !== from) : [to]) {
          peers[id].sync.handle(from, JSON.parse(text).p.s);
        }
      }
      queue = [];
    }
  }
  const holder = peers.A;
  if (after === 'clear') holder.state.clear(list);
  if (after === 'half') {
    for (const item of holder.state.list(list).slice(0, n / 2)) holder.state.remove(item.id);
  }
  holder.sync.flush();
  queue = [];
  bytes = 0;
  count = 0;
  const late = participant('L', wire);
  peers.L = late;
  let synced = false;
  late.sync.on('synced', () => (synced = true));
  const t0 = performance.now();
  late.sync.ask('A');
  while (queue.length) {
    const [from, to, text] = /** @type {[string, string, string]} */ (queue.shift());
    if (to === '*') continue;
    peers[to].sync.handle(from, JSON.parse(text).p.s);
  }
  const ms = performance.now() - t0;
  if (!synced || late.state.list(list).length !== holder.state.list(list).length) {
    throw new Error('the late joiner did not catch up');
  }
  return { kind, after, n, bytes, messages: count, ms, saved: holder.state.encode().length };
}

for (const after of ['none', 'clear', 'half']) {
  for (const kind of ['chat', 'draw']) {
    run(kind, 200, after); // warm-up
    const runs = Array.from({ length: 5 }, () => run(kind, 2000, after)).sort(
      (a, b) => a.ms - b.ms,
    );
    const mid = runs[2];
    console.log(
      `${kind} ${String(mid.n)} items, ${after === 'none' ? 'as they are' : after === 'clear' ? 'after clear' : 'half removed'}: ` +
        `${mid.bytes.toLocaleString('en')} bytes in ${mid.messages} messages, ` +
        `${mid.ms.toFixed(0)} ms (${runs[0].ms.toFixed(0)}–${runs[4].ms.toFixed(0)}); ` +
        `saved copy ${mid.saved.toLocaleString('en')} bytes`,
    );
  }
}
