// Load generator for the signalling benchmark. Drives TFX Sessions and the PeerJS server with the
// same traffic in one process pinned to its own core (see run.sh). The phases alternate between
// the two servers (storm A, storm B, joins A/B/A/B…, ramp step A, step B, …) so that both are
// measured under the same background load, and writes one JSON result with both servers' figures.
//
//   node load.mjs --ours http://127.0.0.1:18090 --ours-pid 123 \
//                 --peerjs ws://127.0.0.1:19000 --peerjs-pid 456 --clients 5000 --out results/x.json
//
// Every relayed message carries a key "<step>_<receiver>_<sent at>" at the start of its payload;
// the receiver reads it straight from the frame bytes (no JSON parse on the hot path, the same for
// both servers), so loss, misrouting and latency are counted per step, late arrivals included.
import { WebSocket } from "ws";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import os from "node:os";
import { writeAll } from "./report.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const QUICK = args.quick === "true";
const CLIENTS = Number(args.clients ?? 5000);
const PAYLOAD = "x".repeat(1000); // ~1 KB per message
const FIXED_RATE = Number(args["fixed-rate"] ?? 5000);
const FIXED_SECONDS = Number(args["fixed-seconds"] ?? (QUICK ? 2 : 10));
const RAMP = (args.ramp ?? (QUICK ? "5000,10000" : "10000,20000,30000,40000,50000,60000,80000,100000")).split(",").map(Number);
const STEP_SECONDS = Number(args["step-seconds"] ?? (QUICK ? 2 : 4));
const JOIN_SAMPLES = Number(args["join-samples"] ?? (QUICK ? 100 : 500));
const WARM_CLIENTS = Number(args["warm-clients"] ?? (QUICK ? 100 : 1000));
const WARM_SECONDS = Number(args["warm-seconds"] ?? (QUICK ? 2 : 15));
const STORM_IN_FLIGHT = Number(args["storm-in-flight"] ?? 500);
/**
 * Storms in the warm-up, per server: the join path (HTTP upgrade, hello, the seat's commit) needs
 * several full storms before the JIT has compiled it; on one core the compiler competes with the
 * storm itself (2026-12-07: ours went from 465 to 1,100–1,550 connects/s over ten storms, PeerJS
 * changed little). A server that ran for a while is warm, and that is what the storm measures.
 */
const WARM_STORMS = Number(args["warm-storms"] ?? (QUICK ? 0 : 6));
/** A step counts as sustained only while deliveries keep pace: p99 latency under this bound. */
const SUSTAINED_P99_MS = Number(args["sustained-p99-ms"] ?? 100);
const DRAIN_MS = 3000;
const SERVERS = (args.servers ?? "ours,peerjs").split(",");
/**
 * Offer permessage-deflate as browsers do (Chromium 156 sends exactly `permessage-deflate;
 * client_max_window_bits`, which is what `ws` offers): `--deflate false` for clients that do not.
 * Whether a server then compresses is its own choice, counted per server in `negotiated`.
 */
const DEFLATE = args.deflate !== "false";
/**
 * Profiling aid: `--soak <rate>x<seconds>` drives only this rate for this long after the storm;
 * `--soak-cmd` is a shell command started as the soak begins, with PID and SECONDS in its
 * environment (e.g. `perf record -g -p $PID -- sleep $SECONDS`).
 */
const SOAK = args.soak ? args.soak.split("x").map(Number) : null;
/**
 * Profiling aid for joins: `--storm-soak <rounds>` replaces the run after the first storm with
 * this many more storms per server (fresh rooms each, everyone leaves between them), reporting
 * connects/s and server CPU µs per connect; `--soak-cmd` starts with each server's last round.
 */
const STORM_SOAK = args["storm-soak"] ? Number(args["storm-soak"]) : null;

/** Longest wait for the servers to go quiet before a phase (see quiet()). */
const QUIET_MAX_MS = 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.now();
const KEY = Buffer.from('"k":"');
const QUOTE = 34;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** CPU time (user + system, all threads) of a process in microseconds, from /proc. */
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

/** The load generator's own CPU share of one core since `start` (guards against measuring it). */
function generatorShare(start) {
  const cpu = process.cpuUsage(start.cpu);
  return (cpu.user + cpu.system) / 1000 / (nowMs() - start.at);
}
const generatorMark = () => ({ cpu: process.cpuUsage(), at: nowMs() });

// ---- the two servers' wire protocols -----------------------------------------------------

/**
 * Our server on each deployment target being measured: `--ours tomcat=URL@PID,payara=URL@PID`
 * (or `--ours URL --ours-pid PID` for one, keyed "ours").
 */
const OURS = String(args.ours).includes("=")
  ? String(args.ours)
      .split(",")
      .map((spec) => {
        const [key, rest] = spec.split("=");
        const [url, pid] = rest.split("@");
        return { key, url, pid: Number(pid) };
      })
  : [{ key: "ours", url: args.ours, pid: Number(args["ours-pid"]) }];

/** TFX Sessions: rooms over REST, then hello → welcome, then `signal {to, payload}`. */
function oursAt({ key, url, pid }) {
  return {
    key,
    name: key === "ours" ? "TFX Sessions" : `TFX (${key})`,
    pid,
    javaPid: pid,
    async prepare(groups) {
      for (const g of groups) {
        const r = await fetch(`${url}/api/rooms`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ capacity: 4 }),
        });
        if (r.status !== 201) throw new Error(`create room: ${r.status}`);
        g.room = await r.json();
      }
    },
    open(client) {
      const ws = new WebSocket(`${url.replace(/^http/, "ws")}/signal`, { perMessageDeflate: DEFLATE });
      ws.on("open", () =>
        ws.send(
          JSON.stringify({ type: "hello", version: 1, roomId: client.group.room.roomId, secret: client.group.room.secret, name: `c${client.index}` }),
        ),
      );
      return ws;
    },
    leave(client) {
      client.ws.send('{"type":"leave"}');
    },
    /** A control frame: resolves the join on `welcome`, counts errors. */
    control(client, m) {
      if (m.type === "welcome") {
        client.id = m.peerId;
        client.joined();
      } else if (m.type === "error") {
        client.stats.errors++;
        client.failed?.(new Error(m.code));
      }
    },
    frame(to, key) {
      return `{"type":"signal","to":"${to}","payload":{"k":"${key}","d":"${PAYLOAD}"}}`;
    },
  };
}

/** PeerJS server: ws /peerjs?key&id&token → OPEN, then `{type: OFFER, dst, payload}`. */
const peerjs = {
  key: "peerjs",
  name: "PeerJS server",
  pid: Number(args["peerjs-pid"]),
  javaPid: null,
  async prepare() {},
  open(client) {
    client.id = `p${client.index}x${Math.random().toString(36).slice(2, 8)}`;
    return new WebSocket(`${args.peerjs}/peerjs?key=peerjs&id=${client.id}&token=t${client.index}`, {
      perMessageDeflate: DEFLATE,
    });
  },
  control(client, m) {
    if (m.type === "OPEN") {
      client.joined();
    } else if (m.type === "ERROR" || m.type === "ID-TAKEN") {
      client.stats.errors++;
      client.failed?.(new Error(m.type));
    }
  },
  frame(to, key) {
    return `{"type":"OFFER","dst":"${to}","payload":{"k":"${key}","d":"${PAYLOAD}"}}`;
  },
};

// ---- clients, steps and deliveries --------------------------------------------------------

/** Steps by id; a delivery is booked to the step its key names, however late it arrives. */
const steps = new Map();
let stepCounter = 0;
let unknownDeliveries = 0;

function newStep(server, rate) {
  const step = { id: String(++stepCounter), server: server.key, rate, sent: 0, delivered: 0, misrouted: 0, latencies: [] };
  steps.set(step.id, step);
  return step;
}

function deliver(client, data, at) {
  const i = data.indexOf(KEY);
  const end = data.indexOf(QUOTE, i + KEY.length);
  const [stepId, receiver, sentAt] = data.toString("latin1", i + KEY.length, end).split("_");
  const step = steps.get(stepId);
  if (!step) {
    unknownDeliveries++;
    return;
  }
  step.delivered++;
  if (Number(receiver) !== client.index) step.misrouted++;
  step.latencies.push(at - Number(sentAt));
}

function makeClients(server, count, offset) {
  const stats = (server.stats ??= { errors: 0, unexpectedCloses: 0, closeCodes: {}, negotiated: {} });
  const groups = [];
  const clients = [];
  const sizes = [2, 3, 4];
  let i = 0;
  while (i < count) {
    const size = Math.min(sizes[groups.length % 3], count - i);
    const g = { members: [] };
    for (let k = 0; k < size; k++, i++) {
      const c = { index: offset + i, group: g, server, stats, ws: null, closed: false, closing: false };
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

/** Opens one client; resolves with socket open → welcome/OPEN in ms. */
function connect(client) {
  return new Promise((resolve, reject) => {
    const started = nowMs();
    const ws = client.server.open(client);
    client.joined = () => {
      client.ws = ws;
      const ext = ws.extensions || "none";
      client.stats.negotiated[ext] = (client.stats.negotiated[ext] ?? 0) + 1;
      client.failed = null;
      resolve(nowMs() - started);
    };
    client.failed = reject;
    ws.on("message", (data) => {
      if (data.indexOf(KEY) >= 0) deliver(client, data, nowMs());
      else client.server.control(client, JSON.parse(data));
    });
    ws.on("error", (e) => client.failed?.(e));
    ws.on("close", (code) => {
      client.closed = true;
      if (!client.closing) {
        client.stats.unexpectedCloses++;
        client.stats.closeCodes[code] = (client.stats.closeCodes[code] ?? 0) + 1;
      }
      client.failed?.(new Error(`closed ${code}`));
    });
  });
}

/** Clients leaving as a closed tab does: ours send `leave` (the server closes), PeerJS closes. */
function leaveAll(clients) {
  for (const c of clients) {
    c.closing = true;
    if (c.server.leave && c.ws && !c.closed) c.server.leave(c);
    else c.ws?.close();
  }
}

function closeAll(clients) {
  for (const c of clients) {
    c.closing = true;
    c.ws?.close();
  }
}

/** Opens every client with at most `concurrency` handshakes in flight. */
async function openAll(clients, concurrency) {
  const joins = [];
  let failed = 0;
  let next = 0;
  const started = nowMs();
  async function worker() {
    while (next < clients.length) {
      const c = clients[next++];
      try {
        joins.push(await connect(c));
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
 * Sends `rate` messages/s for `seconds`, round-robin over senders, each to a peer of its room;
 * waits up to DRAIN_MS for stragglers; returns deliveries, loss, latency and CPU per message.
 */
/**
 * Waits until no server is still working off an earlier phase: the servers share one core, and a
 * server that fell behind keeps it busy after its own phase, which the next server's phase would
 * pay for (seen: Payara relaying its backlog through PeerJS's rounds). Quiet means under 10 % of
 * a core over half a second; after QUIET_MAX_MS the phase starts anyway and the log says so.
 * @returns {Promise<number>} milliseconds waited
 */
async function quiet() {
  const started = nowMs();
  for (;;) {
    const before = servers.map((s) => cpuMicros(s.pid));
    await sleep(500);
    const busy = servers.filter((s, i) => cpuMicros(s.pid) - before[i] > 50_000);
    if (busy.length === 0) return Math.round(nowMs() - started);
    if (nowMs() - started > QUIET_MAX_MS) {
      console.error(`still busy after ${QUIET_MAX_MS} ms: ${busy.map((s) => s.name).join(", ")}`);
      return Math.round(nowMs() - started);
    }
  }
}

async function drive(server, clients, rate, seconds) {
  const waited = await quiet();
  const senders = clients.filter((c) => c.target && c.ws && !c.closed);
  const step = newStep(server, rate);
  const gen = generatorMark();
  const cpuBefore = cpuMicros(server.pid);
  const load = os.loadavg()[0];
  const started = nowMs();
  let cursor = 0;
  const total = Math.round(rate * seconds);
  while (step.sent < total) {
    const due = Math.min(total, Math.floor(((nowMs() - started) / 1000) * rate));
    while (step.sent < due) {
      const c = senders[cursor++ % senders.length];
      if (c.closed) continue;
      c.ws.send(server.frame(c.target.id, `${step.id}_${c.target.index}_${nowMs().toFixed(3)}`));
      step.sent++;
    }
    await sleep(2);
  }
  const sendSeconds = (nowMs() - started) / 1000;
  const deadline = nowMs() + DRAIN_MS;
  while (step.delivered < step.sent && nowMs() < deadline) await sleep(10);
  const elapsed = (nowMs() - started) / 1000;
  const cpu = cpuMicros(server.pid) - cpuBefore;
  return { ...summarize(step, { sendSeconds, elapsed, cpu, generator: generatorShare(gen), load }), waitedForQuietMs: waited };
}

function summarize(step, m) {
  const lat = step.latencies.sort((a, b) => a - b);
  return {
    step: step.id,
    rate: step.rate,
    sent: step.sent,
    delivered: step.delivered,
    lost: step.sent - step.delivered,
    misrouted: step.misrouted,
    achievedRate: Math.round(step.sent / m.sendSeconds),
    deliveredPerSecond: Math.round(step.delivered / m.elapsed),
    cpuMicrosPerMessage: step.delivered === 0 ? null : m.cpu / step.delivered,
    serverCpuShare: m.cpu / 1e6 / m.elapsed,
    generatorCpuShare: m.generator,
    loadAverage: m.load,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat.length ? lat[lat.length - 1] : null,
  };
}

/** Merges rounds of the same rate into one figure (latencies pooled, CPU summed). */
function merge(rounds) {
  const steps = rounds.map((r) => r.step);
  const pooled = { rate: steps[0].rate, sent: 0, delivered: 0, misrouted: 0, latencies: [] };
  for (const s of steps) {
    pooled.sent += s.sent;
    pooled.delivered += s.delivered;
    pooled.misrouted += s.misrouted;
    pooled.latencies.push(...s.latencies);
  }
  const sum = (f) => rounds.reduce((a, r) => a + f(r.result), 0);
  return summarize(pooled, {
    sendSeconds: sum((r) => r.sent / r.achievedRate),
    elapsed: sum((r) => r.delivered / r.deliveredPerSecond),
    cpu: sum((r) => r.cpuMicrosPerMessage * r.delivered),
    generator: Math.max(...rounds.map((r) => r.result.generatorCpuShare)),
    load: Math.max(...rounds.map((r) => r.result.loadAverage)),
  });
}

function sustained(step) {
  return step.lost === 0 && step.misrouted === 0 && step.achievedRate >= step.rate * 0.95 && step.p99 <= SUSTAINED_P99_MS;
}

// ---- the run: phases alternate between the servers ---------------------------------------

const known = Object.fromEntries([...OURS.map(oursAt), peerjs].map((x) => [x.key, x]));
const servers = (args.servers ? SERVERS : Object.keys(known)).map((k) => known[k]).filter(Boolean);
const result = Object.fromEntries(servers.map((s) => [s.key, { server: s.name }]));
const log = (s, what, v) => console.error(`${s.name.padEnd(14)} ${what}: ${JSON.stringify(v)}`);

/** All of `clients` connecting with STORM_IN_FLIGHT handshakes in flight, and what it cost. */
async function stormOf(s, clients) {
  const cpuBefore = cpuMicros(s.pid);
  const storm = await openAll(clients, STORM_IN_FLIGHT);
  const cpu = cpuMicros(s.pid) - cpuBefore;
  const connected = clients.length - storm.failed;
  return {
    clients: clients.length,
    connected,
    failed: storm.failed,
    seconds: storm.seconds,
    connectsPerSecond: Math.round(connected / storm.seconds),
    cpuMicrosPerConnect: connected === 0 ? null : Math.round(cpu / connected),
    serverCpuShare: Number((cpu / 1e6 / storm.seconds).toFixed(2)),
    joinP50: percentile(storm.joins, 50),
    joinP99: percentile(storm.joins, 99),
    loadAverage: os.loadavg()[0],
  };
}

/**
 * A storm of CLIENTS new clients in fresh rooms on a quiet server, who then leave as a closed tab
 * does (no seat kept for a grace period into later phases); `cmd`, if given, starts with it.
 */
async function freshStorm(s, offset, cmd) {
  const { groups, clients } = makeClients(s, CLIENTS, offset);
  await s.prepare(groups);
  await quiet();
  if (cmd) spawn("sh", ["-c", cmd], { stdio: "inherit", env: { ...process.env, PID: String(s.pid), SECONDS: "0" } });
  const storm = await stormOf(s, clients);
  leaveAll(clients);
  await sleep(1000);
  return storm;
}

// Warm-up: the same short workout per server (JIT for both runtimes), then closed.
for (const s of servers) {
  const warm = makeClients(s, WARM_CLIENTS, 1_000_000);
  await s.prepare(warm.groups);
  const opened = await openAll(warm.clients, 100);
  for (const rate of [2000, 5000, 10000, 20000]) {
    await drive(s, warm.clients, rate, WARM_SECONDS / 4);
  }
  closeAll(warm.clients);
  const storms = [];
  for (let k = 0; k < WARM_STORMS; k++) {
    storms.push((await freshStorm(s, 4_000_000 + k * CLIENTS)).seconds);
  }
  log(s, "warm-up", { clients: WARM_CLIENTS, failed: opened.failed, seconds: WARM_SECONDS, stormSeconds: storms.map((x) => Number(x.toFixed(2))) });
}
await sleep(2000);

// Connection storm: all clients, STORM_IN_FLIGHT handshakes in flight; memory before and after.
const main = {};
for (const s of servers) {
  main[s.key] = makeClients(s, CLIENTS, 0);
  await s.prepare(main[s.key].groups);
}
for (const s of servers) {
  const heapBefore = s.javaPid ? heapAfterGcKiB(s.javaPid) : null;
  const rssBefore = rssKiB(s.pid);
  await quiet();
  const { clients } = main[s.key];
  const storm = (result[s.key].storm = await stormOf(s, clients));
  log(s, "storm", storm);
  await sleep(2000);
  const heapAfter = s.javaPid ? heapAfterGcKiB(s.javaPid) : null;
  const rssAfter = rssKiB(s.pid);
  result[s.key].memory = {
    heapKiBPerIdleConnection: s.javaPid ? (heapAfter - heapBefore) / storm.connected : null,
    rssKiBPerIdleConnection: (rssAfter - rssBefore) / storm.connected,
  };
  log(s, "memory", result[s.key].memory);
}

if (STORM_SOAK) {
  // Profiling aid: storm after storm per server, fresh rooms each time, nothing else.
  for (const s of servers) {
    closeAll(main[s.key].clients);
    const rounds = [];
    for (let k = 0; k < STORM_SOAK; k++) {
      const soakCmd = k === STORM_SOAK - 1 ? args["soak-cmd"] : null;
      rounds.push(await freshStorm(s, 3_000_000 + k * CLIENTS, soakCmd));
      log(s, `storm ${k + 1}`, rounds.at(-1));
    }
    result[s.key].storms = rounds;
  }
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

if (SOAK) {
  // Profiling aid: one long fixed-rate drive per server, nothing else.
  for (const s of servers) {
    if (args["soak-cmd"]) {
      spawn("sh", ["-c", args["soak-cmd"]], { stdio: "inherit", env: { ...process.env, PID: String(s.pid), SECONDS: String(SOAK[1]) } });
    }
    result[s.key].soak = await drive(s, main[s.key].clients, SOAK[0], SOAK[1]);
    log(s, "soak", result[s.key].soak);
  }
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

// Join latency with everyone idle-connected: a trickle of joins, 4 in flight, in alternating
// chunks. The joined stay connected (a leave would start grace timers in the middle of the run).
{
  const chunks = 5;
  const joins = Object.fromEntries(servers.map((s) => [s.key, []]));
  const extra = {};
  for (const s of servers) {
    extra[s.key] = makeClients(s, JOIN_SAMPLES, 2_000_000);
    await s.prepare(extra[s.key].groups);
  }
  for (let k = 0; k < chunks; k++) {
    for (const s of servers) {
      const all = extra[s.key].clients;
      const part = all.slice((k * all.length) / chunks, ((k + 1) * all.length) / chunks);
      await quiet();
      joins[s.key].push(...(await openAll(part, 4)).joins);
    }
  }
  for (const s of servers) {
    const j = joins[s.key].sort((a, b) => a - b);
    result[s.key].join = { samples: j.length, p50: percentile(j, 50), p99: percentile(j, 99), max: j.at(-1) };
    log(s, "join", result[s.key].join);
  }
}

// Latency at a fixed rate, in alternating rounds.
{
  const rounds = Object.fromEntries(servers.map((s) => [s.key, []]));
  for (let k = 0; k < 2; k++) {
    for (const s of servers) {
      const r = await drive(s, main[s.key].clients, FIXED_RATE, FIXED_SECONDS / 2);
      rounds[s.key].push({ step: [...steps.values()].at(-1), result: r });
      await sleep(500);
    }
  }
  for (const s of servers) {
    result[s.key].fixed = merge(rounds[s.key]);
    log(s, `fixed ${FIXED_RATE}/s`, result[s.key].fixed);
  }
}

// Throughput ramp, step by step alternating; a server leaves the ramp after its first step that
// is not sustained (loss, sender behind, or p99 over SUSTAINED_P99_MS).
{
  const active = new Set(servers.map((s) => s.key));
  for (const s of servers) result[s.key].ramp = [];
  for (const rate of RAMP) {
    for (const s of servers) {
      if (!active.has(s.key)) continue;
      const step = await drive(s, main[s.key].clients, rate, STEP_SECONDS);
      result[s.key].ramp.push(step);
      log(s, `ramp ${rate}/s`, step);
      if (!sustained(step)) active.delete(s.key);
      await sleep(1000);
    }
    if (active.size === 0) break;
  }
}

// Summary per server. Loss is counted over every step of the run (warm-up included) after a last
// wait, so a message that came in after its step's drain is late, not lost.
await sleep(DRAIN_MS);
for (const s of servers) {
  const r = result[s.key];
  const own = [...steps.values()].filter((x) => x.server === s.key);
  const best = r.ramp.filter(sustained).at(-1) ?? null;
  r.maxSustained = best && {
    rate: best.rate,
    deliveredPerSecond: best.deliveredPerSecond,
    cpuMicrosPerMessage: best.cpuMicrosPerMessage,
    generatorCpuShare: best.generatorCpuShare,
  };
  r.sentTotal = own.reduce((a, x) => a + x.sent, 0);
  r.lostTotal = own.reduce((a, x) => a + x.sent - x.delivered, 0);
  r.misroutedTotal = own.reduce((a, x) => a + x.misrouted, 0);
  r.errors = s.stats.errors;
  r.unexpectedCloses = s.stats.unexpectedCloses;
  r.closeCodes = s.stats.closeCodes;
  r.deflateOffered = DEFLATE;
  r.negotiated = s.stats.negotiated;
}
for (const s of servers) closeAll([...main[s.key].clients]);

// ---- report ------------------------------------------------------------------------------

function ratio(a, b) {
  return a == null || b == null || b === 0 ? null : Number((a / b).toFixed(2));
}

/** The highest ramp rate both servers sustained: where CPU per message is compared like for like. */
function commonRate(o, p) {
  const ok = (r) => new Set(r.ramp.filter(sustained).map((x) => x.rate));
  const both = [...ok(o)].filter((x) => ok(p).has(x));
  return both.length ? Math.max(...both) : null;
}

function table(o, p) {
  const at = (r, rate) => r.ramp.find((x) => x.rate === rate);
  const rate = commonRate(o, p);
  const capacity = (r) => (r.maxSustained?.cpuMicrosPerMessage ? Math.round(1e6 / r.maxSustained.cpuMicrosPerMessage) : null);
  const rows = [
    ["max sustained deliveries/s (0 loss, p99 ≤ " + SUSTAINED_P99_MS + " ms)", o.maxSustained?.deliveredPerSecond, p.maxSustained?.deliveredPerSecond, "higher"],
    ["one-core capacity, msg/s (10⁶ / CPU µs per msg at max)", capacity(o), capacity(p), "higher"],
    [`server CPU µs / message (at ${rate ?? "—"}/s, both sustained)`, rate && at(o, rate).cpuMicrosPerMessage, rate && at(p, rate).cpuMicrosPerMessage, "lower"],
    [`server CPU µs / message (at ${FIXED_RATE}/s)`, o.fixed.cpuMicrosPerMessage, p.fixed.cpuMicrosPerMessage, "lower"],
    [`latency p50 ms (${FIXED_RATE}/s)`, o.fixed.p50, p.fixed.p50, "lower"],
    [`latency p99 ms (${FIXED_RATE}/s)`, o.fixed.p99, p.fixed.p99, "lower"],
    [`latency max ms (${FIXED_RATE}/s)`, o.fixed.max, p.fixed.max, "lower"],
    ["join p50 ms (idle server)", o.join.p50, p.join.p50, "lower"],
    ["join p99 ms (idle server)", o.join.p99, p.join.p99, "lower"],
    ["connection storm connects/s", o.storm.connectsPerSecond, p.storm.connectsPerSecond, "higher"],
    ["connection storm: server CPU µs / connect", o.storm.cpuMicrosPerConnect, p.storm.cpuMicrosPerConnect, "lower"],
    ["heap KiB / idle connection", o.memory.heapKiBPerIdleConnection, null, "lower"],
    ["RSS KiB / idle connection", o.memory.rssKiBPerIdleConnection, p.memory.rssKiBPerIdleConnection, "lower"],
    ["messages lost (of all sent in the run)", o.lostTotal, p.lostTotal, "lower"],
    [`sockets with permessage-deflate (${DEFLATE ? "offered, as browsers do" : "not offered"})`, deflated(o), deflated(p), "info"],
  ];
  const fmt = (v) => (v == null ? "—" : typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v));
  const lines = ["| metric | TFX Sessions | PeerJS server | ratio (ours/PeerJS) |", "|---|---:|---:|---:|"];
  for (const [name, a, b] of rows) lines.push(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${fmt(ratio(a, b))} |`);
  return { rows, markdown: lines.join("\n"), commonRate: rate };
}

/** How many of a server's sockets agreed to compress. */
function deflated(r) {
  return Object.entries(r.negotiated ?? {})
    .filter(([ext]) => ext.includes("permessage-deflate"))
    .reduce((n, [, count]) => n + count, 0);
}

/** The targets for our server, checked against this run. */
function targets(o, p, common) {
  const at = common && o.ramp.find((x) => x.rate === common);
  const cap = (r) => r.maxSustained?.cpuMicrosPerMessage && 1e6 / r.maxSustained.cpuMicrosPerMessage;
  const list = [
    ["deliveries/s ≥ 0.5× PeerJS (max sustained)", ratio(o.maxSustained?.deliveredPerSecond, p.maxSustained?.deliveredPerSecond), (v) => v >= 0.5],
    ["stretch: deliveries/s ≥ 1.0× PeerJS", ratio(o.maxSustained?.deliveredPerSecond, p.maxSustained?.deliveredPerSecond), (v) => v >= 1.0],
    ["RSS ≤ 64 KiB per idle connection", o.memory.rssKiBPerIdleConnection, (v) => v <= 64],
    ["throughput ≥ 1.5× PeerJS (one-core capacity)", ratio(cap(o), cap(p)), (v) => v >= 1.5],
    ["≤ 25 µs CPU per message (at the common rate)", at?.cpuMicrosPerMessage, (v) => v <= 25],
    [`p99 ≤ 10 ms at ${FIXED_RATE} msg/s`, o.fixed.p99, (v) => v <= 10],
    [`max ≤ 50 ms at ${FIXED_RATE} msg/s`, o.fixed.max, (v) => v <= 50],
    ["join p99 ≤ 25 ms", o.join.p99, (v) => v <= 25],
    ["≥ 2500 connects/s in the storm", o.storm.connectsPerSecond, (v) => v >= 2500],
    ["≤ 10 KiB heap per idle connection", o.memory.heapKiBPerIdleConnection, (v) => v <= 10],
    ["0 messages lost", o.lostTotal + o.misroutedTotal, (v) => v === 0],
  ];
  return list.map(([name, value, ok]) => ({ name, value, met: value != null && ok(value) }));
}

/** A bar chart of the ratios, as a small self-contained SVG. */
function chart(rows, subtitle) {
  const items = rows.filter(([, a, b]) => ratio(a, b) != null);
  const w = 860,
    rowH = 34,
    left = 430,
    h = 78 + items.length * rowH;
  const max = Math.max(2, ...items.map(([, a, b]) => ratio(a, b)));
  const scale = (v) => ((w - left - 80) * v) / max;
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const bars = items
    .map(([name, a, b, better], i) => {
      const r = ratio(a, b);
      const good = better === "higher" ? r >= 1 : r <= 1;
      const y = 56 + i * rowH;
      return `<text x="${left - 10}" y="${y + 17}" text-anchor="end">${esc(name)}</text>
<rect x="${left}" y="${y + 4}" width="${Math.max(1, scale(r)).toFixed(1)}" height="20" rx="4" fill="${good ? "#4f6ef7" : "#e5484d"}"/>
<text x="${left + Math.max(1, scale(r)) + 6}" y="${y + 19}">${r}×</text>`;
    })
    .join("\n");
  const one = left + scale(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" font-size="15" font-weight="bold">TFX Sessions vs PeerJS server, ratio ours/PeerJS (blue = ours better)</text>
<text x="16" y="44" fill="#555">${esc(subtitle)}</text>
<line x1="${one}" y1="50" x2="${one}" y2="${h - 10}" stroke="#999" stroke-dasharray="4 3"/>
${bars}
</svg>`;
}

const out = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version, loadAverageAtEnd: os.loadavg() },
  clients: CLIENTS,
  payloadBytes: PAYLOAD.length,
  fixedRate: FIXED_RATE,
  sustainedP99Ms: SUSTAINED_P99_MS,
  unknownDeliveries,
  ...result,
};
const targetsMeasured = OURS.map((t) => t.key).filter((k) => result[k] && result.peerjs);
const reports = [];
for (const key of targetsMeasured) {
  const t = table(result[key], result.peerjs);
  const checks = targets(result[key], result.peerjs, t.commonRate);
  out[key].commonRate = t.commonRate;
  out[key].targets = checks;
  const list = checks.map((x) => `- ${x.met ? "met" : "MISSED"}: ${x.name} (${x.value == null ? "—" : Number(x.value.toFixed?.(2) ?? x.value)})`).join("\n");
  const title = key === "ours" ? "" : `### ${known[key].name} vs PeerJS server\n\n`;
  reports.push(`${title}${t.markdown}\n\nTargets (${known[key].name}):\n${list}\n`);
  if (args.out) {
    mkdirSync(dirname(args.out), { recursive: true });
    const subtitle = `${CLIENTS} clients, 1 KB payloads, deflate ${DEFLATE ? "offered" : "not offered"}, each server pinned to one core; ${out.date.slice(0, 10)}`;
    const svg = key === "ours" ? args.out.replace(/\.json$/, ".svg") : args.out.replace(/\.json$/, `-${key}.svg`);
    writeFileSync(svg, chart(t.rows, `${known[key].name}: ${subtitle}`));
  }
}
if (reports.length) {
  const md = reports.join("\n");
  if (args.out) writeFileSync(args.out.replace(/\.json$/, ".md"), md);
  console.log(md);
}
if (args.out) {
  writeFileSync(args.out, JSON.stringify(out, null, 2));
  // Every target in one table and one chart (bench/report.mjs).
  if (targetsMeasured.length > 1) writeAll(out, args.out);
}
process.exit(0);
