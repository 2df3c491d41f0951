// @ts-check
/**
 * Audio levels: a level meter (with a peak mark) and a spectrum for every participant, a dot
 * that lights while the room counts them as speaking, and the single loudest speaker marked.
 *
 * Nothing is measured here: the room measures every participant once for the whole page
 * (ctx.media.audio, see ui/app/audio-levels.js) and decides who speaks (ui/app/speakers.js), so
 * this pane and the rings in the video grid always agree. The widget only draws, and only while
 * its pane is on screen. It sends nothing to anyone.
 */
import { h, replace, initials } from '../../ui/widgets/kit.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

const BANDS = 28;
/** How fast the peak mark falls, in level units per second. */
const PEAK_FALL_PER_S = 0.6;
/** How long the peak mark holds before falling. */
const PEAK_HOLD_MS = 700;
/** The meter's accessible value is updated this often (screen readers need no 60 Hz). */
const ARIA_EVERY_MS = 250;
/** Meters and spectra are drawn at most this often (30 frames a second is smooth enough). */
const FRAME_MS = 1000 / 30;

/**
 * The peak mark of a meter: jumps up with the level, holds, then falls at a steady rate.
 * @param {{value: number, at: number}} peak
 * @param {number} level
 * @param {number} now ms
 * @returns {{value: number, at: number}}
 */
export function nextPeak(peak, level, now) {
  if (level >= peak.value) return { value: level, at: now };
  const held = now - peak.at;
  if (held <= PEAK_HOLD_MS) return peak;
  const fallen = peak.value - ((held - PEAK_HOLD_MS) / 1000) * PEAK_FALL_PER_S;
  return fallen <= level ? { value: level, at: now } : { value: fallen, at: peak.at };
}

/**
 * @typedef {{id: string, el: HTMLElement, avatar: HTMLElement, name: HTMLElement, state: HTMLElement, meter: HTMLElement, fill: HTMLElement, peakEl: HTMLElement, canvas: HTMLCanvasElement, peak: {value: number, at: number}, ariaAt: number}} Row
 */

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const audio = ctx.media?.audio;
  /** @type {Map<string, Row>} */
  const rows = new Map();
  const list = h('ul.viz-list', { 'aria-label': tr('participants') });
  const note = h('p.viz-note.muted.small', { hidden: true });
  replace(root, h('div.viz', null, h('p.muted.small.viz-intro', null, tr('intro')), note, list));

  /** @param {string} id */
  function createRow(id) {
    const name = h('span.viz-name', { translate: 'no' });
    const state = h('span.viz-state.small');
    const fill = h('div.viz-fill');
    const peakEl = h('div.viz-peak');
    const meter = h(
      'div.viz-meter',
      { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
      fill,
      peakEl,
    );
    const canvas = /** @type {HTMLCanvasElement} */ (
      h('canvas.viz-spectrum', { 'aria-hidden': 'true', height: 44 })
    );
    const avatar = h('span.viz-avatar', { 'aria-hidden': 'true', translate: 'no' });
    const el = h(
      'li.viz-row',
      { dataset: { peerId: id } },
      h('div.viz-head', null, avatar, name, state),
      meter,
      canvas,
    );
    /** @type {Row} */
    const row = {
      id,
      el,
      avatar,
      name,
      state,
      meter,
      fill,
      peakEl,
      canvas,
      peak: { value: 0, at: 0 },
      ariaAt: 0,
    };
    rows.set(id, row);
    sizes.observe(canvas);
    return row;
  }

  /** Rebuilds the list of rows (people came, left, renamed, muted). */
  function renderRows() {
    const people = [
      {
        id: 'local',
        name: ctx.self.name,
        label: tr('you', { name: ctx.self.name }),
        muted: ctx.self.muted,
      },
      ...ctx.peers().map((/** @type {any} */ p) => ({
        id: p.peerId,
        name: p.name,
        label: p.name,
        muted: p.muted,
      })),
    ];
    const ids = new Set(people.map((p) => p.id));
    for (const [id, row] of rows) {
      if (!ids.has(id)) {
        sizes.unobserve(row.canvas);
        row.el.remove();
        rows.delete(id);
      }
    }
    for (const p of people) {
      const row = rows.get(p.id) ?? createRow(p.id);
      row.name.textContent = p.label;
      row.avatar.textContent = initials(p.name);
      row.meter.setAttribute('aria-label', tr('levelOf', { name: p.label }));
      row.el.classList.toggle('muted', p.muted);
      list.appendChild(row.el);
    }
  }

  /** The bands each canvas last showed: a resize clears a canvas, and it is painted again at once. */
  const shown = new WeakMap();
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) {
      const c = /** @type {HTMLCanvasElement} */ (e.target);
      const dpr = globalThis.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(e.contentRect.width * dpr));
      const hgt = Math.max(1, Math.round(e.contentRect.height * dpr));
      // Assigning a canvas's size clears it even when the value is the same.
      if (c.width === w && c.height === hgt) continue;
      c.width = w;
      c.height = hgt;
      paintSpectrum(c, shown.get(c) ?? null);
    }
  });

  let frame = 0;
  let drawnAt = 0;
  /**
   * Sets a property only when it changes: every write costs a style recalculation.
   * @param {HTMLElement} el
   * @param {'clipPath'|'transform'} prop
   * @param {string} value
   */
  const setStyle = (el, prop, value) => {
    if (el.style[prop] !== value) el.style[prop] = value;
  };
  function draw() {
    frame = 0;
    if (!audio) return;
    const now = performance.now();
    if (now - drawnAt < FRAME_MS - 2) {
      if (ctx.visible) frame = requestAnimationFrame(draw);
      return;
    }
    drawnAt = now;
    const dominant = audio.dominant();
    let measured = 0;
    for (const row of rows.values()) {
      const spectrum = audio.spectrum(row.id, BANDS);
      if (spectrum) measured++;
      const level = spectrum ? audio.level(row.id) : 0;
      row.peak = nextPeak(row.peak, level, now);
      setStyle(row.fill, 'clipPath', `inset(0px ${((1 - level) * 100).toFixed(1)}% 0px 0px)`);
      setStyle(row.peakEl, 'transform', `translateX(${(row.peak.value * 100).toFixed(1)}%)`);
      const speaking = audio.speaking(row.id);
      row.el.classList.toggle('speaking', speaking);
      row.el.classList.toggle('dominant', dominant === row.id);
      row.el.classList.toggle('no-audio', !spectrum);
      const muted = row.el.classList.contains('muted');
      const state = !spectrum
        ? tr('noAudio')
        : muted
          ? tr('muted')
          : dominant === row.id
            ? tr('loudest')
            : speaking
              ? tr('speaking')
              : '';
      if (row.state.textContent !== state) row.state.textContent = state;
      if (now - row.ariaAt >= ARIA_EVERY_MS) {
        row.ariaAt = now;
        row.meter.setAttribute('aria-valuenow', String(Math.round(level * 100)));
      }
      paintSpectrum(row.canvas, spectrum);
    }
    const waiting = audio.state() === 'suspended';
    note.hidden = !waiting && measured > 0;
    const why = waiting ? tr('suspended') : tr('nothingYet');
    if (note.textContent !== why) note.textContent = why;
    if (ctx.visible) frame = requestAnimationFrame(draw);
  }

  /** @type {{a: string, b: string}|null} */
  let colours = null;
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Float32Array|null} bands
   */
  function paintSpectrum(canvas, bands) {
    const g = canvas.getContext('2d');
    if (!g) return;
    shown.set(canvas, bands);
    const { width: w, height: hgt } = canvas;
    g.clearRect(0, 0, w, hgt);
    if (!bands) return;
    if (!colours) {
      const css = getComputedStyle(root);
      colours = {
        a: css.getPropertyValue('--w-ok').trim() || '#3ccf8e',
        b: css.getPropertyValue('--w-accent').trim() || '#7b86ff',
      };
    }
    const grad = g.createLinearGradient(0, hgt, 0, 0);
    grad.addColorStop(0, colours.b);
    grad.addColorStop(1, colours.a);
    g.fillStyle = grad;
    const gap = Math.max(1, Math.round(w / bands.length / 6));
    const bw = (w - gap * (bands.length - 1)) / bands.length;
    for (let i = 0; i < bands.length; i++) {
      const bh = Math.max(1, bands[i] * hgt);
      g.fillRect(i * (bw + gap), hgt - bh, bw, bh);
    }
  }

  const start = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  const stop = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  };

  if (!audio) {
    replace(root, h('p.muted', null, tr('unavailable')));
    return () => {};
  }
  renderRows();
  const offs = [
    ctx.on('peer-joined', renderRows),
    ctx.on('peer-left', renderRows),
    ctx.on('peer-updated', renderRows),
    ctx.on('show', () => (renderRows(), start())),
    ctx.on('hide', stop),
  ];
  // Our own mute button is not a peer event: look at it a few times a second.
  const selfTimer = setInterval(() => {
    const row = rows.get('local');
    if (row && row.el.classList.contains('muted') !== ctx.self.muted) renderRows();
  }, 300);
  if (ctx.visible) start();

  return () => {
    stop();
    clearInterval(selfTimer);
    sizes.disconnect();
    offs.forEach((off) => off());
  };
}
