// @ts-check
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);
/**
 * The arithmetic of the WebRTC stats widget, free of DOM and timers so that node tests it
 * (test/stats-math.test.js):
 *
 * - {@link extract} reads one raw `RTCStatsReport` into a flat sample of counters;
 * - {@link rates} turns two samples into bitrates, packet loss, frame rates… (counters only
 *   ever grow, so rates are deltas over the time between the samples' own timestamps);
 * - {@link verdict} says in plain words how the connection is doing;
 * - {@link PeerTracker} keeps a peer's previous sample, short histories for the charts, and how
 *   long its video has not moved;
 * - {@link sparkline} lays a history out as SVG polyline points.
 */

/**
 * @typedef {{bytes: number, packets: number, lost: number, jitter: number|null, frames: number,
 *   fps: number|null, width: number, height: number, ts: number}} InCounters
 * @typedef {{bytes: number, packets: number, frames: number, fps: number|null, width: number,
 *   height: number, ts: number, remoteLost: number|null, remotePackets: number|null,
 *   remoteRtt: number|null, limitation: string|null}} OutCounters
 * @typedef {{type: string, protocol: string, relayProtocol: string, address: string}} Candidate
 * @typedef {object} Sample what one report says, counters as the browser counts them
 * @property {number} ts the newest stats timestamp (ms)
 * @property {{audio: InCounters|null, video: InCounters|null}} in
 * @property {{audio: OutCounters|null, video: OutCounters|null}} out
 * @property {{local: Candidate|null, remote: Candidate|null, rtt: number|null, state: string}|null} pair
 *   the selected candidate pair (rtt in seconds)
 *
 * @typedef {object} Metrics what the widget shows for one peer at one moment
 * @property {number|null} audioIn bits per second
 * @property {number|null} audioOut
 * @property {number|null} videoIn
 * @property {number|null} videoOut
 * @property {number|null} totalIn audio + video
 * @property {number|null} totalOut
 * @property {number|null} lossIn % of packets from the peer lost on the way
 * @property {number|null} lossOut % of our packets the peer reports lost
 * @property {number|null} rtt round-trip time (ms)
 * @property {number|null} jitter ms (the larger of audio and video)
 * @property {number|null} fpsIn frames per second decoded
 * @property {number|null} fpsOut frames per second sent
 * @property {string|null} resolutionIn e.g. "640×360"
 * @property {string|null} resolutionOut
 * @property {boolean} videoReceiving frames were decoded since the last sample
 * @property {Candidate|null} local
 * @property {Candidate|null} remote
 * @property {string|null} limitation why the encoder sends less than it could ("bandwidth", "cpu")
 */

/**
 * The stats objects of a report, whatever its form: an `RTCStatsReport` (a Map), a plain
 * array, or an object keyed by id (what a test or a JSON dump gives).
 * @param {any} report
 * @returns {any[]}
 */
export function statsList(report) {
  if (!report) return [];
  if (Array.isArray(report)) return report;
  if (typeof report.values === 'function') return [...report.values()];
  if (typeof report === 'object') return Object.values(report);
  return [];
}

/** @param {unknown} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** @param {unknown} v */
const numOrNull = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** @param {unknown} v */
const str = (v) => (typeof v === 'string' ? v : '');

/**
 * @param {any} c a local-candidate / remote-candidate stats object
 * @returns {Candidate|null}
 */
function candidate(c) {
  if (!c) return null;
  return {
    type: str(c.candidateType),
    protocol: str(c.protocol).toLowerCase(),
    relayProtocol: str(c.relayProtocol).toLowerCase(),
    address: str(c.address ?? c.ip),
  };
}

/**
 * The candidate pair in use: the transport's selected pair, else one flagged selected
 * (older browsers), else a nominated pair that succeeded.
 * @param {any[]} list
 * @param {Map<string, any>} byId
 */
function selectedPair(list, byId) {
  for (const s of list) {
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      const p = byId.get(s.selectedCandidatePairId);
      if (p) return p;
    }
  }
  const pairs = list.filter((s) => s.type === 'candidate-pair');
  return (
    pairs.find((p) => p.selected === true) ??
    pairs.find((p) => p.nominated === true && p.state === 'succeeded') ??
    null
  );
}

/**
 * Reads the counters we need from one report. Several streams of a kind (e.g. simulcast
 * layers) add up; resolution and frame rate are those of the largest.
 * @param {any} report an RTCStatsReport or a list of stats objects
 * @returns {Sample}
 */
export function extract(report) {
  const list = statsList(report).filter((s) => s && typeof s === 'object');
  /** @type {Map<string, any>} */
  const byId = new Map(list.map((s) => [s.id, s]));
  /** @type {Sample} */
  const out = {
    ts: 0,
    in: { audio: null, video: null },
    out: { audio: null, video: null },
    pair: null,
  };
  for (const s of list) out.ts = Math.max(out.ts, num(s.timestamp));

  for (const s of list) {
    const kind = s.kind ?? s.mediaType;
    if (kind !== 'audio' && kind !== 'video') continue;
    if (s.type === 'inbound-rtp') {
      const c = (out.in[kind] ??= {
        bytes: 0,
        packets: 0,
        lost: 0,
        jitter: null,
        frames: 0,
        fps: null,
        width: 0,
        height: 0,
        ts: 0,
      });
      c.bytes += num(s.bytesReceived);
      c.packets += num(s.packetsReceived);
      c.lost += Math.max(0, num(s.packetsLost));
      if (typeof s.jitter === 'number') c.jitter = Math.max(c.jitter ?? 0, s.jitter);
      c.frames += num(s.framesDecoded);
      if (num(s.frameWidth) >= c.width) {
        c.width = num(s.frameWidth);
        c.height = num(s.frameHeight);
        c.fps = numOrNull(s.framesPerSecond) ?? c.fps;
      }
      c.ts = Math.max(c.ts, num(s.timestamp));
    } else if (s.type === 'outbound-rtp') {
      const c = (out.out[kind] ??= {
        bytes: 0,
        packets: 0,
        frames: 0,
        fps: null,
        width: 0,
        height: 0,
        ts: 0,
        remoteLost: null,
        remotePackets: null,
        remoteRtt: null,
        limitation: null,
      });
      // bytesSent counts payload only (no RTP headers), like bytesReceived on the other side.
      c.bytes += num(s.bytesSent);
      c.packets += num(s.packetsSent);
      c.frames += num(s.framesEncoded);
      if (num(s.frameWidth) >= c.width) {
        c.width = num(s.frameWidth);
        c.height = num(s.frameHeight);
        c.fps = numOrNull(s.framesPerSecond) ?? c.fps;
      }
      if (s.qualityLimitationReason && s.qualityLimitationReason !== 'none') {
        c.limitation = str(s.qualityLimitationReason);
      }
      c.ts = Math.max(c.ts, num(s.timestamp));
      const remote = s.remoteId ? byId.get(s.remoteId) : null;
      if (remote && remote.type === 'remote-inbound-rtp') {
        c.remoteLost = (c.remoteLost ?? 0) + Math.max(0, num(remote.packetsLost));
        c.remotePackets = (c.remotePackets ?? 0) + num(s.packetsSent);
        if (typeof remote.roundTripTime === 'number') c.remoteRtt = remote.roundTripTime;
      }
    }
  }

  const pair = selectedPair(list, byId);
  if (pair) {
    out.pair = {
      local: candidate(byId.get(pair.localCandidateId)),
      remote: candidate(byId.get(pair.remoteCandidateId)),
      rtt: numOrNull(pair.currentRoundTripTime),
      state: str(pair.state),
    };
  }
  return out;
}

/**
 * Bits per second between two byte counters; null when there is no earlier sample, no time
 * passed or the counter went backwards (a new connection).
 * @param {number|undefined} bytesBefore
 * @param {number|undefined} bytesNow
 * @param {number} seconds
 */
export function bitrate(bytesBefore, bytesNow, seconds) {
  if (bytesBefore === undefined || bytesNow === undefined || !(seconds > 0)) return null;
  const d = bytesNow - bytesBefore;
  return d < 0 ? null : (d * 8) / seconds;
}

/**
 * Loss between two samples, in %: lost packets over packets that should have arrived.
 * @param {number} lostBefore
 * @param {number} lostNow
 * @param {number} receivedBefore
 * @param {number} receivedNow
 * @returns {number|null} null when no packet was due (or counters went backwards)
 */
export function lossPercent(lostBefore, lostNow, receivedBefore, receivedNow) {
  const lost = lostNow - lostBefore;
  const got = receivedNow - receivedBefore;
  if (lost < 0 || got < 0 || lost + got === 0) return null;
  return (100 * lost) / (lost + got);
}

/** @param {number|null} a @param {number|null} b */
const sumOrNull = (a, b) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
/** @param {number|null} a @param {number|null} b */
const maxOrNull = (a, b) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * @param {{width: number, height: number}|null} c
 * @returns {string|null}
 */
const resolution = (c) => (c && c.width > 0 && c.height > 0 ? `${c.width}×${c.height}` : null);

/**
 * What changed between two samples of the same connection.
 * @param {Sample|null} prev the sample before (null: the first one)
 * @param {Sample} cur
 * @returns {Metrics}
 */
export function rates(prev, cur) {
  /**
   * @param {'in'|'out'} dir
   * @param {'audio'|'video'} kind
   */
  const rate = (dir, kind) => {
    const a = prev?.[dir][kind];
    const b = cur[dir][kind];
    if (!a || !b) return null;
    return bitrate(a.bytes, b.bytes, (b.ts - a.ts) / 1000);
  };
  const audioIn = rate('in', 'audio');
  const videoIn = rate('in', 'video');
  const audioOut = rate('out', 'audio');
  const videoOut = rate('out', 'video');

  // Loss from the peer: every inbound stream together.
  /** @type {number|null} */
  let lossIn = null;
  /** @type {number|null} */
  let lossOut = null;
  if (prev) {
    const lostIn = (/** @type {Sample} */ s) => num(s.in.audio?.lost) + num(s.in.video?.lost);
    const gotIn = (/** @type {Sample} */ s) => num(s.in.audio?.packets) + num(s.in.video?.packets);
    lossIn = lossPercent(lostIn(prev), lostIn(cur), gotIn(prev), gotIn(cur));
    // Loss to the peer, as its receiver reports (RTCP): lost over what we sent.
    const hasRemote = (/** @type {Sample} */ s) =>
      s.out.audio?.remoteLost != null || s.out.video?.remoteLost != null;
    if (hasRemote(prev) && hasRemote(cur)) {
      const lostOut = (/** @type {Sample} */ s) =>
        num(s.out.audio?.remoteLost) + num(s.out.video?.remoteLost);
      const sent = (/** @type {Sample} */ s) =>
        num(s.out.audio?.remotePackets) + num(s.out.video?.remotePackets);
      const lost = lostOut(cur) - lostOut(prev);
      const total = sent(cur) - sent(prev);
      if (lost >= 0 && total > 0) lossOut = Math.min(100, (100 * lost) / total);
    }
  }

  // Round trip: the ICE pair's (STUN consistency checks), else what RTCP reports.
  const rttS =
    cur.pair?.rtt ?? maxOrNull(cur.out.audio?.remoteRtt ?? null, cur.out.video?.remoteRtt ?? null);

  const vIn = cur.in.video;
  const vInPrev = prev?.in.video;
  const dt = vIn && vInPrev ? (vIn.ts - vInPrev.ts) / 1000 : 0;
  const framesDelta = vIn && vInPrev ? vIn.frames - vInPrev.frames : 0;
  const fpsIn = vIn ? (vIn.fps ?? (dt > 0 && framesDelta >= 0 ? framesDelta / dt : null)) : null;
  const vOut = cur.out.video;
  const vOutPrev = prev?.out.video;
  const dtOut = vOut && vOutPrev ? (vOut.ts - vOutPrev.ts) / 1000 : 0;
  const fpsOut = vOut
    ? (vOut.fps ??
      (dtOut > 0 && vOutPrev && vOut.frames >= vOutPrev.frames
        ? (vOut.frames - vOutPrev.frames) / dtOut
        : null))
    : null;

  const jitterS = maxOrNull(cur.in.audio?.jitter ?? null, cur.in.video?.jitter ?? null);
  return {
    audioIn,
    audioOut,
    videoIn,
    videoOut,
    totalIn: sumOrNull(audioIn, videoIn),
    totalOut: sumOrNull(audioOut, videoOut),
    lossIn,
    lossOut,
    rtt: rttS === null ? null : rttS * 1000,
    jitter: jitterS === null ? null : jitterS * 1000,
    fpsIn,
    fpsOut,
    resolutionIn: resolution(vIn),
    resolutionOut: resolution(vOut),
    videoReceiving: framesDelta > 0,
    local: cur.pair?.local ?? null,
    remote: cur.pair?.remote ?? null,
    limitation: vOut?.limitation ?? null,
  };
}

/** Thresholds of the verdict (ms and %). */
export const LIMITS = Object.freeze({
  lossWarn: 3,
  lossBad: 10,
  rttWarn: 300,
  rttBad: 600,
  jitterWarn: 50,
  /** Video that has not moved for this long while the camera is on counts as frozen. */
  frozenMs: 2500,
});

/**
 * @typedef {'ok'|'info'|'warn'|'bad'|'wait'} Level
 * @typedef {{level: Level, text: string}} Finding
 * @typedef {{level: Level, headline: string, findings: Finding[]}} Verdict
 */

const RANK = { wait: 4, bad: 3, warn: 2, info: 1, ok: 0 };

/** @param {Candidate|null} c */
const isRelay = (c) => c?.type === 'relay';

/**
 * How the connection goes, in plain words: a headline (the worst finding, or how media travel
 * when all is well) and every finding.
 * @param {Metrics|null} m the latest metrics (null: no stats yet)
 * @param {{connectionState?: string|null, frozenForMs?: number, videoExpected?: boolean}} o
 * @returns {Verdict}
 */
export function verdict(m, o = {}) {
  const state = o.connectionState ?? 'new';
  if (state === 'failed') {
    return one('bad', tr('failed'));
  }
  if (state === 'closed') return one('bad', tr('closed'));
  if (state === 'disconnected') return one('warn', tr('interrupted'));
  if (state !== 'connected' || !m || !m.local || !m.remote) return one('wait', tr('connecting'));

  /** @type {Finding[]} */
  const findings = [];
  if (isRelay(m.local) || isRelay(m.remote)) {
    const via = m.local?.relayProtocol ? ` (${m.local.relayProtocol.toUpperCase()})` : '';
    findings.push({ level: 'info', text: tr('relayed', { via }) });
  } else {
    findings.push({ level: 'ok', text: tr('direct') });
  }
  const loss = maxOrNull(m.lossIn, m.lossOut);
  if (loss !== null && loss >= LIMITS.lossWarn) {
    findings.push({
      level: loss >= LIMITS.lossBad ? 'bad' : 'warn',
      text: tr('highLoss', { percent: Math.round(loss) }),
    });
  }
  if (m.rtt !== null && m.rtt >= LIMITS.rttWarn) {
    findings.push({
      level: m.rtt >= LIMITS.rttBad ? 'bad' : 'warn',
      text: tr('highLatency', { ms: Math.round(m.rtt) }),
    });
  }
  if (m.jitter !== null && m.jitter >= LIMITS.jitterWarn) {
    findings.push({ level: 'warn', text: tr('unsteady', { ms: Math.round(m.jitter) }) });
  }
  if (o.videoExpected && (o.frozenForMs ?? 0) >= LIMITS.frozenMs) {
    findings.push({ level: 'bad', text: tr('frozen') });
  }
  if (m.limitation === 'bandwidth' || m.limitation === 'cpu') {
    findings.push({
      level: 'info',
      text: m.limitation === 'cpu' ? tr('lessCpu') : tr('lessBandwidth'),
    });
  }
  const worst = findings.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a));
  return { level: worst.level, headline: worst.text, findings };
}

/** @param {Level} level @param {string} text @returns {Verdict} */
function one(level, text) {
  return { level, headline: text, findings: [{ level, text }] };
}

/** Samples kept for the charts (one a second: a minute). */
export const HISTORY = 60;

/**
 * One peer's state between polls: the previous sample, chart histories, frozen-video timing.
 */
export class PeerTracker {
  constructor(size = HISTORY) {
    this.size = size;
    /** @type {Sample|null} */
    this.prev = null;
    /** @type {Metrics|null} */
    this.metrics = null;
    /** @type {{in: Array<number|null>, out: Array<number|null>, rtt: Array<number|null>}} */
    this.history = { in: [], out: [], rtt: [] };
    /** when decoded video last moved (ms, the report's clock), null: no video yet */
    this.videoMovedAt = /** @type {number|null} */ (null);
    this.frozenForMs = 0;
  }

  /**
   * Feeds one report.
   * @param {any} report
   * @param {{gap?: boolean}} [o] gap: polling paused since the last report (chart shows a break)
   * @returns {Metrics}
   */
  push(report, o = {}) {
    const cur = extract(report);
    const prev = this.prev && cur.ts >= this.prev.ts ? this.prev : null;
    const m = rates(prev, cur);
    this.prev = cur;
    this.metrics = m;
    if (o.gap) this._record(null, null, null);
    if (prev) this._record(m.totalIn, m.totalOut, m.rtt);
    if (m.videoReceiving || this.videoMovedAt === null) {
      this.videoMovedAt = cur.in.video ? cur.ts : null;
    }
    this.frozenForMs =
      cur.in.video && this.videoMovedAt !== null && !m.videoReceiving
        ? cur.ts - this.videoMovedAt
        : 0;
    return m;
  }

  /** @param {number|null} a @param {number|null} b @param {number|null} c */
  _record(a, b, c) {
    const h = this.history;
    h.in.push(a);
    h.out.push(b);
    h.rtt.push(c);
    for (const k of /** @type {const} */ (['in', 'out', 'rtt'])) {
      if (h[k].length > this.size) h[k].splice(0, h[k].length - this.size);
    }
  }
}

/**
 * Chart geometry: polyline point lists for the values (a null breaks the line), scaled so the
 * largest value (or `max`, if larger) reaches the top. x runs over `slots` equal steps ending
 * at the right edge, so a short history grows from the right.
 * @param {Array<number|null>} values
 * @param {{width: number, height: number, slots?: number, max?: number, pad?: number}} box
 * @returns {{segments: string[], max: number}}
 */
export function sparkline(values, box) {
  const slots = Math.max(2, box.slots ?? values.length);
  const pad = box.pad ?? 1;
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  const max = Math.max(box.max ?? 0, .../** @type {number[]} */ (finite), 0) || 1;
  const step = (box.width - 2 * pad) / (slots - 1);
  const x0 = box.width - pad - (values.length - 1) * step;
  /** @type {string[]} */
  const segments = [];
  let cur = [];
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      if (cur.length) segments.push(cur.join(' '));
      cur = [];
      return;
    }
    const x = x0 + i * step;
    const y = box.height - pad - (Math.max(0, v) / max) * (box.height - 2 * pad);
    cur.push(`${round(x)},${round(y)}`);
  });
  if (cur.length) segments.push(cur.join(' '));
  return { segments, max };
}

/** @param {number} v */
const round = (v) => Math.round(v * 10) / 10;

/**
 * @param {number|null} bps
 * @returns {string} e.g. "840 kbps", "1.2 Mbps", "—"
 */
export function formatBitrate(bps) {
  if (bps === null || !Number.isFinite(bps)) return '—';
  if (bps < 1000) return `${Math.round(bps)} bps`;
  if (bps < 1_000_000) return `${Math.round(bps / 1000)} kbps`;
  return `${(bps / 1_000_000).toFixed(bps < 10_000_000 ? 1 : 0)} Mbps`;
}

/**
 * @param {number|null} ms
 * @returns {string} e.g. "42 ms", "<1 ms", "—"
 */
export function formatMs(ms) {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1) return '<1 ms';
  return `${Math.round(ms)} ms`;
}

/**
 * @param {number|null} pct
 * @returns {string} e.g. "0 %", "2.5 %", "12 %"
 */
export function formatPercent(pct) {
  if (pct === null || !Number.isFinite(pct)) return '—';
  if (pct === 0) return '0 %';
  if (pct < 10) return `${pct.toFixed(1)} %`;
  return `${Math.round(pct)} %`;
}

/** Plain names of ICE candidate types. */
export const CANDIDATE_NAMES = Object.freeze({
  host: 'host (local network)',
  srflx: 'srflx (public address via STUN)',
  prflx: 'prflx (address learnt from the peer)',
  relay: 'relay (TURN server)',
});

/**
 * @param {Candidate|null} local
 * @param {Candidate|null} remote
 * @returns {string} e.g. "host ↔ host · UDP", "relay (TCP) ↔ srflx · UDP"
 */
export function describePath(local, remote) {
  if (!local || !remote) return '—';
  const side = (/** @type {Candidate} */ c) =>
    c.type === 'relay' && c.relayProtocol
      ? `relay (${c.relayProtocol.toUpperCase()})`
      : c.type || '?';
  const proto = (local.protocol || remote.protocol || '').toUpperCase();
  return `${side(local)} ↔ ${side(remote)}${proto ? ` · ${proto}` : ''}`;
}

/**
 * A plain-text summary of one peer's connection, for "Copy report".
 * @param {string} name
 * @param {Metrics|null} m
 * @param {Verdict} v
 * @returns {string[]}
 */
export function reportLines(name, m, v) {
  const lines = [`${name}: ${v.findings.map((f) => f.text).join('; ')}`];
  if (!m) return lines;
  const video = (
    /** @type {number|null} */ bps,
    /** @type {string|null} */ res,
    /** @type {number|null} */ fps,
  ) =>
    [formatBitrate(bps), res, fps === null ? null : `${Math.round(fps)} fps`]
      .filter(Boolean)
      .join(' ');
  lines.push(
    `  path ${describePath(m.local, m.remote)}; round trip ${formatMs(m.rtt)}; jitter ${formatMs(m.jitter)}`,
    `  packet loss: receiving ${formatPercent(m.lossIn)}, sending ${formatPercent(m.lossOut)}`,
    `  video: receiving ${video(m.videoIn, m.resolutionIn, m.fpsIn)}; sending ${video(m.videoOut, m.resolutionOut, m.fpsOut)}`,
    `  audio: receiving ${formatBitrate(m.audioIn)}; sending ${formatBitrate(m.audioOut)}`,
  );
  return lines;
}
