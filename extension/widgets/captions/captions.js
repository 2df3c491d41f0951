// @ts-check
/**
 * Captions: what each participant says — recognised from their voice (Web Speech API) or typed
 * — appears live for everyone, on the speaker's video tile and in a transcript, in each
 * listener's own language. Every participant announces the language they speak (key
 * `lang:<peerId>`); listeners translate through the shared translator (browser, then server).
 * Message and state formats: model.js and README.md in this folder.
 */
import { h, replace, clockTime, onlyAppended } from '../../ui/widgets/kit.js';
import { widgetTranslator } from '../../ui/widgets/translator.js';
import { translatedText, translatorStatus } from '../../ui/widgets/translation-ui.js';
import {
  cleanLanguage,
  languageName,
  languagePicker,
  myLanguage,
  onLanguagePrefs,
  sameLanguage,
  setLanguagePrefs,
  translationWanted,
} from '../../ui/widgets/language.js';
import {
  CaptionBoard,
  HOLD_MS,
  LANG_PREFIX,
  LIST,
  MAX_TEXT,
  captionId,
  captionPieces,
  excessOwn,
  readFinal,
  readLive,
} from './model.js';
import { SpeechCaptions } from './speech.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

/** Live updates go out at most this often per source (relay limit: 20 messages/s). */
const SEND_EVERY_MS = 150;
/** A growing live caption is translated at most this often. */
const TRANSLATE_LIVE_EVERY_MS = 600;
const TILES_KEY = 'tfx.captions.tiles';

/** @param {string} code */
const nameOf = (code) => languageName(code, tr.lang).local;

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const translator = widgetTranslator(ctx.api);
  const board = new CaptionBoard();
  let lang = myLanguage();
  let wanted = translationWanted();
  let tilesOn = readTilesPref();
  const me = () => /** @type {string} */ (ctx.self.peerId);

  // ---- the participant's language, announced to everyone ----
  const announce = () => {
    if (me() && ctx.state.get(LANG_PREFIX + me()) !== lang) ctx.state.set(LANG_PREFIX + me(), lang);
  };
  /** @param {string} peerId @returns {string|null} the language they announced */
  const langOf = (peerId) =>
    peerId === me() ? lang : cleanLanguage(ctx.state.get(LANG_PREFIX + peerId));

  // ---- UI ----
  const picker = languagePicker({ id: 'captions-language', label: tr('myLanguage') });
  const status = translatorStatus(translator, { showReady: true, wanted: () => wanted });
  const translateBox = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'checkbox',
      id: 'captions-translate',
      checked: wanted,
      onchange: () => setLanguagePrefs({ translate: translateBox.checked }),
    })
  );
  const tilesBox = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'checkbox',
      id: 'captions-tiles',
      checked: tilesOn,
      onchange: () => {
        tilesOn = tilesBox.checked;
        saveTilesPref(tilesOn);
        renderTiles();
      },
    })
  );
  const people = h('ul.cap-people', { 'aria-label': tr('languages') });
  const log = h('div.cap-log', {
    role: 'log',
    'aria-live': 'polite',
    'aria-label': tr('transcript'),
  });
  const empty = h('p.cap-empty.muted.small', null, tr('empty'));
  const liveBox = h('div.cap-live', {
    role: 'log',
    'aria-live': 'polite',
    'aria-label': tr('speakingNow'),
  });
  const scroller = h('div.cap-scroll', null, empty, log, liveBox);
  const speechStatus = h('p.cap-speech-status.small', { role: 'status' });
  const micBtn = /** @type {HTMLButtonElement} */ (
    h('button.cap-mic', { type: 'button', 'aria-pressed': 'false', onclick: () => toggleSpeech() })
  );
  const input = /** @type {HTMLInputElement} */ (
    h('input.cap-input', {
      type: 'text',
      maxLength: MAX_TEXT,
      autocomplete: 'off',
      placeholder: tr('typePlaceholder'),
      'aria-label': tr('typeLabel'),
      oninput: () => typed.send(input.value),
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Escape' && input.value) {
          e.preventDefault();
          input.value = '';
          typed.send('');
        }
      },
    })
  );
  const form = h(
    'form.cap-type',
    {
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        typed.finish(input.value);
        input.value = '';
      },
    },
    input,
    h('button.primary', { type: 'submit' }, tr('send')),
  );
  // The browser's own translator usually needs its language model downloaded once (a click).
  const downloadBtn = /** @type {HTMLButtonElement} */ (
    h('button.small.cap-download', { type: 'button', hidden: true, onclick: () => download() })
  );
  const saveBtn = h(
    'button.small',
    {
      type: 'button',
      onclick: () => saveTranscript(),
      title: tr('saveTitle'),
    },
    tr('save'),
  );
  replace(
    root,
    h(
      'div.cap',
      null,
      h('div.cap-top', null, picker.el, status.el, downloadBtn),
      h(
        'details.cap-options',
        null,
        h('summary.small', null, tr('options')),
        h(
          'label.cap-check',
          { for: 'captions-translate' },
          translateBox,
          h('span', null, tr('translate')),
        ),
        h('label.cap-check', { for: 'captions-tiles' }, tilesBox, h('span', null, tr('tiles'))),
        h('div.row', null, saveBtn),
      ),
      people,
      scroller,
      h('div.cap-speak', null, h('div.cap-mic-row', null, micBtn, speechStatus), form),
    ),
  );

  // ---- sending: typed and spoken captions share one path ----

  /**
   * One source of captions (the keyboard or the microphone): its current caption id, live
   * updates throttled, finished captions into the shared transcript.
   * @param {'typed'|'speech'} via
   */
  function source(via) {
    /** @type {string|null} */
    let id = null;
    let lastSent = 0;
    let pending = /** @type {string|null} */ (null);
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    let timer;
    const flush = () => {
      timer = undefined;
      if (pending === null) return;
      const text = pending;
      pending = null;
      lastSent = Date.now();
      if (!text.trim() && !id) return;
      id ??= captionId();
      const live = { id, text: text.slice(0, MAX_TEXT), lang, via };
      if (ctx.peers().length) ctx.broadcast({ live });
      if (board.live(me(), live, Date.now())) (renderLive(), renderTiles());
      if (!text.trim()) id = null;
    };
    return {
      /** @param {string} text the caption so far ('' takes it away) */
      send(text) {
        pending = text;
        const wait = SEND_EVERY_MS - (Date.now() - lastSent);
        if (wait <= 0) flush();
        else timer ??= setTimeout(flush, wait);
      },
      /** @param {string} text the finished caption */
      finish(text) {
        clearTimeout(timer);
        timer = undefined;
        pending = null;
        const pieces = captionPieces(text);
        if (pieces.length === 0) {
          if (id) this.send('');
          return;
        }
        for (const piece of pieces) {
          ctx.state.append(LIST, {
            id: id ?? captionId(),
            text: piece,
            lang,
            via,
            name: ctx.self.name,
          });
          id = null;
        }
        for (const old of excessOwn(ctx.state.list(LIST), me())) ctx.state.remove(old);
      },
      stop() {
        clearTimeout(timer);
      },
    };
  }
  const typed = source('typed');
  const spoken = source('speech');

  const speech = new SpeechCaptions({
    lang: () => lang,
    track: () => ctx.media?.local()?.getAudioTracks()[0] ?? null,
    onText: (text, final) => {
      // Muted in the call means muted in the captions too.
      if (ctx.self.muted) return;
      if (final) spoken.finish(text);
      else spoken.send(text);
    },
    onStatus: () => renderSpeech(),
  });

  function toggleSpeech() {
    if (speech.status.state === 'listening' || speech.status.state === 'starting') {
      speech.stop();
      spoken.finish('');
    } else {
      speech.start().catch(() => {});
    }
    renderSpeech();
  }

  function renderSpeech() {
    const s = speech.status;
    const on = s.state === 'listening' || s.state === 'starting';
    micBtn.textContent = on ? tr('stopSpeech') : tr('startSpeech');
    micBtn.setAttribute('aria-pressed', String(on));
    micBtn.classList.toggle('active', on);
    micBtn.disabled = !speech.supported;
    speechStatus.dataset.state = s.state;
    speechStatus.textContent =
      s.state === 'unavailable'
        ? tr('unavailable', { reason: s.reason ?? tr('speechUnavailable') })
        : s.state === 'starting'
          ? tr('starting')
          : s.state === 'listening'
            ? s.onDevice
              ? tr('listeningLocal', { language: nameOf(lang) })
              : tr('listeningRemote', { language: nameOf(lang) })
            : '';
  }

  // ---- showing ----

  /** @param {string} peerId @param {string} stored */
  function nameFor(peerId, stored) {
    if (peerId === me()) return tr('you');
    return ctx.peer(peerId)?.name ?? (stored || tr('someone'));
  }

  /** @type {string[]} item ids rendered in the log, in order */
  let rendered = [];
  const atEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  const toEnd = () => (scroller.scrollTop = scroller.scrollHeight);

  /**
   * @param {{id: string, value: unknown, author: string, time: number}} item
   */
  function finalRow(item) {
    const f = readFinal(item.value);
    if (!f) return null;
    const mine = item.author === me();
    const source = f.lang ?? langOf(item.author);
    const stick = atEnd();
    const t = translatedText({
      text: f.text,
      source: mine ? null : source,
      target: lang,
      translator,
      wanted,
      onChange: () => {
        if (stick) toEnd();
        renderTiles();
      },
    });
    return h(
      `div.cap-row${mine ? '.mine' : ''}`,
      { dataset: { id: f.id, author: item.author } },
      h(
        'div.cap-meta',
        null,
        h('span.cap-name', { translate: mine ? null : 'no' }, nameFor(item.author, f.name)),
        source ? h('span.cap-lang', null, nameOf(source)) : null,
        f.via === 'speech' ? h('span.cap-via', { title: tr('fromSpeech') }, '🎙') : null,
        h('time.cap-time', null, clockTime(item.time)),
      ),
      h('div.cap-text', { translate: 'no' }, t.body),
      t.note,
    );
  }

  /** @param {boolean} [full] re-render everything (language or translation switch changed) */
  function renderFinals(full = false) {
    const items = ctx.state.list(LIST);
    const ids = items.map((/** @type {any} */ i) => i.id);
    const appendOnly = !full && onlyAppended(rendered, ids);
    const stick = atEnd();
    const start = appendOnly ? rendered.length : 0;
    if (!appendOnly) replace(log);
    const now = Date.now();
    for (let i = start; i < items.length; i++) {
      const row = finalRow(items[i]);
      if (row) log.appendChild(row);
      const f = readFinal(items[i].value);
      // Captions said just now (not the history a late joiner receives) stay on the tile a moment.
      const fresh = appendOnly && Math.abs(now - items[i].time) < HOLD_MS;
      if (f) board.finish(items[i].author, f.id, now, fresh);
    }
    rendered = ids;
    empty.hidden = items.length > 0 || board.lives().length > 0;
    renderLive();
    renderTiles();
    if (stick) toEnd();
  }

  /** Live captions: translated once in a while, the original meanwhile. */
  /** @type {Map<string, {id: string, text: string, shown: string, at: number, busy: boolean}>} */
  const liveTr = new Map();

  /**
   * What to show for a live caption of `speaker` in the reader's language now; schedules the
   * translation of the latest text.
   * @param {string} speaker
   * @param {import('./model.js').Live} live
   * @returns {{text: string, pending: boolean}}
   */
  function liveText(speaker, live) {
    const source = live.lang ?? langOf(speaker);
    if (speaker === me() || !wanted || !source || sameLanguage(source, lang)) {
      return { text: live.text, pending: false };
    }
    let t = liveTr.get(speaker);
    if (!t || t.id !== live.id) {
      t = { id: live.id, text: '', shown: '', at: 0, busy: false };
      liveTr.set(speaker, t);
    }
    const entry = t;
    if (entry.text !== live.text && !entry.busy) {
      const wait = TRANSLATE_LIVE_EVERY_MS - (Date.now() - entry.at);
      entry.busy = true;
      setTimeout(
        async () => {
          const current = board.lives().find(([s]) => s === speaker)?.[1];
          if (!current || current.id !== entry.id) return void (entry.busy = false);
          entry.at = Date.now();
          const r = await translator.translate(current.text, source, lang);
          entry.busy = false;
          entry.text = current.text;
          entry.shown = r.text;
          renderLive();
          renderTiles();
        },
        Math.max(0, wait),
      );
    }
    return entry.shown
      ? { text: entry.shown, pending: entry.text !== live.text }
      : { text: live.text, pending: true };
  }

  function renderLive() {
    const rows = [];
    for (const [speaker, live] of board.lives()) {
      const shown = liveText(speaker, live);
      rows.push(
        h(
          `div.cap-live-row${shown.pending ? '.pending' : ''}`,
          { dataset: { author: speaker, id: live.id } },
          h('span.cap-name', { translate: speaker === me() ? null : 'no' }, nameFor(speaker, '')),
          h('span.cap-live-text', { translate: 'no' }, shown.text),
        ),
      );
    }
    const stick = atEnd();
    replace(liveBox, ...rows);
    empty.hidden = rendered.length > 0 || rows.length > 0;
    if (stick) toEnd();
  }

  function renderPeople() {
    const items = [
      { id: me(), name: tr('you') },
      ...ctx.peers().map((/** @type {any} */ p) => ({ id: p.peerId, name: p.name })),
    ];
    replace(
      people,
      ...items.map((p) => {
        const l = langOf(p.id);
        return h(
          'li.cap-person',
          { dataset: { peerId: p.id, lang: l ?? '' } },
          h('span.cap-name', { translate: p.id === me() ? null : 'no' }, p.name),
          h('span.cap-lang', null, l ? tr('speaks', { language: nameOf(l) }) : tr('noLanguage')),
        );
      }),
    );
  }

  // ---- captions on the video tiles ----

  /** @type {Map<string, {el: HTMLElement, text: HTMLElement}>} speaker → overlay */
  const overlays = new Map();

  /** @param {string} speaker @returns {string} what the tile shows, '' for nothing */
  function tileText(speaker) {
    const on = board.onTile(speaker);
    if (!on) return '';
    if (on.kind === 'live') return liveText(speaker, on.live).text;
    const item = ctx.state
      .list(LIST)
      .find((/** @type {any} */ i) => readFinal(i.value)?.id === on.id);
    const row = log.querySelector(`.cap-row[data-id="${on.id}"] .tr-body`);
    return row?.textContent ?? readFinal(item?.value)?.text ?? '';
  }

  function renderTiles() {
    const speakers = new Set(tilesOn ? board.speakers() : []);
    for (const [speaker, o] of overlays) {
      if (!speakers.has(speaker)) {
        o.el.remove();
        overlays.delete(speaker);
      }
    }
    for (const speaker of speakers) {
      const text = tileText(speaker);
      const tile = ctx.ui.tile(speaker === me() ? 'local' : speaker);
      let o = overlays.get(speaker);
      if (!text || !tile) {
        o?.el.remove();
        overlays.delete(speaker);
        continue;
      }
      if (!o) {
        o = overlayEl();
        overlays.set(speaker, o);
      }
      if (o.el.parentElement !== tile) tile.appendChild(o.el);
      o.text.textContent = text.length > 160 ? `…${text.slice(-160)}` : text;
    }
  }

  // ---- on-device translation models ----

  const builtin = /** @type {any} */ (translator.backends.find((b) => b.name === 'builtin'));
  /** @type {string|null} the language the offered model translates from */
  let offerFrom = null;
  let downloading = false;

  /** Offers the browser's model for a language someone here speaks, when nothing else works. */
  async function offerDownload() {
    const broken = ['unavailable', 'failing'].includes(translator.status.state);
    if (!builtin || !wanted || !broken || downloading) {
      if (!downloading) downloadBtn.hidden = true;
      return;
    }
    const foreign = ctx
      .peers()
      .map((/** @type {any} */ p) => langOf(p.peerId))
      .filter((/** @type {string|null} */ l) => l && !sameLanguage(l, lang));
    for (const from of new Set(foreign)) {
      const a = await builtin.availability(from, lang);
      if (a === 'downloadable' || a === 'downloading') {
        offerFrom = from;
        downloadBtn.textContent = tr('getTranslator', { from: nameOf(from), to: nameOf(lang) });
        downloadBtn.disabled = false;
        downloadBtn.hidden = false;
        return;
      }
    }
    downloadBtn.hidden = true;
  }

  async function download() {
    if (!offerFrom || downloading) return;
    const from = offerFrom;
    downloading = true;
    downloadBtn.disabled = true;
    downloadBtn.textContent = tr('downloading');
    try {
      await Promise.race([
        builtin.download(from, lang, (/** @type {number} */ f) => {
          downloadBtn.textContent = tr('downloadingPercent', { percent: Math.round(f * 100) });
        }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 180_000)),
      ]);
      downloadBtn.hidden = true;
      liveTr.clear();
      renderFinals(true);
    } catch {
      downloadBtn.textContent = tr('downloadFailed');
      downloadBtn.disabled = false;
    } finally {
      downloading = false;
    }
  }

  // ---- events ----

  const offs = [
    ctx.on('message', (/** @type {any} */ e) => {
      const live = readLive(e.payload);
      if (live && board.live(e.from, live, Date.now())) {
        renderLive();
        renderTiles();
      }
    }),
    ctx.state.on((/** @type {any} */ e) => {
      if (e.lists.includes(LIST)) renderFinals();
      if (e.keys.some((/** @type {string} */ k) => k.startsWith(LANG_PREFIX))) {
        renderPeople();
        void offerDownload();
        if (!e.local) renderFinals(true);
      }
    }),
    // Opening the pane checks again whether the server translates now.
    ctx.on('show', () => {
      if (translator.status.state !== 'ready') translator.probe().catch(() => {});
    }),
    translator.onStatus(() => void offerDownload()),
    ctx.on('peer-joined', renderPeople),
    ctx.on('peer-updated', renderPeople),
    ctx.on('peer-left', (/** @type {any} */ e) => {
      board.drop(e.peerId);
      liveTr.delete(e.peerId);
      renderPeople();
      renderLive();
      renderTiles();
    }),
    onLanguagePrefs(() => {
      const before = `${lang}|${wanted}`;
      lang = myLanguage();
      wanted = translationWanted();
      translateBox.checked = wanted;
      status.update();
      if (before === `${lang}|${wanted}`) return;
      liveTr.clear();
      announce();
      renderPeople();
      renderFinals(true);
      void offerDownload();
      if (speech.status.state === 'listening') {
        // Recognition listens for one language: restart it in the new one.
        speech.stop();
        speech.start().catch(() => {});
      }
    }),
  ];
  const expiry = setInterval(() => {
    if (board.expire(Date.now())) {
      renderLive();
      renderTiles();
    }
  }, 1000);

  announce();
  renderSpeech();
  renderPeople();
  renderFinals();
  translator.probe().catch(() => {});

  function saveTranscript() {
    const lines = [];
    for (const row of log.querySelectorAll('.cap-row')) {
      const name = row.querySelector('.cap-name')?.textContent ?? '';
      const time = row.querySelector('.cap-time')?.textContent ?? '';
      const text = row.querySelector('.tr-body')?.textContent ?? '';
      lines.push(`[${time}] ${name}: ${text}`);
    }
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/plain;charset=utf-8' });
    const a = /** @type {HTMLAnchorElement} */ (
      h('a', { href: URL.createObjectURL(blob), download: `captions-${ctx.roomId}.txt` })
    );
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  return () => {
    clearInterval(expiry);
    speech.stop();
    typed.stop();
    spoken.stop();
    offs.forEach((off) => off());
    picker.dispose();
    status.dispose();
    for (const o of overlays.values()) o.el.remove();
    overlays.clear();
  };
}

/**
 * A caption over a video tile. The tile lives in the room page, outside this widget's shadow
 * root and its CSS, so the few styles it needs are set here.
 * @returns {{el: HTMLElement, text: HTMLElement}}
 */
function overlayEl() {
  const text = h('span', {
    style: {
      background: 'rgb(0 0 0 / 72%)',
      color: '#fff',
      padding: '4px 10px',
      borderRadius: '8px',
      lineHeight: '1.5',
      boxDecorationBreak: 'clone',
      webkitBoxDecorationBreak: 'clone',
    },
  });
  const el = h(
    'div',
    {
      class: 'tfx-caption',
      'aria-hidden': 'true',
      style: {
        position: 'absolute',
        left: '6%',
        right: '6%',
        bottom: '52px',
        textAlign: 'center',
        fontSize: 'clamp(13px, 2.2vmin, 20px)',
        fontWeight: '600',
        pointerEvents: 'none',
        zIndex: '2',
      },
    },
    text,
  );
  return { el, text };
}

function readTilesPref() {
  try {
    return globalThis.localStorage?.getItem(TILES_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** @param {boolean} on */
function saveTilesPref(on) {
  try {
    globalThis.localStorage?.setItem(TILES_KEY, on ? 'on' : 'off');
  } catch {
    /* storage disabled */
  }
}
