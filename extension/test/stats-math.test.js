// Unit tests of the WebRTC stats widget's arithmetic (widgets/stats/stats-math.js), on reports
// shaped like Chromium's RTCStatsReport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HISTORY,
  LIMITS,
  PeerTracker,
  bitrate,
  describePath,
  extract,
  formatBitrate,
  formatMs,
  formatPercent,
  lossPercent,
  rates,
  reportLines,
  sparkline,
  statsList,
  verdict,
} from '../widgets/stats/stats-math.js';

/**
 * A report as Chromium gives it, from a few counters. Times in ms, byte counters cumulative.
 * @param {object} o
 */
function report(o) {
  const t = o.t;
  const local = o.local ?? 'host';
  const remote = o.remote ?? 'host';
  const list = [
    {
      id: 'T01',
      type: 'transport',
      timestamp: t,
      selectedCandidatePairId: o.noPair ? undefined : 'CP1',
      dtlsState: 'connected',
    },
    {
      id: 'CP1',
      type: 'candidate-pair',
      timestamp: t,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: o.rtt ?? 0.004,
    },
    {
      id: 'CP2',
      type: 'candidate-pair',
      timestamp: t,
      localCandidateId: 'L2',
      remoteCandidateId: 'R1',
      state: 'failed',
    },
    {
      id: 'L1',
      type: 'local-candidate',
      timestamp: t,
      candidateType: local,
      protocol: 'udp',
      address: '127.0.0.1',
      relayProtocol: local === 'relay' ? (o.relayProtocol ?? 'udp') : undefined,
    },
    { id: 'L2', type: 'local-candidate', timestamp: t, candidateType: 'srflx', protocol: 'udp' },
    {
      id: 'R1',
      type: 'remote-candidate',
      timestamp: t,
      candidateType: remote,
      protocol: 'udp',
      address: '127.0.0.1',
    },
    {
      id: 'IA',
      type: 'inbound-rtp',
      kind: 'audio',
      timestamp: t,
      bytesReceived: o.aIn ?? 0,
      packetsReceived: o.aInPk ?? 0,
      packetsLost: o.aLost ?? 0,
      jitter: o.aJitter ?? 0.002,
    },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesReceived: o.vIn ?? 0,
      packetsReceived: o.vInPk ?? 0,
      packetsLost: o.vLost ?? 0,
      jitter: o.vJitter ?? 0.005,
      framesDecoded: o.frames ?? 0,
      frameWidth: 640,
      frameHeight: 360,
      framesPerSecond: o.fps,
    },
    {
      id: 'OA',
      type: 'outbound-rtp',
      kind: 'audio',
      timestamp: t,
      bytesSent: o.aOut ?? 0,
      packetsSent: o.aOutPk ?? 0,
      remoteId: 'RIA',
    },
    {
      id: 'OV',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesSent: o.vOut ?? 0,
      packetsSent: o.vOutPk ?? 0,
      framesEncoded: o.framesOut ?? 0,
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: 30,
      qualityLimitationReason: o.limitation ?? 'none',
      remoteId: 'RIV',
    },
    {
      id: 'RIA',
      type: 'remote-inbound-rtp',
      kind: 'audio',
      timestamp: t,
      packetsLost: o.aOutLost ?? 0,
      roundTripTime: 0.01,
    },
    {
      id: 'RIV',
      type: 'remote-inbound-rtp',
      kind: 'video',
      timestamp: t,
      packetsLost: o.vOutLost ?? 0,
      roundTripTime: 0.012,
    },
    { id: 'codec', type: 'codec', timestamp: t, mimeType: 'video/VP8' },
  ];
  return new Map(list.map((s) => [s.id, s]));
}

test('statsList takes a Map, an array or an object by id', () => {
  const r = report({ t: 1 });
  assert.equal(statsList(r).length, r.size);
  assert.equal(statsList([...r.values()]).length, r.size);
  assert.equal(statsList(Object.fromEntries(r)).length, r.size);
  assert.deepEqual(statsList(null), []);
  assert.deepEqual(statsList(42), []);
});

test('extract reads counters, the selected pair and its candidates', () => {
  const s = extract(report({ t: 5000, aIn: 100, vIn: 2000, frames: 40, vOut: 3000 }));
  assert.equal(s.ts, 5000);
  assert.equal(s.in.audio.bytes, 100);
  assert.equal(s.in.video.bytes, 2000);
  assert.equal(s.in.video.frames, 40);
  assert.equal(s.out.video.bytes, 3000);
  assert.equal(s.out.video.width, 1280);
  assert.deepEqual(s.pair.local, {
    type: 'host',
    protocol: 'udp',
    relayProtocol: '',
    address: '127.0.0.1',
  });
  assert.equal(s.pair.remote.type, 'host');
  assert.equal(s.pair.rtt, 0.004);
});

test('extract: pair without a transport id (selected flag), simulcast layers add up', () => {
  const list = [
    {
      id: 'P',
      type: 'candidate-pair',
      selected: true,
      localCandidateId: 'L',
      remoteCandidateId: 'R',
    },
    {
      id: 'L',
      type: 'local-candidate',
      candidateType: 'relay',
      protocol: 'UDP',
      relayProtocol: 'TCP',
    },
    { id: 'R', type: 'remote-candidate', candidateType: 'srflx', protocol: 'udp' },
    {
      id: 'o1',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: 100,
      frameWidth: 320,
      frameHeight: 180,
      timestamp: 1,
    },
    {
      id: 'o2',
      type: 'outbound-rtp',
      kind: 'video',
      bytesSent: 400,
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: 24,
      timestamp: 1,
    },
    { id: 'o3', type: 'outbound-rtp', mediaType: 'audio', bytesSent: 7, timestamp: 1 },
    { id: 'x', type: 'inbound-rtp', kind: 'data', bytesReceived: 99 },
    null,
    'junk',
  ];
  const s = extract(list);
  assert.equal(s.pair.local.type, 'relay');
  assert.equal(s.pair.local.protocol, 'udp');
  assert.equal(s.pair.local.relayProtocol, 'tcp');
  assert.equal(s.out.video.bytes, 500);
  assert.equal(s.out.video.width, 1280);
  assert.equal(s.out.video.fps, 24);
  assert.equal(s.out.audio.bytes, 7);
  assert.equal(s.in.audio, null);
  assert.equal(s.in.video, null);
  // No selected pair at all: still gathering.
  assert.equal(
    extract(report({ t: 1, noPair: true })).pair?.local.type,
    'host',
    'nominated+succeeded',
  );
  assert.equal(extract([{ id: 'p', type: 'candidate-pair', state: 'in-progress' }]).pair, null);
});

test('bitrate and loss from deltas', () => {
  assert.equal(bitrate(1000, 2000, 1), 8000);
  assert.equal(bitrate(1000, 2000, 2), 4000);
  assert.equal(bitrate(undefined, 2000, 1), null);
  assert.equal(bitrate(1000, 2000, 0), null, 'no time passed');
  assert.equal(bitrate(5000, 2000, 1), null, 'counter reset');
  assert.equal(lossPercent(0, 8, 0, 92), 8);
  assert.equal(lossPercent(10, 10, 100, 200), 0);
  assert.equal(lossPercent(10, 10, 100, 100), null, 'no packets due');
  assert.equal(lossPercent(10, 5, 100, 200), null, 'counter went back');
});

test('rates between two polls: bitrates, loss both ways, rtt, jitter, fps, resolution', () => {
  const a = extract(
    report({
      t: 10_000,
      aIn: 0,
      aInPk: 0,
      vIn: 0,
      vInPk: 0,
      frames: 0,
      aOut: 0,
      aOutPk: 0,
      vOut: 0,
      vOutPk: 0,
    }),
  );
  const b = extract(
    report({
      t: 12_000, // 2 s later
      aIn: 8000, // 32 kbps
      aInPk: 100,
      vIn: 250_000, // 1 Mbps
      vInPk: 900,
      vLost: 0,
      aLost: 0,
      frames: 30, // 15 fps decoded
      aOut: 10_000, // 40 kbps
      aOutPk: 100,
      vOut: 200_000, // 800 kbps
      vOutPk: 900,
      aOutLost: 5,
      vOutLost: 45, // 50 of 1000 sent: 5 %
      rtt: 0.0425,
      vJitter: 0.012,
    }),
  );
  const m = rates(a, b);
  assert.equal(m.audioIn, 32_000);
  assert.equal(m.videoIn, 1_000_000);
  assert.equal(m.totalIn, 1_032_000);
  assert.equal(m.audioOut, 40_000);
  assert.equal(m.videoOut, 800_000);
  assert.equal(m.totalOut, 840_000);
  assert.equal(m.lossIn, 0);
  assert.equal(m.lossOut, 5);
  assert.equal(m.rtt, 42.5);
  assert.equal(m.jitter, 12);
  assert.equal(m.fpsIn, 15, 'from frames decoded when the browser gives no framesPerSecond');
  assert.equal(m.fpsOut, 30);
  assert.equal(m.resolutionIn, '640×360');
  assert.equal(m.resolutionOut, '1280×720');
  assert.equal(m.videoReceiving, true);
  assert.equal(m.local.type, 'host');

  // Incoming loss: 8 of 100 packets that should have come.
  const c = extract(report({ t: 13_000, aInPk: 146, vInPk: 946, aLost: 4, vLost: 4, frames: 30 }));
  const m2 = rates(b, c);
  assert.equal(Math.round(m2.lossIn), 8);
  assert.equal(m2.videoReceiving, false);
  assert.equal(m2.fpsIn, 0);
});

test('rates: the first sample has no rates, only what a single report says', () => {
  const m = rates(null, extract(report({ t: 1, vIn: 5000, rtt: 0.1, fps: 25 })));
  assert.equal(m.videoIn, null);
  assert.equal(m.totalIn, null);
  assert.equal(m.lossIn, null);
  assert.equal(m.rtt, 100);
  assert.equal(m.fpsIn, 25);
  assert.equal(m.remote.type, 'host');
});

const connected = { connectionState: 'connected' };
const metricsOf = (o) => rates(extract(report({ t: 0 })), extract(report({ t: 1000, ...o })));

test('verdict: plain words for the usual cases', () => {
  assert.equal(verdict(metricsOf({}), connected).headline, 'Direct connection');
  assert.equal(verdict(metricsOf({}), connected).level, 'ok');
  for (const [local, remote] of [
    ['relay', 'host'],
    ['host', 'relay'],
    ['relay', 'relay'],
  ]) {
    const v = verdict(metricsOf({ local, remote }), connected);
    assert.match(v.headline, /^Relayed via TURN/, `${local}/${remote}`);
  }
  assert.equal(
    verdict(metricsOf({ local: 'relay', relayProtocol: 'tcp' }), connected).headline,
    'Relayed via TURN (TCP)',
  );
  for (const t of ['srflx', 'prflx']) {
    assert.equal(
      verdict(metricsOf({ local: t, remote: t }), connected).headline,
      'Direct connection',
    );
  }
  assert.equal(verdict(null, { connectionState: 'connecting' }).headline, 'Connecting…');
  assert.equal(verdict(null, {}).headline, 'Connecting…');
  assert.equal(verdict(metricsOf({}), { connectionState: 'new' }).headline, 'Connecting…');
  assert.equal(verdict(null, connected).headline, 'Connecting…', 'no stats yet');
  assert.equal(verdict(metricsOf({ noPair: true }), connected).headline, 'Direct connection');
  assert.equal(verdict(null, { connectionState: 'failed' }).level, 'bad');
  assert.equal(verdict(null, { connectionState: 'failed' }).headline, 'Connection failed');
  assert.match(verdict(null, { connectionState: 'disconnected' }).headline, /reconnecting/);
});

test('verdict: loss, latency, jitter, frozen video; the worst one is the headline', () => {
  // 8 of 100 packets lost coming in.
  const lossy = rates(
    extract(report({ t: 0, aInPk: 0, aLost: 0 })),
    extract(report({ t: 1000, aInPk: 92, aLost: 8 })),
  );
  const v = verdict(lossy, connected);
  assert.equal(v.headline, 'High packet loss (8%)');
  assert.equal(v.level, 'warn');
  assert.deepEqual(
    v.findings.map((f) => f.text),
    ['Direct connection', 'High packet loss (8%)'],
  );
  const worse = rates(
    extract(report({ t: 0, aInPk: 0 })),
    extract(report({ t: 1000, aInPk: 80, aLost: 20 })),
  );
  assert.equal(verdict(worse, connected).level, 'bad');
  // A little loss is normal.
  const little = rates(
    extract(report({ t: 0, aInPk: 0 })),
    extract(report({ t: 1000, aInPk: 99, aLost: 1 })),
  );
  assert.equal(verdict(little, connected).headline, 'Direct connection');

  assert.equal(verdict(metricsOf({ rtt: 0.42 }), connected).headline, 'High latency (420 ms)');
  assert.equal(verdict(metricsOf({ rtt: 0.42 }), connected).level, 'warn');
  assert.equal(verdict(metricsOf({ rtt: 0.9 }), connected).level, 'bad');
  assert.equal(verdict(metricsOf({ rtt: 0.2 }), connected).headline, 'Direct connection');
  assert.match(verdict(metricsOf({ vJitter: 0.08 }), connected).headline, /jitter 80 ms/);

  const frozen = { ...connected, videoExpected: true, frozenForMs: LIMITS.frozenMs };
  assert.equal(verdict(metricsOf({}), frozen).headline, 'Video frozen');
  assert.equal(
    verdict(metricsOf({ rtt: 0.42 }), frozen).headline,
    'Video frozen',
    'bad beats warn',
  );
  assert.equal(
    verdict(metricsOf({}), { ...frozen, videoExpected: false }).headline,
    'Direct connection',
    'camera off is not frozen',
  );
  assert.equal(
    verdict(metricsOf({}), { ...frozen, frozenForMs: LIMITS.frozenMs - 1 }).headline,
    'Direct connection',
  );
  // Relayed and lossy: the loss is the headline, the relay still listed.
  const both = verdict(
    rates(
      extract(report({ t: 0, local: 'relay' })),
      extract(report({ t: 1000, local: 'relay', aInPk: 90, aLost: 10 })),
    ),
    connected,
  );
  assert.equal(both.headline, 'High packet loss (10%)');
  assert.ok(both.findings.some((f) => f.text.startsWith('Relayed via TURN')));
  assert.match(
    verdict(metricsOf({ limitation: 'bandwidth' }), connected).findings.at(-1).text,
    /bandwidth/,
  );
});

test('PeerTracker: histories, gaps, frozen video timing', () => {
  const t = new PeerTracker(5);
  let frames = 0;
  let bytes = 0;
  for (let i = 0; i < 8; i++) {
    frames += 15;
    bytes += 125_000; // 1 Mbps
    t.push(report({ t: i * 1000, vIn: bytes, frames }));
  }
  assert.equal(t.history.in.length, 5, 'kept to its size');
  assert.deepEqual(t.history.in, [1e6, 1e6, 1e6, 1e6, 1e6]);
  assert.equal(t.history.rtt.at(-1), 4);
  assert.equal(t.frozenForMs, 0);

  // Frames stop moving: frozen time grows from the last movement.
  t.push(report({ t: 8000, vIn: bytes, frames }));
  t.push(report({ t: 10_000, vIn: bytes, frames }));
  assert.equal(t.frozenForMs, 3000);
  t.push(report({ t: 11_000, vIn: bytes + 1000, frames: frames + 1 }));
  assert.equal(t.frozenForMs, 0);

  // A pause in polling leaves a break in the chart.
  t.push(report({ t: 20_000, vIn: bytes + 2000, frames: frames + 2 }), { gap: true });
  assert.equal(t.history.in.at(-2), null);
  assert.equal(typeof t.history.in.at(-1), 'number');

  // An older report (clock went back: a new connection) starts over without rates.
  const m = t.push(report({ t: 500, vIn: 10 }));
  assert.equal(m.videoIn, null);
  assert.equal(HISTORY, 60);
});

test('PeerTracker: no video received means nothing is frozen', () => {
  const t = new PeerTracker();
  const audioOnly = (ts) => {
    const r = report({ t: ts });
    r.delete('IV');
    return r;
  };
  t.push(audioOnly(0));
  t.push(audioOnly(5000));
  assert.equal(t.frozenForMs, 0);
});

test('sparkline: scaled points, breaks at nulls, short histories grow from the right', () => {
  const box = { width: 100, height: 20, pad: 0 };
  assert.deepEqual(sparkline([0, 10], box), { segments: ['0,20 100,0'], max: 10 });
  assert.deepEqual(sparkline([5, null, 10, 0], { ...box, slots: 4 }).segments, [
    '0,10',
    '66.7,0 100,20',
  ]);
  // Two values in ten slots: they sit at the right end.
  assert.deepEqual(sparkline([1, 1], { ...box, slots: 11, max: 2 }).segments, ['90,10 100,10']);
  assert.deepEqual(sparkline([], box), { segments: [], max: 1 });
  assert.deepEqual(sparkline([null, null], box).segments, []);
  assert.deepEqual(sparkline([0, 0], box).segments, ['0,20 100,20'], 'all zero: a flat line');
  assert.deepEqual(sparkline([-5, 10], box).segments, ['0,20 100,0'], 'negatives sit at zero');
});

test('formatting', () => {
  assert.equal(formatBitrate(null), '—');
  assert.equal(formatBitrate(NaN), '—');
  assert.equal(formatBitrate(0), '0 bps');
  assert.equal(formatBitrate(999), '999 bps');
  assert.equal(formatBitrate(32_000), '32 kbps');
  assert.equal(formatBitrate(1_234_567), '1.2 Mbps');
  assert.equal(formatBitrate(25_000_000), '25 Mbps');
  assert.equal(formatMs(null), '—');
  assert.equal(formatMs(0.3), '<1 ms');
  assert.equal(formatMs(42.4), '42 ms');
  assert.equal(formatPercent(null), '—');
  assert.equal(formatPercent(0), '0 %');
  assert.equal(formatPercent(2.345), '2.3 %');
  assert.equal(formatPercent(12.6), '13 %');
  const host = { type: 'host', protocol: 'udp', relayProtocol: '', address: '' };
  const relay = { type: 'relay', protocol: 'udp', relayProtocol: 'tcp', address: '' };
  assert.equal(describePath(host, host), 'host ↔ host · UDP');
  assert.equal(describePath(relay, host), 'relay (TCP) ↔ host · UDP');
  assert.equal(describePath(null, host), '—');
});

test('reportLines: a readable summary per peer', () => {
  const m = metricsOf({ vIn: 125_000, frames: 15 });
  const lines = reportLines('Bob', m, verdict(m, connected));
  assert.equal(lines[0], 'Bob: Direct connection');
  assert.match(lines[1], /path host ↔ host · UDP; round trip 4 ms; jitter 5 ms/);
  assert.match(
    lines[3],
    /video: receiving 1\.0 Mbps 640×360 15 fps; sending 0 bps 1280×720 30 fps/,
  );
  assert.deepEqual(reportLines('Cy', null, verdict(null)), ['Cy: Connecting…']);
});
