// @ts-check
/**
 * WebRTC stats: for every other participant, live bitrates, round trip, loss, jitter, frame
 * rate, resolution, the ICE path, two small charts and a plain-words verdict. Reads
 * `ctx.rtc.stats(peerId)` once a second, only while the pane is on screen; all arithmetic is in
 * stats-math.js.
 */
import { h, replace } from '../../ui/widgets/kit.js';
import {
  CANDIDATE_NAMES,
  HISTORY,
  PeerTracker,
  describePath,
  formatBitrate,
  formatMs,
  formatPercent,
  reportLines,
  sparkline,
  verdict,
} from './stats-math.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

const POLL_MS = 1000;
const SVG = 'http://www.w3.org/2000/svg';
const CHART = { width: 300, height: 46 };

/**
 * @typedef {import('./stats-math.js').Metrics} Metrics
 * @typedef {import('./stats-math.js').Verdict} Verdict
 * @typedef {object} PeerView
 * @property {HTMLElement} el
 * @property {PeerTracker} tracker
 * @property {Verdict} verdict
 * @property {HTMLElement} name
 * @property {HTMLElement} verdictEl
 * @property {HTMLElement} findings
 * @property {Record<string, HTMLElement>} cells by data-metric
 * @property {{bitrate: SVGSVGElement, rtt: SVGSVGElement}} charts
 * @property {boolean} gap polling paused since the last sample
 */

/** @param {string} tag @param {Record<string, string>} [attrs] */
function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/**
 * An empty chart (an SVG scaled to its box).
 * @param {string} label what it shows, for screen readers
 */
function chart(label) {
  return /** @type {SVGSVGElement} */ (
    svg('svg', {
      viewBox: `0 0 ${CHART.width} ${CHART.height}`,
      preserveAspectRatio: 'none',
      class: 'chart',
      role: 'img',
      'aria-label': label,
    })
  );
}

/**
 * @param {SVGSVGElement} svgEl
 * @param {string} title
 * @param {...HTMLElement} legends
 */
function chartBox(svgEl, title, ...legends) {
  return h(
    'figure.chart-box',
    null,
    h('figcaption', null, h('span', null, title), ...legends),
    svgEl,
  );
}

/**
 * Redraws a chart: one polyline per series and segment.
 * @param {SVGSVGElement} chart
 * @param {Array<{values: Array<number|null>, cls: string}>} series
 * @param {number} [floor] the top of the scale is at least this
 */
function draw(chart, series, floor = 0) {
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const max = Math.max(floor, .../** @type {number[]} */ (all)) * 1.15 || 1;
  const lines = [];
  for (const s of series) {
    for (const points of sparkline(s.values, { ...CHART, slots: HISTORY, max, pad: 2 }).segments) {
      lines.push(svg('polyline', { points, class: s.cls, 'vector-effect': 'non-scaling-stroke' }));
    }
  }
  chart.replaceChildren(...lines);
}

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  /** @type {Map<string, PeerView>} */
  const views = new Map();
  /** @type {ReturnType<typeof setInterval>|undefined} */
  let timer;
  let busy = false;

  const list = h('div.stats-list');
  const empty = h('p.stats-empty.muted', null, tr('empty'));
  const copyBtn = h(
    'button.stats-copy',
    { type: 'button', title: tr('copyTitle'), onclick: () => copy() },
    tr('copy'),
  );
  replace(
    root,
    h(
      'div.stats',
      null,
      h('div.row.stats-head', null, h('p.muted.small.grow', null, tr('lead')), copyBtn),
      empty,
      list,
    ),
  );

  /**
   * @param {string} label
   * @param {string} metric
   * @param {string} [title]
   */
  const cell = (label, metric, title) =>
    h(
      'div.stat',
      title ? { title } : null,
      h('span.stat-label', null, label),
      h('span.stat-value', { dataset: { metric }, translate: 'no' }, '—'),
    );

  /** @param {{peerId: string, name: string}} p */
  function viewOf(p) {
    let v = views.get(p.peerId);
    if (v) return v;
    const name = h('bdi.peer-name', { translate: 'no' }, p.name);
    const verdictEl = h('span.stats-verdict', { dataset: { level: 'wait' } }, tr('connecting'));
    const findings = h('ul.findings');
    const bitrateChart = chart(tr('bitrateChart'));
    const rttChart = chart(tr('rttChart'));
    const table = h(
      'table.stats-table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, h('span.sr', null, tr('measure'))),
          h('th', { scope: 'col' }, tr('receiving')),
          h('th', { scope: 'col' }, tr('sending')),
        ),
      ),
      h(
        'tbody',
        null,
        ...[
          [tr('video'), 'video-in', 'video-out'],
          [tr('resolution'), 'res-in', 'res-out'],
          [tr('frameRate'), 'fps-in', 'fps-out'],
          [tr('audio'), 'audio-in', 'audio-out'],
          [tr('loss'), 'loss-in', 'loss-out'],
        ].map(([label, a, b]) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, label),
            h('td', { dataset: { metric: a }, translate: 'no' }, '—'),
            h('td', { dataset: { metric: b }, translate: 'no' }, '—'),
          ),
        ),
      ),
    );
    const el = h(
      'article.peer',
      { dataset: { peerId: p.peerId }, 'aria-label': tr('connectionTo', { name: p.name }) },
      h('header.peer-head', null, name, verdictEl),
      findings,
      h(
        'div.charts',
        null,
        chartBox(
          bitrateChart,
          tr('bitrate'),
          h('span.legend.in', { dataset: { metric: 'total-in' }, translate: 'no' }, '↓ —'),
          h('span.legend.out', { dataset: { metric: 'total-out' }, translate: 'no' }, '↑ —'),
        ),
        chartBox(
          rttChart,
          tr('roundTrip'),
          h('span.legend.rtt', { dataset: { metric: 'rtt' }, translate: 'no' }, '—'),
        ),
      ),
      table,
      h(
        'div.stats-grid',
        null,
        cell(tr('localCandidate'), 'local-candidate', tr('localCandidateTitle')),
        cell(tr('remoteCandidate'), 'remote-candidate', tr('remoteCandidateTitle')),
        cell(tr('protocol'), 'protocol'),
        cell(tr('jitter'), 'jitter', tr('jitterTitle')),
      ),
    );
    /** @type {Record<string, HTMLElement>} */
    const cells = {};
    for (const c of el.querySelectorAll('[data-metric]')) {
      cells[/** @type {HTMLElement} */ (c).dataset.metric ?? ''] = /** @type {HTMLElement} */ (c);
    }
    v = {
      el,
      tracker: new PeerTracker(),
      verdict: verdict(null),
      name,
      verdictEl,
      findings,
      cells,
      charts: { bitrate: bitrateChart, rtt: rttChart },
      gap: false,
    };
    views.set(p.peerId, v);
    return v;
  }

  function syncPeers() {
    const peers = ctx.peers();
    const ids = new Set(peers.map((/** @type {any} */ p) => p.peerId));
    for (const [id, v] of views) {
      if (!ids.has(id)) {
        v.el.remove();
        views.delete(id);
      }
    }
    for (const p of peers) {
      const v = viewOf(p);
      v.name.textContent = p.name;
      v.el.setAttribute('aria-label', tr('connectionTo', { name: p.name }));
      if (!v.el.isConnected) list.appendChild(v.el);
    }
    empty.hidden = peers.length > 0;
  }

  /**
   * @param {PeerView} v
   * @param {Metrics|null} m
   */
  function renderPeer(v, m) {
    const set = (/** @type {string} */ k, /** @type {string} */ text) => {
      const c = v.cells[k];
      if (c && c.textContent !== text) c.textContent = text;
    };
    const fps = (/** @type {number|null} */ f) => (f === null ? '—' : `${Math.round(f)} fps`);
    v.verdictEl.textContent = v.verdict.headline;
    v.verdictEl.dataset.level = v.verdict.level;
    replace(
      v.findings,
      ...v.verdict.findings
        .filter((f) => f.text !== v.verdict.headline)
        .map((f) => h('li', { dataset: { level: f.level } }, f.text)),
    );
    set('total-in', `↓ ${formatBitrate(m?.totalIn ?? null)}`);
    set('total-out', `↑ ${formatBitrate(m?.totalOut ?? null)}`);
    set('rtt', formatMs(m?.rtt ?? null));
    set('video-in', formatBitrate(m?.videoIn ?? null));
    set('video-out', formatBitrate(m?.videoOut ?? null));
    set('res-in', m?.resolutionIn ?? '—');
    set('res-out', m?.resolutionOut ?? '—');
    set('fps-in', fps(m?.fpsIn ?? null));
    set('fps-out', fps(m?.fpsOut ?? null));
    set('audio-in', formatBitrate(m?.audioIn ?? null));
    set('audio-out', formatBitrate(m?.audioOut ?? null));
    set('loss-in', formatPercent(m?.lossIn ?? null));
    set('loss-out', formatPercent(m?.lossOut ?? null));
    set('jitter', formatMs(m?.jitter ?? null));
    const local = m?.local ?? null;
    const remote = m?.remote ?? null;
    set('local-candidate', local?.type || '—');
    set('remote-candidate', remote?.type || '—');
    v.cells['local-candidate'].title = candidateName(local?.type);
    v.cells['remote-candidate'].title = candidateName(remote?.type);
    set('protocol', describePath(local, remote).split(' · ')[1] ?? '—');
    const hist = v.tracker.history;
    draw(
      v.charts.bitrate,
      [
        { values: hist.in, cls: 'line in' },
        { values: hist.out, cls: 'line out' },
      ],
      100_000,
    );
    draw(v.charts.rtt, [{ values: hist.rtt, cls: 'line rtt' }], 50);
  }

  async function poll() {
    if (busy) return;
    busy = true;
    try {
      syncPeers();
      for (const [id, v] of views) {
        const state = ctx.rtc.state(id);
        const report = await ctx.rtc.stats(id).catch(() => null);
        if (!views.has(id)) continue;
        let m = v.tracker.metrics;
        if (report) {
          m = v.tracker.push(report, { gap: v.gap });
          v.gap = false;
        }
        const peer = ctx.peer(id);
        v.verdict = verdict(report ? m : null, {
          connectionState: state?.connectionState ?? null,
          frozenForMs: v.tracker.frozenForMs,
          videoExpected: !!peer?.video && peer.state === 'connected',
        });
        renderPeer(v, report ? m : null);
      }
    } finally {
      busy = false;
    }
  }

  function start() {
    if (timer !== undefined) return;
    timer = setInterval(poll, POLL_MS);
    poll();
  }

  function stop() {
    clearInterval(timer);
    timer = undefined;
    for (const v of views.values()) v.gap = true;
  }

  async function copy() {
    const lines = [`TFX Sessions — connection report, ${new Date().toISOString()}`];
    for (const p of ctx.peers()) {
      const v = views.get(p.peerId);
      lines.push(...reportLines(p.name, v?.tracker.metrics ?? null, v?.verdict ?? verdict(null)));
    }
    if (lines.length === 1) lines.push('Nobody else is in the meeting.');
    try {
      await navigator.clipboard.writeText(lines.join('\n'));
      ctx.ui.notify(tr('copied'));
    } catch {
      ctx.ui.notify(tr('copyFailed'));
    }
  }

  const offs = [
    ctx.on('show', start),
    ctx.on('hide', stop),
    ctx.on('peer-joined', () => syncPeers()),
    ctx.on('peer-left', () => syncPeers()),
    ctx.on('peer-updated', () => syncPeers()),
  ];
  syncPeers();
  if (ctx.visible) start();

  return () => {
    stop();
    offs.forEach((off) => off());
  };
}

/**
 * What a candidate type means, in the page's language ("host (local network)").
 * @param {string|undefined} type
 */
function candidateName(type) {
  return type && Object.hasOwn(CANDIDATE_NAMES, type) ? tr(`candidate.${type}`) : '';
}
