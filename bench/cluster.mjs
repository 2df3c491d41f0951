// Cluster benchmark: relay latency between peers on the same node and on two different nodes of
// one cluster, and join latency, measured in one run with the same clients (see cluster.sh).
//
//   node bench/cluster.mjs --a http://127.0.0.1:18101 --b http://127.0.0.1:18102 \
//        --pairs 200 --rate 1000 --seconds 20 --out target/bench/cluster.json
//
// Clients offer permessage-deflate as browsers do (--deflate false to switch it off). Each pair
// sends `signal` frames carrying the send time; the receiver in the same process takes the
// difference, so no clocks need to agree. Phases alternate (same node, cross node, …) so that
// both see the same background.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import WebSocket from "ws";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const A = args.a;
const B = args.b;
const PAIRS = Number(args.pairs ?? 200);
const RATE = Number(args.rate ?? 1000); // messages per second over all pairs
const SECONDS = Number(args.seconds ?? 20);
const ROUNDS = Number(args.rounds ?? 2);
const DEFLATE = args.deflate !== "false";
const PAYLOAD = "x".repeat(Number(args.payload ?? 1000));

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function createRoom(base) {
  const r = await fetch(`${base}/api/rooms`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ capacity: 2 }),
  });
  if (r.status !== 201) throw new Error(`create room: ${r.status}`);
  return r.json();
}

/** Joins `room` through `base`; resolves with {ws, id, joinMs} once welcomed. */
function join(base, room, name, onSignal) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/signal`, { perMessageDeflate: DEFLATE });
    ws.on("open", () =>
      ws.send(JSON.stringify({ type: "hello", version: 1, roomId: room.roomId, secret: room.secret, name })),
    );
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === "welcome") resolve({ ws, id: m.peerId, joinMs: performance.now() - started });
      else if (m.type === "signal") onSignal(m.payload);
      else if (m.type === "error") reject(new Error(m.code));
    });
    ws.on("error", reject);
  });
}

/** A pair in one room: `first` joins through `baseFirst`, `second` through `baseSecond`. */
async function pair(baseFirst, baseSecond, sink) {
  const room = await createRoom(baseFirst);
  const onSignal = (p) => sink.latencies.push(performance.now() - p.t);
  const first = await join(baseFirst, room, "first", onSignal);
  const second = await join(baseSecond, room, "second", onSignal);
  sink.joins.push(first.joinMs, second.joinMs);
  return { first, second };
}

async function phase(name, baseFirst, baseSecond) {
  const sink = { latencies: [], joins: [] };
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) pairs.push(await pair(baseFirst, baseSecond, sink));
  // Warm-up: a second at the rate, not counted.
  await drive(pairs, 1, null);
  sink.latencies.length = 0;
  const sent = await drive(pairs, SECONDS, sink);
  await new Promise((r) => setTimeout(r, 500));
  for (const p of pairs) {
    p.first.ws.close();
    p.second.ws.close();
  }
  const lat = [...sink.latencies].sort((x, y) => x - y);
  const joins = [...sink.joins].sort((x, y) => x - y);
  return {
    name,
    sent,
    delivered: sink.latencies.length,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1],
    joinP50: percentile(joins, 50),
    joinP99: percentile(joins, 99),
  };
}

/** Sends RATE messages a second for `seconds`, alternating directions over the pairs. */
function drive(pairs, seconds, sink) {
  return new Promise((resolve) => {
    let sent = 0;
    let i = 0;
    const tickMs = 10;
    const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
    const end = performance.now() + seconds * 1000;
    const timer = setInterval(() => {
      if (performance.now() >= end) {
        clearInterval(timer);
        resolve(sent);
        return;
      }
      for (let k = 0; k < perTick; k++) {
        const p = pairs[i % pairs.length];
        const [from, to] = i % 2 === 0 ? [p.first, p.second] : [p.second, p.first];
        from.ws.send(`{"type":"signal","to":"${to.id}","payload":{"t":${performance.now()},"d":"${PAYLOAD}"}}`);
        sent++;
        i++;
      }
    }, tickMs);
  });
}

const results = [];
for (let round = 0; round < ROUNDS; round++) {
  results.push(await phase("same node", A, A));
  results.push(await phase("across nodes", A, B));
}

function merged(name) {
  const rs = results.filter((r) => r.name === name);
  const avg = (k) => rs.reduce((s, r) => s + r[k], 0) / rs.length;
  return {
    name,
    sent: rs.reduce((s, r) => s + r.sent, 0),
    delivered: rs.reduce((s, r) => s + r.delivered, 0),
    p50: avg("p50"),
    p99: avg("p99"),
    max: Math.max(...rs.map((r) => r.max)),
    joinP50: avg("joinP50"),
    joinP99: avg("joinP99"),
  };
}

const rows = [merged("same node"), merged("across nodes")];
const f = (x) => x.toFixed(2);
const md = [
  `| ${PAIRS} pairs, ${RATE} msg/s, ${SECONDS} s × ${ROUNDS}, deflate ${DEFLATE ? "offered" : "off"} | relay p50 | relay p99 | max | delivered | join p50 | join p99 |`,
  "|---|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.name} | ${f(r.p50)} ms | ${f(r.p99)} ms | ${f(r.max)} ms | ${r.delivered} of ${r.sent} | ${f(r.joinP50)} ms | ${f(r.joinP99)} ms |`,
  ),
].join("\n");
console.log(md);
if (args.out) {
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ pairs: PAIRS, rate: RATE, seconds: SECONDS, deflate: DEFLATE, rounds: results, rows }, null, 2));
  writeFileSync(args.out.replace(/\.json$/, ".md"), md + "\n");
}
process.exit(0);
