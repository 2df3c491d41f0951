// One table and one chart for every deployment target of a run, next to PeerJS:
//
//   node bench/report.mjs bench/results/<date>.json   # writes <date>-all.md and <date>-all.svg
//
// load.mjs writes the same files at the end of a run with more than one target.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const COLOURS = ["#3b5bdb", "#e8590c", "#2b8a3e", "#862e9c"];

/** The targets of a result file: every key with a server name that is not PeerJS. */
export function targetsOf(out) {
  return Object.keys(out).filter((k) => k !== "peerjs" && out[k]?.server && out[k]?.fixed);
}

/** A ramp step the server sustained: everything delivered, none lost, p99 within the run's bound. */
const stepAt = (r, rate, bound) => r.ramp?.find((x) => x.rate === rate && x.delivered === x.sent && x.p99 <= bound);
const capacity = (r) => (r.maxSustained?.cpuMicrosPerMessage ? Math.round(1e6 / r.maxSustained.cpuMicrosPerMessage) : null);

/** [label, value of a server's result, "higher" | "lower" is better]. */
function metrics(out) {
  const fixed = out.fixedRate;
  const bound = out.sustainedP99Ms;
  return [
    ["highest sustained step, msg/s", (r) => r.maxSustained?.rate ?? null, "higher"],
    ["one-core capacity, msg/s", capacity, "higher"],
    ["CPU µs / message at 10,000/s (if sustained)", (r) => stepAt(r, 10000, bound)?.cpuMicrosPerMessage ?? null, "lower"],
    ["CPU µs / message at 20,000/s (if sustained)", (r) => stepAt(r, 20000, bound)?.cpuMicrosPerMessage ?? null, "lower"],
    [`CPU µs / message at ${fixed.toLocaleString("en-US")}/s`, (r) => r.fixed.cpuMicrosPerMessage, "lower"],
    [`latency p99 ms at ${fixed.toLocaleString("en-US")}/s`, (r) => r.fixed.p99, "lower"],
    ["join p99 ms (idle server)", (r) => r.join?.p99 ?? null, "lower"],
    ["storm, connects/s", (r) => r.storm?.connectsPerSecond ?? null, "higher"],
    ["storm, server CPU µs / connect", (r) => r.storm?.cpuMicrosPerConnect ?? null, "lower"],
    ["heap KiB / idle socket", (r) => r.memory?.heapKiBPerIdleConnection ?? null, "lower"],
    ["RSS KiB / idle socket", (r) => r.memory?.rssKiBPerIdleConnection ?? null, "lower"],
    ["messages lost", (r) => (r.lostTotal ?? 0) + (r.misroutedTotal ?? 0), "lower"],
  ];
}

const fmt = (v) => (v == null ? "—" : Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(v < 10 ? 2 : 1));
// No ratio against nothing, or against a growth that was not one (an RSS that fell a little).
const ratio = (a, b) => (a == null || b == null || b <= 0 ? null : a / b);

export function markdown(out) {
  const keys = targetsOf(out);
  const head = ["metric", ...keys.map((k) => out[k].server), "PeerJS", ...keys.map((k) => `${out[k].server} / PeerJS`)];
  const lines = [`| ${head.join(" | ")} |`, `|---|${head.slice(1).map(() => "---:").join("|")}|`];
  for (const [label, value] of metrics(out)) {
    const p = value(out.peerjs);
    const ours = keys.map((k) => value(out[k]));
    const ratios = ours.map((v) => {
      const r = ratio(v, p);
      return r == null ? "—" : r.toFixed(2);
    });
    lines.push(`| ${label} | ${ours.map(fmt).join(" | ")} | ${fmt(p)} | ${ratios.join(" | ")} |`);
  }
  return `${lines.join("\n")}\n\n${out.clients} clients per server, 1 KB payloads, each server pinned to one core; ${out.date}\n`;
}

/** Grouped bars: per metric that PeerJS has too, one bar per target, its ratio to PeerJS. */
export function svg(out) {
  const keys = targetsOf(out);
  const rows = metrics(out)
    .map(([label, value, better]) => ({ label, better, ratios: keys.map((k) => ratio(value(out[k]), value(out.peerjs))) }))
    .filter((r) => r.ratios.some((x) => x != null && Number.isFinite(x) && x > 0));
  const w = 980;
  const left = 390;
  const barH = 14;
  const groupH = keys.length * barH + 14;
  const top = 64 + 22;
  const h = top + rows.length * groupH + 16;
  const max = Math.max(2, ...rows.flatMap((r) => r.ratios.filter((x) => x != null && Number.isFinite(x))));
  const scale = (v) => ((w - left - 70) * Math.min(v, max)) / max;
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const legend = keys
    .map((k, i) => `<rect x="${16 + i * 180}" y="56" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${34 + i * 180}" y="67">${esc(out[k].server)}</text>`)
    .join("\n");
  const groups = rows
    .map((r, g) => {
      const y0 = top + g * groupH;
      const label = `<text x="${left - 10}" y="${y0 + (keys.length * barH) / 2 + 5}" text-anchor="end">${esc(r.label)} (${r.better} better)</text>`;
      const bars = r.ratios
        .map((v, i) => {
          if (v == null || !Number.isFinite(v)) return "";
          const y = y0 + i * barH;
          const width = Math.max(1, scale(v));
          return `<rect x="${left}" y="${y}" width="${width.toFixed(1)}" height="${barH - 3}" rx="2" fill="${COLOURS[i % COLOURS.length]}"/><text x="${left + width + 5}" y="${y + barH - 4}" font-size="11">${v.toFixed(2)}×</text>`;
        })
        .join("\n");
      return `${label}\n${bars}`;
    })
    .join("\n");
  const one = left + scale(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="24" font-size="15" font-weight="bold">TFX Sessions on each deployment target, ratio to the PeerJS server (dashed line = PeerJS)</text>
<text x="16" y="44" fill="#555">${esc(`${out.clients} clients per server, 1 KB payloads, each server pinned to one core; ${out.date.slice(0, 10)}`)}</text>
${legend}
<line x1="${one}" y1="${top - 6}" x2="${one}" y2="${h - 8}" stroke="#999" stroke-dasharray="4 3"/>
${groups}
</svg>`;
}

/** Writes <run>-all.md and <run>-all.svg next to the run's JSON. */
export function writeAll(out, jsonPath) {
  writeFileSync(jsonPath.replace(/\.json$/, "-all.md"), markdown(out));
  writeFileSync(jsonPath.replace(/\.json$/, "-all.svg"), svg(out));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const path = process.argv[2];
  if (!path) {
    console.error("usage: node bench/report.mjs bench/results/<date>.json");
    process.exit(2);
  }
  const out = JSON.parse(readFileSync(path, "utf8"));
  writeAll(out, path);
  console.log(markdown(out));
}
