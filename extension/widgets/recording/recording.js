// @ts-check
/**
 * Recording: records the whole call on this device — every camera (or initial) with names,
 * screen shares larger, every voice and screen sound mixed — into a WebM file that downloads
 * when the recording stops. Nothing goes to the server.
 *
 * Everyone sees who records: the recorder writes `rec:<peerId>` = {name, since} into the
 * widget's shared state, and every copy (the widget runs in the background for everyone)
 * turns the entries into the room's "● Recording by …" pill (see indicator.js for what counts).
 */
import { h, replace } from '../../ui/widgets/kit.js';
import { CallRecorder, QUALITIES, pickMimeType } from './recorder.js';
import { KEY_PREFIX, activeRecorders, indicatorText, clock, listNames } from './indicator.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

/** @param {number} n bytes */
export function formatBytes(n) {
  if (n < 1024 * 1024) return `${Math.max(0, Math.round(n / 1024))} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * @param {string} roomId
 * @param {Date} when
 * @returns {string} e.g. tfx-recording-2026-11-30-1405-AbCd1234.webm
 */
export function fileName(roomId, when) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}-${p(when.getMonth() + 1)}-${p(when.getDate())}-${p(when.getHours())}${p(when.getMinutes())}${p(when.getSeconds())}`;
  const room = String(roomId)
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 32);
  return `tfx-recording-${stamp}${room ? `-${room}` : ''}.webm`;
}

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const myKey = () => KEY_PREFIX + ctx.self.peerId;
  /** @type {CallRecorder|null} */
  let rec = null;
  /** @type {Set<string>} recorders we already told the participant about */
  let known = new Set();
  /** @type {Array<{url: string, name: string, durationMs: number, size: number, at: number}>} */
  const saved = [];
  const supported = pickMimeType() !== null;

  // ---- what the widget records ----

  /** @returns {import('./compositor.js').Source[]} */
  function sources() {
    const local = ctx.media.local();
    const audio = local?.getAudioTracks()[0];
    const video = local?.getVideoTracks()[0];
    /** @type {import('./compositor.js').Source[]} */
    const list = [
      {
        key: 'cam:self',
        kind: 'camera',
        name: ctx.self.name,
        stream: local,
        videoOn: !!video && video.enabled,
        muted: !audio || !audio.enabled,
      },
    ];
    for (const p of ctx.peers()) {
      list.push({
        key: `cam:${p.peerId}`,
        kind: 'camera',
        name: p.name,
        stream: ctx.media.remote(p.peerId),
        videoOn: p.video,
        muted: p.muted,
      });
    }
    for (const s of ctx.media.screens()) {
      const who = s.local ? ctx.self.name : (ctx.peer(s.peerId)?.name ?? tr('someone'));
      list.push({
        key: `screen:${s.streamId}`,
        kind: 'screen',
        name: tr('screenOf', { name: who }),
        stream: s.stream,
        videoOn: true,
        muted: false,
      });
    }
    return list;
  }

  // ---- UI ----

  const status = h('p.rec-status', { role: 'status', 'aria-live': 'polite' });
  const quality = /** @type {HTMLSelectElement} */ (
    h(
      'select.rec-quality',
      { id: 'rec-quality' },
      ...Object.keys(QUALITIES).map((q) => h('option', { value: q }, q)),
    )
  );
  const startBtn = /** @type {HTMLButtonElement} */ (
    h(
      'button.primary.rec-start',
      { type: 'button', disabled: !supported, onclick: () => start() },
      h('span.rec-dot', { 'aria-hidden': 'true' }),
      tr('start'),
    )
  );
  const idle = h(
    'div.rec-idle',
    null,
    startBtn,
    h('label.row.small.muted', { for: 'rec-quality' }, tr('quality'), quality),
  );
  const time = h('span.rec-time', null, '0:00');
  const size = h('span.rec-size.muted.small');
  const pauseBtn = /** @type {HTMLButtonElement} */ (
    h('button.rec-pause', { type: 'button', onclick: () => togglePause() }, tr('pause'))
  );
  const stopBtn = h(
    'button.danger.rec-stop',
    { type: 'button', onclick: () => stop() },
    tr('stop'),
  );
  const live = h(
    'div.rec-live',
    { hidden: true },
    h('div.row', null, h('span.rec-dot.on', { 'aria-hidden': 'true' }), time, h('span.grow'), size),
    h('div.row', null, pauseBtn, stopBtn),
  );
  const preview = h('div.rec-preview', { hidden: true });
  const list = h('ul.rec-list');
  const listHead = h('h3.rec-list-head', { hidden: true }, tr('recordings'));
  replace(
    root,
    h(
      'div.rec',
      null,
      status,
      preview,
      idle,
      live,
      h('p.small.muted.rec-note', null, supported ? tr('note') : tr('unsupported')),
      listHead,
      list,
    ),
  );

  // ---- recording ----

  function start() {
    if (rec) return;
    try {
      rec = new CallRecorder({
        sources,
        quality: /** @type {keyof typeof QUALITIES} */ (quality.value),
      });
      rec.start();
    } catch (err) {
      rec = null;
      ctx.ui.notify(
        tr('startFailed', { reason: String(/** @type {any} */ (err)?.message ?? err) }),
      );
      return;
    }
    rec.canvas.classList.add('rec-canvas');
    rec.canvas.setAttribute('aria-label', tr('canvas'));
    replace(preview, rec.canvas);
    ctx.state.set(myKey(), { name: ctx.self.name, since: Date.now() });
    window.addEventListener('beforeunload', warnLeaving);
    render();
  }

  function togglePause() {
    if (!rec) return;
    if (rec.state === 'paused') rec.resume();
    else rec.pause();
    render();
  }

  /** Stops and downloads the file. */
  async function stop() {
    const r = rec;
    if (!r) return;
    rec = null;
    window.removeEventListener('beforeunload', warnLeaving);
    ctx.state.set(myKey(), null);
    stopBtn.setAttribute('disabled', '');
    render();
    try {
      const { blob, durationMs } = await r.stop();
      const item = {
        url: URL.createObjectURL(blob),
        name: fileName(ctx.roomId, new Date()),
        durationMs,
        size: blob.size,
        at: Date.now(),
      };
      saved.unshift(item);
      download(item);
      renderList();
    } catch (err) {
      ctx.ui.notify(tr('saveFailed', { reason: String(/** @type {any} */ (err)?.message) }));
    } finally {
      stopBtn.removeAttribute('disabled');
      render();
    }
  }

  /** @param {{url: string, name: string}} item */
  function download(item) {
    const a = /** @type {HTMLAnchorElement} */ (h('a', { href: item.url, download: item.name }));
    a.click();
  }

  /** @param {BeforeUnloadEvent} e */
  function warnLeaving(e) {
    e.preventDefault();
    e.returnValue = '';
  }

  function onPageHide() {
    if (!rec) return;
    rec.abort();
    rec = null;
    // Tell the others before the page goes (best effort; a reload clears it again at start).
    ctx.state.set(myKey(), null);
  }
  window.addEventListener('pagehide', onPageHide);

  // ---- rendering ----

  function recorders() {
    const entries = ctx.state
      .keys()
      .filter((/** @type {string} */ k) => k.startsWith(KEY_PREFIX))
      .map((/** @type {string} */ key) => ({ key, ...ctx.state.entry(key) }));
    return activeRecorders(entries, {
      selfId: ctx.self.peerId,
      present: (/** @type {string} */ id) => !!ctx.peer(id),
      nameOf: (/** @type {string} */ id) =>
        id === ctx.self.peerId ? ctx.self.name : ctx.peer(id)?.name,
    });
  }

  function render() {
    // Our own entry without a recorder on this page is left over (a reload): take it back.
    if (!rec && ctx.state.get(myKey()) !== undefined) ctx.state.set(myKey(), null);
    const all = recorders();
    ctx.ui.indicator(indicatorText(all, rec?.elapsedMs ?? 0));
    const others = all.filter((r) => !r.self);
    for (const r of others) {
      if (!known.has(r.peerId)) ctx.ui.notify(tr('started', { name: r.name }));
    }
    known = new Set(others.map((r) => r.peerId));
    status.textContent = rec
      ? rec.state === 'paused'
        ? tr('paused')
        : tr('youRecord')
      : others.length
        ? tr('othersRecord', { n: others.length, names: listNames(others.map((r) => r.name)) })
        : tr('nobody');
    idle.hidden = !!rec;
    live.hidden = !rec;
    preview.hidden = !rec;
    if (rec) {
      time.textContent = clock(rec.elapsedMs);
      size.textContent = formatBytes(rec.bytes);
      pauseBtn.textContent = rec.state === 'paused' ? tr('resume') : tr('pause');
      live.classList.toggle('paused', rec.state === 'paused');
    }
    ctx.ui.setBadge(rec ? '●' : null);
  }

  function renderList() {
    listHead.hidden = saved.length === 0;
    replace(
      list,
      ...saved.map((item) =>
        h(
          'li.rec-item',
          null,
          h(
            'div.grow',
            null,
            h('div.rec-item-name', { title: item.name, translate: 'no' }, item.name),
            h(
              'div.small.muted',
              null,
              `${clock(item.durationMs)} · ${formatBytes(item.size)} · ${new Date(item.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`,
            ),
          ),
          h(
            'button.rec-save',
            {
              type: 'button',
              'aria-label': tr('saveName', { name: item.name }),
              onclick: () => download(item),
            },
            tr('save'),
          ),
          h(
            'button.rec-delete',
            {
              type: 'button',
              'aria-label': tr('deleteName', { name: item.name }),
              onclick: () => {
                URL.revokeObjectURL(item.url);
                saved.splice(saved.indexOf(item), 1);
                renderList();
              },
            },
            tr('delete'),
          ),
        ),
      ),
    );
  }

  const ticker = setInterval(() => {
    if (rec) render();
  }, 1000);
  const offs = [
    ctx.state.on(() => render()),
    ctx.on('peer-joined', () => render()),
    ctx.on('peer-updated', () => render()),
    ctx.on('peer-left', (/** @type {{peerId: string}} */ e) => {
      // Whoever sees it go tidies its entry (harmless when several do).
      if (ctx.state.get(KEY_PREFIX + e.peerId) !== undefined) {
        ctx.state.set(KEY_PREFIX + e.peerId, null);
      }
      render();
    }),
  ];
  render();

  return () => {
    clearInterval(ticker);
    offs.forEach((off) => off());
    window.removeEventListener('pagehide', onPageHide);
    ctx.ui.indicator(null);
    ctx.ui.setBadge(null);
    // Leaving the room while recording saves what was recorded.
    if (rec) stop();
    const urls = saved.map((s) => s.url);
    setTimeout(() => urls.forEach((u) => URL.revokeObjectURL(u)), 60_000);
  };
}
