// Load generator for the signalling benchmark. Drives TFX Sessions and the PeerJS server with the
// same traffic, one after the other, in one process pinned to its own core (see run.sh), and
// writes one JSON result with both servers' figures.
//
//   node load.mjs --ours http://127.0.0.1:18090 --ours-pid 123 \
//                 --peerjs ws://127.0.0.1:19000 --peerjs-pid 456 --clients 5000 --out results/x.json
import { WebSocket } from "ws";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const CLIENTS = Number(args.clients ?? 5000);
const PAYLOAD = "x".repeat(1000); // ~1 KB per message
const FIXED_RATE = Number(args["fixed-rate"] ?? 5000);
const RAMP = (args.ramp ?? "10000,20000,30000,40000,60000,80000,100000").split(",").map(Number);
const STEP_SECONDS = Number(args["step-seconds"] ?? 4);
const JOIN_SAMPLES = Number(args["join-samples"] ?? 500);
const QUICK = args.quick === "true";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.now();

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** CPU time (user+system) of a process in microseconds, from /proc. */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

function rssKiB(pid) {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

/** Used Java heap after a full GC, in KiB (ours only). */
function heapAfterGcKiB(pid) {
  execFileSync("jcmd", [String(pid), "GC.run"]);
  const out = execFileSync("jcmd", [String(pid), "GC.heap_info"], { encoding: "utf8" });
  const m = out.match(/used (\d+)K/);
  return m ? Number(m[1]) : null;
}

// ---- the two servers' wire protocols -----------------------------------------------------

/** TFX Sessions: rooms over REST, then hello → welcome, then `signal {to, payload}`. */
const ours = {
  name: "TFX Sessions",
  async prepare(groups) {
    for (const g of groups) {
      const r = await fetch(`${args.ours}/api/rooms`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ capacity: 4 }),
      });
      if (r.status !== 201) throw new Error(`create room: ${r.status}`);
      g.room = await r.json();
    }
  },
  connect(client) {
    return new Promise((resolve, reject) => {
      const started = nowMs();
      const ws = new WebSocket(`${args.ours.replace(/^http/, "ws")}/signal`, { perMessageDeflate: false });
      ws.on("open", () =>
        ws.send(
          JSON.stringify({ type: "hello", version: 1, roomId: client.group.room.roomId, secret: client.group.room.secret, name: `c${client.index}` }),
        ),
      );
      ws.on("message", (data) => {
        const m = JSON.parse(data);
        if (m.type === "welcome") {
          client.id = m.peerId;
          client.ws = ws;
          resolve(nowMs() - started);
        } else if (m.type === "signal") {
          client.onPayload(m.payload);
        } else if (m.type === "error") {
          client.errors++;
          if (!client.ws) reject(new Error(m.code));
        }
      });
      ws.on("error", reject);
      ws.on("close", () => (client.closed = true));
    });
  },
  frame(to, payload) {
    return JSON.stringify({ type: "signal", to, payload });
  },
  ping() {
    return '{"type":"ping"}';
  },
};

/** PeerJS server: ws /peerjs?key&id&token → OPEN, then `{type: OFFER, dst, payload}`. */
const peerjs = {
  name: "PeerJS server",
  async prepare() {},
  connect(client) {
    return new Promise((resolve, reject) => {
      const started = nowMs();
      client.id = `p${client.index}x${Math.random().toString(36).slice(2, 8)}`;
      const ws = new WebSocket(`${args.peerjs}/peerjs?key=peerjs&id=${client.id}&token=t${client.index}`, { perMessageDeflate: false });
      ws.on("message", (data) => {
        const m = JSON.parse(data);
        if (m.type === "OPEN") {
          client.ws = ws;
          resolve(nowMs() - started);
        } else if (m.type === "OFFER") {
          client.onPayload(m.payload);
        } else if (m.type === "ERROR" || m.type === "ID-TAKEN") {
          client.errors++;
          if (!client.ws) reject(new Error(m.type));
        }
      });
      ws.on("error", reject);
      ws.on("close", () => (client.closed = true));
    });
  },
  frame(to, payload) {
    return JSON.stringify({ type: "OFFER", dst: to, payload });
  },
  ping() {
    return '{"type":"HEARTBEAT"}';
  },
};

// ---- one benchmark run against one server ---------------------------------------------------

function makeClients(count, offset = 0) {
  const groups = [];
  const clients = [];
  let sizes = [2, 3, 4];
  let i = 0;
  while (i < count) {
    const size = Math.min(sizes[groups.length % 3], count - i);
    const g = { members: [] };
    for (let k = 0; k < size; k++, i++) {
      const c = { index: offset + i, group: g, errors: 0, received: 0, latencies: null, onPayload: null };
      g.members.push(c);
      clients.push(c);
    }
    groups.push(g);
  }
  for (const c of clients) {
    const others = c.group.members.filter((m) => m !== c);
    c.target = others.length ? others[c.index % others.length] : null;
  }
  return { groups, clients };
}

/** Opens every client with at most `concurrency` handshakes in flight; returns timing. */
async function openAll(server, clients, concurrency) {
  const joins = [];
  let failed = 0;
  let next = 0;
  const started = nowMs();
  async function worker() {
    while (next < clients.length) {
      const c = clients[next++];
      c.onPayload = () => c.received++;
      try {
        joins.push(await server.connect(c));
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (nowMs() - started) / 1000;
  return { seconds, joins: joins.sort((a, b) => a - b), failed };
}

/**
 * Sends `rate` messages/s for `seconds`, round-robin over senders, each to a peer of its group;
 * waits for stragglers; returns deliveries, loss and latency.
 */
async function drive(server, clients, pid, rate, seconds) {
  const senders = clients.filter((c) => c.target && c.ws && !c.closed);
  const latencies = [];
  let delivered = 0;
  for (const c of clients) {
    c.onPayload = (p) => {
      delivered++;
      latencies.push(nowMs() - p.t);
    };
  }
  const cpuBefore = pid ? cpuMicros(pid) : 0;
  const started = nowMs();
  let sent = 0;
  let cursor = 0;
  const total = Math.round(rate * seconds);
  const tickMs = 5;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((nowMs() - started) / 1000) * rate));
    while (sent < due) {
      const c = senders[cursor++ % senders.length];
      c.ws.send(server.frame(c.target.id, { t: nowMs(), s: sent, d: PAYLOAD }));
      sent++;
    }
    await sleep(tickMs);
  }
  const sendSeconds = (nowMs() - started) / 1000;
  const deadline = nowMs() + 3000;
  while (delivered < sent && nowMs() < deadline) await sleep(20);
  const elapsed = (nowMs() - started) / 1000;
  const cpu = pid ? cpuMicros(pid) - cpuBefore : null;
  latencies.sort((a, b) => a - b);
  return {
    rate,
    sent,
    delivered,
    lost: sent - delivered,
    achievedRate: Math.round(sent / sendSeconds),
    deliveredPerSecond: Math.round(delivered / elapsed),
    cpuMicrosPerMessage: cpu === null || delivered === 0 ? null : cpu / delivered,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : null,
  };
}

async function benchmark(server, pid, javaPid) {
  console.error(`\n== ${server.name} ==`);
  const result = { server: server.name };

  // Warm-up: connect and drive a little, then close (lets the JIT settle for ours).
  {
    const warm = makeClients(QUICK ? 60 : 600, 1_000_000);
    await server.prepare(warm.groups);
    await openAll(server, warm.clients, 50);
    await drive(server, warm.clients, null, 3000, QUICK ? 1 : 3);
    warm.clients.forEach((c) => c.ws?.close());
    await sleep(1000);
  }

  const { groups, clients } = makeClients(CLIENTS);
  await server.prepare(groups);
  const heapBefore = javaPid ? heapAfterGcKiB(javaPid) : null;
  const rssBefore = rssKiB(pid);

  // Connection storm: all clients, 500 handshakes in flight.
  const storm = await openAll(server, clients, 500);
  result.storm = {
    clients: clients.length,
    connected: clients.length - storm.failed,
    failed: storm.failed,
    seconds: storm.seconds,
    connectsPerSecond: Math.round((clients.length - storm.failed) / storm.seconds),
  };
  console.error(`storm: ${JSON.stringify(result.storm)}`);
  const keepAlive = setInterval(() => clients.forEach((c) => c.ws && !c.closed && c.ws.send(server.ping())), 15000);

  // Idle memory per connection.
  await sleep(1000);
  const heapAfter = javaPid ? heapAfterGcKiB(javaPid) : null;
  const rssAfter = rssKiB(pid);
  const connected = result.storm.connected;
  result.memory = {
    heapKiBPerIdleConnection: javaPid ? (heapAfter - heapBefore) / connected : null,
    rssKiBPerIdleConnection: (rssAfter - rssBefore) / connected,
  };
  console.error(`memory: ${JSON.stringify(result.memory)}`);

  // Join latency with the room set idle-connected: a steady trickle of joins.
  {
    const extra = makeClients(JOIN_SAMPLES, 2_000_000);
    await server.prepare(extra.groups);
    const j = await openAll(server, extra.clients, 4);
    result.join = { samples: j.joins.length, p50: percentile(j.joins, 50), p99: percentile(j.joins, 99), max: j.joins.at(-1) };
    extra.clients.forEach((c) => c.ws?.close());
    console.error(`join: ${JSON.stringify(result.join)}`);
  }

  // Latency at a fixed rate.
  result.fixed = await drive(server, clients, pid, FIXED_RATE, QUICK ? 2 : 10);
  console.error(`fixed ${FIXED_RATE}/s: ${JSON.stringify(result.fixed)}`);

  // Throughput ramp: the highest rate delivered completely, with the sender keeping up.
  result.ramp = [];
  for (const rate of RAMP) {
    const step = await drive(server, clients, pid, rate, STEP_SECONDS);
    result.ramp.push(step);
    console.error(`ramp ${rate}/s: ${JSON.stringify(step)}`);
    if (step.lost > 0 || step.achievedRate < rate * 0.95) break;
  }
  const passing = result.ramp.filter((s) => s.lost === 0 && s.achievedRate >= s.rate * 0.95);
  const best = passing.at(-1) ?? null;
  result.maxSustained = best ? { rate: best.rate, deliveredPerSecond: best.deliveredPerSecond, cpuMicrosPerMessage: best.cpuMicrosPerMessage } : null;
  result.lostTotal = result.fixed.lost + result.ramp.reduce((a, s) => a + s.lost, 0);

  clearInterval(keepAlive);
  clients.forEach((c) => c.ws?.close());
  await sleep(1500);
  return result;
}

function ratio(a, b) {
  return a == null || b == null || b === 0 ? null : Number((a / b).toFixed(2));
}

function table(o, p) {
  const rows = [
    ["max sustained deliveries/s (0 loss)", o.maxSustained?.deliveredPerSecond, p.maxSustained?.deliveredPerSecond, "higher"],
    ["server CPU µs / message (at max)", o.maxSustained?.cpuMicrosPerMessage, p.maxSustained?.cpuMicrosPerMessage, "lower"],
    [`server CPU µs / message (at ${FIXED_RATE}/s)`, o.fixed.cpuMicrosPerMessage, p.fixed.cpuMicrosPerMessage, "lower"],
    [`latency p50 ms (${FIXED_RATE}/s)`, o.fixed.p50, p.fixed.p50, "lower"],
    [`latency p99 ms (${FIXED_RATE}/s)`, o.fixed.p99, p.fixed.p99, "lower"],
    [`latency max ms (${FIXED_RATE}/s)`, o.fixed.max, p.fixed.max, "lower"],
    ["join p50 ms", o.join.p50, p.join.p50, "lower"],
    ["join p99 ms", o.join.p99, p.join.p99, "lower"],
    ["connection storm connects/s", o.storm.connectsPerSecond, p.storm.connectsPerSecond, "higher"],
    ["heap KiB / idle connection", o.memory.heapKiBPerIdleConnection, null, "lower"],
    ["RSS KiB / idle connection", o.memory.rssKiBPerIdleConnection, p.memory.rssKiBPerIdleConnection, "lower"],
    ["messages lost", o.lostTotal, p.lostTotal, "lower"],
  ];
  const fmt = (v) => (v == null ? "—" : typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));
  const lines = ["| metric | TFX Sessions | PeerJS server | ratio (ours/PeerJS) |", "|---|---:|---:|---:|"];
  for (const [name, a, b] of rows) lines.push(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${fmt(ratio(a, b))} |`);
  return { rows, markdown: lines.join("\n") };
}

/** A bar chart of the ratios, as a small self-contained SVG. */
function chart(rows) {
  const items = rows.filter(([, a, b]) => ratio(a, b) != null);
  const w = 760, rowH = 34, left = 330, h = 60 + items.length * rowH;
  const max = Math.max(2, ...items.map(([, a, b]) => ratio(a, b)));
  const scale = (v) => ((w - left - 80) * v) / max;
  const bars = items
    .map(([name, a, b, better], i) => {
      const r = ratio(a, b);
      const good = better === "higher" ? r >= 1 : r <= 1;
      const y = 40 + i * rowH;
      return `<text x="${left - 10}" y="${y + 17}" text-anchor="end">${name}</text>
<rect x="${left}" y="${y + 4}" width="${scale(r).toFixed(1)}" height="20" rx="4" fill="${good ? "#4f6ef7" : "#e5484d"}"/>
<text x="${left + scale(r) + 6}" y="${y + 19}">${r}×</text>`;
    })
    .join("\n");
  const one = left + scale(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" font-size="15" font-weight="bold">TFX Sessions vs PeerJS server (ratio; blue = ours better)</text>
<line x1="${one}" y1="34" x2="${one}" y2="${h - 10}" stroke="#999" stroke-dasharray="4 3"/>
${bars}
</svg>`;
}

const started = new Date();
const o = await benchmark(ours, Number(args["ours-pid"]), Number(args["ours-pid"]));
const p = await benchmark(peerjs, Number(args["peerjs-pid"]), null);
const t = table(o, p);
const out = {
  date: started.toISOString(),
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  clients: CLIENTS,
  payloadBytes: PAYLOAD.length,
  fixedRate: FIXED_RATE,
  ours: o,
  peerjs: p,
};
if (args.out) {
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(out, null, 2));
  writeFileSync(args.out.replace(/\.json$/, ".md"), t.markdown + "\n");
  writeFileSync(args.out.replace(/\.json$/, ".svg"), chart(t.rows));
}
console.log(t.markdown);
process.exit(0);
