// @ts-check
/**
 * Draw: a shared whiteboard. Finished strokes live in the replicated list "strokes" (late
 * joiners and reloaded pages get them from the others); the stroke being drawn is streamed as
 * plain messages every 50 ms so that the others watch it appear. The eraser removes whole
 * strokes; undo takes back this participant's own last action; clear empties the board for
 * everyone. Message and state formats: README.md in this folder.
 */
import { h, pathIcon, replace } from '../../ui/widgets/kit.js';
import {
  BOARD_W,
  BOARD_H,
  MAX_POINTS,
  decodePoints,
  encodePoints,
  fitStroke,
  isColour,
  isKey,
  isWidth,
  newKey,
  readStroke,
  strokeValue,
  toBoard,
  touches,
} from './stroke.js';
import { paintBoard, paintStroke } from './render.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

const LIST = 'strokes';
/** How often the stroke being drawn is sent to the others. */
export const LIVE_EVERY_MS = 50;
/** A stroke being drawn by someone who went quiet this long is dropped from the screen. */
const LIVE_STALE_MS = 15_000;
/** After its last part, a stroke stays on the live layer until it is stored, at most this long. */
const ENDED_GRACE_MS = 5_000;
/** Width of the exported PNG (the height follows the board's 4:3). */
export const EXPORT_WIDTH = 2400;

export const PALETTE = Object.freeze([
  { name: 'Black', color: '#1f2430' },
  { name: 'Red', color: '#e5484d' },
  { name: 'Orange', color: '#f76b15' },
  { name: 'Yellow', color: '#e2a400' },
  { name: 'Green', color: '#2f9e62' },
  { name: 'Blue', color: '#0b7fe6' },
  { name: 'Purple', color: '#8e4ec6' },
]);
export const WIDTHS = Object.freeze([
  { name: 'Fine', width: 20 },
  { name: 'Medium', width: 48 },
  { name: 'Bold', width: 110 },
]);

const ICONS = {
  pen: 'M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z',
  eraser:
    'M16.24 3.56l4.95 4.95c.78.79.78 2.05 0 2.84L12 20.53a4 4 0 0 1-5.66 0L2.81 17c-.78-.79-.78-2.05 0-2.84l10.6-10.6c.79-.78 2.05-.78 2.83 0zM4.22 15.58l3.54 3.53c.78.79 2.04.79 2.83 0l3.53-3.53-4.95-4.95-4.95 4.95z',
  undo: 'M12.5 8c-2.65 0-5.05.99-6.9 2.6L2 7v9h9l-3.62-3.62A7.98 7.98 0 0 1 20.1 16l2.37-.78A10.5 10.5 0 0 0 12.5 8z',
  clear: 'M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z',
  download: 'M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z',
};

/** @param {keyof typeof ICONS} name */
const svgIcon = (name) => pathIcon(ICONS[name], 'draw-icon');

/**
 * @typedef {import('./stroke.js').Point} Point
 * @typedef {import('./stroke.js').Stroke} Stroke
 * @typedef {{from: string, color: string, width: number, pressure: boolean, points: Point[], seen: number, ended: number}} LiveStroke
 * @typedef {{pointerId: number, key: string, group: string|null, color: string, width: number, pressure: boolean, points: Point[], sent: number, ids: string[]}} Drawing
 * @typedef {{pointerId: number, last: Point, erased: unknown[]}} Erasing
 * @typedef {{kind: 'draw', ids: string[]} | {kind: 'restore', values: unknown[]}} UndoStep
 */

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  let tool = /** @type {'pen'|'eraser'} */ ('pen');
  let color = PALETTE[0].color;
  let width = WIDTHS[1].width;

  /** @type {Array<{id: string, author: string, value: unknown, stroke: Stroke}>} committed, in order */
  let strokes = [];
  /** @type {string[]} ids painted on the base canvas, in order */
  let painted = [];
  /** @type {Map<string, LiveStroke>} others' strokes being drawn, by `${peerId}/${key}` */
  const live = new Map();
  /** @type {Drawing|null} */
  let drawing = null;
  /** @type {Erasing|null} */
  let erasing = null;
  /** @type {Point|null} where the eraser hovers */
  let hover = null;
  /** @type {UndoStep[]} */
  const undoSteps = [];
  let cssWidth = 0;
  let dpr = 1;
  let liveFrame = 0;
  let baseFrame = 0;

  // ---- DOM ----
  const toolButton = (/** @type {'pen'|'eraser'} */ t, /** @type {string} */ label) =>
    h(
      'button.draw-tool',
      {
        type: 'button',
        'aria-label': label,
        title: tr('toolKey', { tool: label, key: t === 'pen' ? 'P' : 'E' }),
        'aria-pressed': String(t === tool),
        dataset: { tool: t },
        onclick: () => setTool(t),
      },
      svgIcon(t),
    );
  const penBtn = toolButton('pen', tr('pen'));
  const eraserBtn = toolButton('eraser', tr('eraser'));

  const swatches = PALETTE.map((p) =>
    h('button.draw-swatch', {
      type: 'button',
      'aria-label': tr(`colour.${p.name.toLowerCase()}`),
      title: tr(`colour.${p.name.toLowerCase()}`),
      'aria-pressed': String(p.color === color),
      dataset: { color: p.color },
      style: { backgroundColor: p.color },
      onclick: () => setColour(p.color),
    }),
  );
  const custom = /** @type {HTMLInputElement} */ (
    h('input.draw-custom', {
      type: 'color',
      value: '#ff4fa3',
      'aria-label': tr('custom'),
      title: tr('custom'),
      oninput: () => setColour(custom.value.toLowerCase()),
    })
  );
  const widthButtons = WIDTHS.map((w) =>
    h(
      'button.draw-width',
      {
        type: 'button',
        'aria-label': tr(`width.${w.name.toLowerCase()}`),
        title: tr(`width.${w.name.toLowerCase()}`),
        'aria-pressed': String(w.width === width),
        dataset: { width: String(w.width) },
        onclick: () => setWidth(w.width),
      },
      h('span.draw-width-dot', {
        style: { width: `${4 + w.width / 10}px`, height: `${4 + w.width / 10}px` },
      }),
    ),
  );
  const undoBtn = h(
    'button.draw-undo',
    {
      type: 'button',
      'aria-label': tr('undo'),
      title: tr('undoTitle'),
      onclick: () => undo(),
    },
    svgIcon('undo'),
  );
  const clearBtn = h(
    'button.draw-clear.danger',
    {
      type: 'button',
      'aria-label': tr('clearAll'),
      title: tr('clearAll'),
      onclick: () => askClear(),
    },
    svgIcon('clear'),
  );
  const exportBtn = h(
    'button.draw-export',
    {
      type: 'button',
      'aria-label': tr('export'),
      title: tr('export'),
      onclick: () => exportPng(),
    },
    svgIcon('download'),
  );
  const tools = h(
    'div.draw-tools',
    { role: 'toolbar', 'aria-label': tr('tools') },
    h('div.draw-group', null, penBtn, eraserBtn),
    h(
      'div.draw-group.draw-colours',
      { role: 'group', 'aria-label': tr('colour') },
      swatches,
      custom,
    ),
    h('div.draw-group', { role: 'group', 'aria-label': tr('lineWidth') }, widthButtons),
    h('div.draw-group.draw-actions', null, undoBtn, clearBtn, exportBtn),
  );

  const confirmNo = h(
    'button.draw-confirm-no',
    { type: 'button', onclick: () => closeClear() },
    tr('cancel'),
  );
  const confirmYes = h(
    'button.danger.draw-confirm-yes',
    { type: 'button', onclick: () => clearBoard() },
    tr('clearBoard'),
  );
  const confirm = h(
    'div.draw-confirm',
    {
      role: 'alertdialog',
      'aria-label': tr('clearDialog'),
      hidden: true,
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Escape') closeClear();
      },
    },
    h('span.grow', null, tr('clearQuestion')),
    confirmNo,
    confirmYes,
  );

  const base = /** @type {HTMLCanvasElement} */ (h('canvas.draw-base', { 'aria-hidden': 'true' }));
  const top = /** @type {HTMLCanvasElement} */ (
    h('canvas.draw-live', {
      tabindex: 0,
      role: 'img',
      'aria-label': tr('whiteboard'),
    })
  );
  const board = h('div.draw-board', null, base, top);
  const status = h('p.draw-status.muted.small', { 'aria-live': 'polite' });
  const stage = h('div.draw-stage', null, board, status);
  replace(root, h('div.draw', null, tools, confirm, stage));

  const baseG = /** @type {CanvasRenderingContext2D} */ (base.getContext('2d'));
  const topG = /** @type {CanvasRenderingContext2D} */ (top.getContext('2d'));

  // ---- tools ----
  /** @param {'pen'|'eraser'} t */
  function setTool(t) {
    tool = t;
    penBtn.setAttribute('aria-pressed', String(t === 'pen'));
    eraserBtn.setAttribute('aria-pressed', String(t === 'eraser'));
    board.classList.toggle('erasing', t === 'eraser');
    hover = null;
    scheduleLive();
  }
  /** @param {string} c */
  function setColour(c) {
    if (!isColour(c)) return;
    color = c;
    for (const s of swatches) s.setAttribute('aria-pressed', String(s.dataset.color === c));
    custom.classList.toggle('active', !PALETTE.some((p) => p.color === c));
    setTool('pen');
  }
  /** @param {number} w */
  function setWidth(w) {
    width = w;
    for (const b of widthButtons)
      b.setAttribute('aria-pressed', String(Number(b.dataset.width) === w));
  }
  const eraserRadius = () => Math.max(36, width);

  // ---- committed strokes ----
  /** @type {Map<string, Stroke|null>} decoded strokes by item id (items never change) */
  let decoded = new Map();
  function readList() {
    const next = new Map();
    strokes = [];
    for (const item of ctx.state.list(LIST)) {
      const stroke = decoded.has(item.id) ? decoded.get(item.id) : readStroke(item.value);
      next.set(item.id, stroke ?? null);
      if (stroke) strokes.push({ id: item.id, author: item.author, value: item.value, stroke });
    }
    decoded = next;
  }

  /** Paints the stored strokes at the next frame (an eraser stroke may remove many at once). */
  function scheduleBase() {
    if (!baseFrame) {
      baseFrame = requestAnimationFrame(() => {
        baseFrame = 0;
        paintBase();
      });
    }
  }

  /** Paints what changed: new strokes on top when only some were added at the end, else all. */
  function paintBase(full = false) {
    if (!cssWidth) return;
    const k = (cssWidth * dpr) / BOARD_W;
    const appendOnly =
      !full && painted.length <= strokes.length && painted.every((id, i) => strokes[i].id === id);
    if (appendOnly) {
      baseG.setTransform(1, 0, 0, 1, 0, 0);
      for (let i = painted.length; i < strokes.length; i++)
        paintStroke(baseG, strokes[i].stroke, k);
    } else {
      paintBoard(
        baseG,
        strokes.map((s) => s.stroke),
        base.width,
        base.height,
        k,
      );
    }
    painted = strokes.map((s) => s.id);
  }

  // ---- the live layer: strokes being drawn (ours and others'), the eraser ----
  function scheduleLive() {
    if (!liveFrame) liveFrame = requestAnimationFrame(paintLive);
  }
  function paintLive() {
    liveFrame = 0;
    if (!cssWidth) return;
    const k = (cssWidth * dpr) / BOARD_W;
    topG.setTransform(1, 0, 0, 1, 0, 0);
    topG.clearRect(0, 0, top.width, top.height);
    for (const s of live.values()) paintStroke(topG, s, k);
    if (drawing) paintStroke(topG, drawing, k);
    if (tool === 'eraser' && hover) {
      topG.beginPath();
      topG.arc(hover.x * k, hover.y * k, eraserRadius() * k, 0, Math.PI * 2);
      topG.lineWidth = Math.max(1, dpr);
      topG.strokeStyle = 'rgba(31, 36, 48, 0.55)';
      topG.fillStyle = 'rgba(123, 134, 255, 0.12)';
      topG.fill();
      topG.stroke();
    }
  }

  function renderStatus() {
    const names = new Set();
    for (const s of live.values()) names.add(ctx.peer(s.from)?.name ?? tr('someone'));
    const n = strokes.length;
    const count = n === 0 ? tr('empty') : tr('strokes', { n });
    const who = [...names];
    status.textContent =
      who.length === 0
        ? count
        : who.length === 1
          ? tr('drawingOne', { count, name: who[0] })
          : tr('drawingMany', { count, names: who.join(', ') });
    top.setAttribute('aria-label', tr('boardLabel', { count }));
    undoBtn.toggleAttribute('disabled', !canUndo());
  }

  // ---- sizing: the board keeps 4:3 and fills the dock's width or height ----
  function resize() {
    const w = stage.clientWidth;
    // The status line sits under the board.
    const hgt = stage.clientHeight - status.offsetHeight - 6;
    if (w === 0 || hgt === 0) return;
    const cw = Math.floor(Math.min(w, (hgt * BOARD_W) / BOARD_H));
    const ch = Math.floor((cw * BOARD_H) / BOARD_W);
    const ratio = globalThis.devicePixelRatio || 1;
    if (cw === cssWidth && ratio === dpr) return;
    cssWidth = cw;
    dpr = ratio;
    board.style.width = `${cw}px`;
    board.style.height = `${ch}px`;
    for (const c of [base, top]) {
      c.width = Math.round(cw * dpr);
      c.height = Math.round(ch * dpr);
    }
    paintBase(true);
    paintLive();
  }
  const observer = new ResizeObserver(() => resize());
  observer.observe(stage);

  // ---- drawing ----
  /** @param {PointerEvent} e */
  function pointOf(e) {
    const r = top.getBoundingClientRect();
    const pressure = e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : undefined;
    return toBoard(e.clientX - r.left, e.clientY - r.top, r.width || 1, pressure);
  }

  /** @param {PointerEvent} e */
  function onDown(e) {
    if (drawing || erasing) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    top.focus({ preventScroll: true });
    top.setPointerCapture(e.pointerId);
    const pt = pointOf(e);
    if (tool === 'eraser') {
      erasing = { pointerId: e.pointerId, last: pt, erased: [] };
      hover = pt;
      eraseAlong(pt, pt);
      scheduleLive();
      return;
    }
    drawing = {
      pointerId: e.pointerId,
      key: newKey(),
      group: null,
      color,
      width,
      pressure: e.pointerType === 'pen',
      points: [pt],
      sent: 0,
      ids: [],
    };
    sendLive();
    scheduleLive();
  }

  /** @param {PointerEvent} e */
  function onMove(e) {
    if (erasing && e.pointerId === erasing.pointerId) {
      for (const ev of coalesced(e)) {
        const pt = pointOf(ev);
        eraseAlong(erasing.last, pt);
        erasing.last = pt;
      }
      hover = erasing.last;
      scheduleLive();
      return;
    }
    if (!drawing || e.pointerId !== drawing.pointerId) {
      if (tool === 'eraser' && e.pointerType !== 'touch') {
        hover = pointOf(e);
        scheduleLive();
      }
      return;
    }
    // Points closer than half a device pixel add nothing.
    const minStep = (0.5 * BOARD_W) / Math.max(1, cssWidth * dpr);
    for (const ev of coalesced(e)) {
      const pt = pointOf(ev);
      const last = drawing.points[drawing.points.length - 1];
      if (Math.hypot(pt.x - last.x, pt.y - last.y) < minStep && pt.p === last.p) continue;
      drawing.points.push(pt);
      if (drawing.points.length >= MAX_POINTS) splitDrawing();
    }
    scheduleLive();
  }

  /** @param {PointerEvent} e */
  function onUp(e) {
    if (erasing && e.pointerId === erasing.pointerId) {
      if (erasing.erased.length) pushUndo({ kind: 'restore', values: erasing.erased });
      erasing = null;
      if (e.pointerType === 'touch') hover = null;
      scheduleLive();
      renderStatus();
      return;
    }
    if (!drawing || e.pointerId !== drawing.pointerId) return;
    sendLive();
    commitDrawing();
    const d = drawing;
    drawing = null;
    if (d.ids.length) pushUndo({ kind: 'draw', ids: d.ids });
    broadcast({ t: 'end', key: d.key });
    scheduleLive();
  }

  /** @param {PointerEvent} e */
  function coalesced(e) {
    const list = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    return list.length ? list : [e];
  }

  /** Stores the stroke drawn so far as one part. */
  function commitDrawing() {
    const d = /** @type {Drawing} */ (drawing);
    const value = strokeValue({
      key: d.key,
      color: d.color,
      width: d.width,
      pressure: d.pressure,
      points: fitStroke(d.points),
      group: d.group ?? undefined,
    });
    try {
      d.ids.push(ctx.state.append(LIST, value));
    } catch (err) {
      ctx.ui.notify(tr('saveFailed', { reason: String(/** @type {any} */ (err)?.message ?? err) }));
    }
  }

  /** A long stroke: store what we have and go on in a new part of the same group. */
  function splitDrawing() {
    const d = /** @type {Drawing} */ (drawing);
    d.group ??= d.key;
    sendLive();
    commitDrawing();
    broadcast({ t: 'end', key: d.key });
    const last = d.points[d.points.length - 1];
    d.key = newKey();
    d.points = [last];
    d.sent = 0;
  }

  /** Sends the points drawn since the last batch. */
  function sendLive() {
    const d = drawing;
    if (!d || d.points.length <= d.sent) return;
    /** @type {Record<string, unknown>} */
    const msg = {
      t: 'live',
      key: d.key,
      color: d.color,
      width: d.width,
      at: d.sent,
      points: encodePoints(d.points.slice(d.sent), d.pressure),
    };
    if (d.pressure) msg.pressure = 1;
    d.sent = d.points.length;
    broadcast(msg);
  }
  const liveTimer = setInterval(sendLive, LIVE_EVERY_MS);

  /** @param {unknown} msg */
  function broadcast(msg) {
    if (ctx.peers().length === 0) return;
    try {
      ctx.broadcast(msg);
    } catch (err) {
      console.warn('draw: could not send', err);
    }
  }

  /**
   * Removes every stroke the eraser touches between two points.
   * @param {Point} a
   * @param {Point} b
   */
  function eraseAlong(a, b) {
    const r = eraserRadius();
    const hit = strokes.filter((s) => touches(s.stroke, a, b, r));
    for (const s of hit) {
      erasing?.erased.push(s.value);
      ctx.state.remove(s.id);
    }
  }

  // ---- undo, clear ----
  /** @param {UndoStep} step */
  function pushUndo(step) {
    undoSteps.push(step);
    if (undoSteps.length > 200) undoSteps.shift();
    renderStatus();
  }

  /** Our strokes still on the board, newest last. */
  const mine = () => strokes.filter((s) => s.author === ctx.self.peerId);

  function canUndo() {
    return undoSteps.length > 0 || mine().length > 0;
  }

  /**
   * Takes back our last action: a stroke we drew (all parts of it), strokes we erased, or a
   * clear we made. With nothing remembered (after a reload), our newest stroke on the board.
   */
  function undo() {
    while (undoSteps.length) {
      const step = /** @type {UndoStep} */ (undoSteps.pop());
      if (step.kind === 'restore') {
        for (const v of step.values) ctx.state.append(LIST, v);
        renderStatus();
        return;
      }
      const present = strokes.filter((s) => step.ids.includes(s.id));
      if (present.length) {
        for (const s of present) ctx.state.remove(s.id);
        renderStatus();
        return;
      }
      // That stroke is gone already (erased or cleared): undo the step before it.
    }
    const own = mine();
    const last = own[own.length - 1];
    if (!last) return;
    const group = last.stroke.group;
    for (const s of group ? own.filter((x) => x.stroke.group === group) : [last]) {
      ctx.state.remove(s.id);
    }
    renderStatus();
  }

  function askClear() {
    if (strokes.length === 0) return;
    confirm.hidden = false;
    tools.hidden = true;
    confirmNo.focus();
  }
  function closeClear() {
    confirm.hidden = true;
    tools.hidden = false;
    clearBtn.focus();
  }
  function clearBoard() {
    const values = strokes.map((s) => s.value);
    ctx.state.clear(LIST);
    if (values.length) pushUndo({ kind: 'restore', values });
    closeClear();
  }

  // ---- export ----
  function exportPng() {
    const canvas = document.createElement('canvas');
    canvas.width = EXPORT_WIDTH;
    canvas.height = Math.round((EXPORT_WIDTH * BOARD_H) / BOARD_W);
    const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    paintBoard(
      g,
      strokes.map((s) => s.stroke),
      canvas.width,
      canvas.height,
      EXPORT_WIDTH / BOARD_W,
    );
    canvas.toBlob((blob) => {
      if (!blob) {
        ctx.ui.notify(tr('exportFailed'));
        return;
      }
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: exportName(), hidden: true });
      root.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, 'image/png');
  }

  // ---- messages from the others: strokes being drawn ----
  /** @param {{from: string, payload: any}} e */
  function onMessage(e) {
    const m = e.payload;
    if (!m || typeof m !== 'object') return;
    if (!isKey(m.key)) return;
    const id = `${e.from}/${m.key}`;
    if (m.t === 'end') {
      const s = live.get(id);
      if (s) s.ended = Date.now();
      return;
    }
    if (m.t !== 'live' || !isColour(m.color) || !isWidth(m.width)) return;
    if (!Number.isSafeInteger(m.at) || m.at < 0 || m.at > MAX_POINTS) return;
    if (strokes.some((s) => s.author === e.from && s.stroke.key === m.key)) return;
    const pts = decodePoints(m.points, m.pressure === 1);
    if (!pts) return;
    let s = live.get(id);
    if (!s) {
      s = {
        from: e.from,
        color: m.color,
        width: m.width,
        pressure: m.pressure === 1,
        points: [],
        seen: 0,
        ended: 0,
      };
      live.set(id, s);
    }
    if (m.at < s.points.length) s.points.length = m.at;
    s.points.push(...pts.slice(0, MAX_POINTS + 1 - s.points.length));
    s.seen = Date.now();
    scheduleLive();
    renderStatus();
  }

  const sweeper = setInterval(() => {
    const now = Date.now();
    let changed = false;
    for (const [id, s] of live) {
      if (now - s.seen > LIVE_STALE_MS || (s.ended && now - s.ended > ENDED_GRACE_MS)) {
        live.delete(id);
        changed = true;
      }
    }
    if (changed) {
      scheduleLive();
      renderStatus();
    }
  }, 1000);

  /** @param {{lists: string[], local: boolean}} e */
  function onState(e) {
    if (!e.lists.includes(LIST)) return;
    const before = new Set(strokes.map((s) => s.id));
    readList();
    let fresh = 0;
    for (const s of strokes) {
      if (before.has(s.id)) continue;
      // The stroke is stored: it leaves the live layer.
      if (live.delete(`${s.author}/${s.stroke.key}`)) scheduleLive();
      if (s.author !== ctx.self.peerId) fresh++;
    }
    scheduleBase();
    renderStatus();
    if (!e.local && fresh > 0 && !ctx.visible) ctx.ui.setBadge('•');
  }

  /** @param {KeyboardEvent} e */
  function onKey(e) {
    if (e.target instanceof HTMLInputElement) return;
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      undo();
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && confirm.hidden) {
      if (e.key === 'p' || e.key === 'P') setTool('pen');
      else if (e.key === 'e' || e.key === 'E') setTool('eraser');
    }
  }

  top.addEventListener('pointerdown', onDown);
  top.addEventListener('pointermove', onMove);
  top.addEventListener('pointerup', onUp);
  top.addEventListener('pointercancel', onUp);
  top.addEventListener('pointerleave', () => {
    if (!erasing && hover) {
      hover = null;
      scheduleLive();
    }
  });
  root.addEventListener('keydown', onKey);

  const offs = [
    ctx.state.on(onState),
    ctx.on('message', onMessage),
    ctx.on('peer-left', (/** @type {{peerId: string}} */ e) => {
      for (const [id, s] of live) if (s.from === e.peerId) live.delete(id);
      scheduleLive();
      renderStatus();
    }),
    ctx.on('show', () => {
      ctx.ui.setBadge(null);
      resize();
    }),
  ];

  readList();
  resize();
  renderStatus();

  return () => {
    offs.forEach((off) => off());
    observer.disconnect();
    clearInterval(liveTimer);
    clearInterval(sweeper);
    if (liveFrame) cancelAnimationFrame(liveFrame);
    if (baseFrame) cancelAnimationFrame(baseFrame);
    root.removeEventListener('keydown', onKey);
  };
}

/** @returns {string} e.g. whiteboard-2026-11-30-1405.png */
function exportName() {
  const d = new Date();
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `whiteboard-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.png`;
}
