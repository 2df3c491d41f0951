// @ts-check
/**
 * Chat: messages live in the widget's replicated list "messages", so late joiners and reloaded
 * pages get the history from the others; "typing…" hints are presence (`ctx.presence`). Message text
 * only ever becomes text nodes and http(s) links. Each message carries its author's language;
 * readers see it in their own (ui/widgets/translator.js), with the original a click away.
 */
import { h, replace, richText, clockTime, onlyAppended } from '../../ui/widgets/kit.js';
import { widgetTranslator } from '../../ui/widgets/translator.js';
import { translatedText, translatorStatus } from '../../ui/widgets/translation-ui.js';
import {
  cleanLanguage,
  languagePicker,
  myLanguage,
  onLanguagePrefs,
  translationWanted,
} from '../../ui/widgets/language.js';

export const MAX_TEXT = 4000;
const LIST = 'messages';
/** Messages of one author within this time form one group. */
const GROUP_MS = 5 * 60_000;
/** Our "typing" presence ends this long after the last keystroke. */
const TYPING_MS = 3500;
const TOAST_EVERY_MS = 5000;

/**
 * A message as stored, checked: peers may send anything.
 * @param {unknown} v
 * @returns {{text: string, name: string, lang: string|null}|null}
 */
export function readMessage(v) {
  const m = /** @type {any} */ (v);
  if (!m || typeof m !== 'object' || typeof m.text !== 'string') return null;
  const text = m.text.slice(0, MAX_TEXT);
  if (!text.trim()) return null;
  return {
    text,
    name: typeof m.name === 'string' ? m.name.slice(0, 64) : '',
    lang: cleanLanguage(m.lang),
  };
}

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  let unread = 0;
  let lastToast = 0;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let typingTimer;
  let typing = false;
  /** @type {string[]} ids in the order rendered */
  let rendered = [];
  const translator = widgetTranslator(ctx.api);
  let lang = myLanguage();
  let wanted = translationWanted();
  const picker = languagePicker({ id: 'chat-language', label: 'My language' });
  const status = translatorStatus(translator, { wanted: () => wanted });

  const log = h('div.chat-log', { role: 'log', 'aria-live': 'polite', tabindex: 0 });
  const empty = h('p.chat-empty.muted', null, 'No messages yet. Say hello!');
  const typingLine = h('p.chat-typing.muted.small', { 'aria-live': 'polite' });
  const newer = h(
    'button.chat-newer',
    { type: 'button', hidden: true, onclick: () => scrollToEnd() },
    'New messages ↓',
  );
  const input = /** @type {HTMLTextAreaElement} */ (
    h('textarea.chat-input', {
      rows: 1,
      maxLength: MAX_TEXT,
      placeholder: 'Message everyone',
      'aria-label': 'Message',
      onkeydown: (/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          send();
        }
      },
      oninput: () => {
        grow();
        sendButton.disabled = !input.value.trim();
        setTyping(!!input.value);
      },
    })
  );
  const sendButton = /** @type {HTMLButtonElement} */ (
    h('button.primary.chat-send', { type: 'submit', disabled: true, 'aria-label': 'Send' }, 'Send')
  );
  const form = h(
    'form.chat-compose',
    { onsubmit: (/** @type {Event} */ e) => (e.preventDefault(), send()) },
    input,
    sendButton,
  );
  replace(
    root,
    h(
      'div.chat',
      null,
      h('div.chat-lang', null, picker.el, status.el),
      h('div.chat-scroll', null, empty, log, newer),
      typingLine,
      form,
    ),
  );
  const scroller = /** @type {HTMLElement} */ (root.querySelector('.chat-scroll'));
  scroller.addEventListener('scroll', () => {
    if (atEnd()) newer.hidden = true;
  });

  function send() {
    const text = input.value.slice(0, MAX_TEXT);
    if (!text.trim()) return;
    ctx.state.append(LIST, { text, name: ctx.self.name, lang });
    input.value = '';
    grow();
    sendButton.disabled = true;
    setTyping(false);
    scrollToEnd();
  }

  /** @param {boolean} now whether we are typing (it ends by itself after a pause) */
  function setTyping(now) {
    clearTimeout(typingTimer);
    if (now) typingTimer = setTimeout(() => setTyping(false), TYPING_MS);
    if (now === typing) return;
    typing = now;
    ctx.presence.set(now ? { typing: true } : null);
  }

  function grow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  }

  const atEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
  const scrollToEnd = () => {
    scroller.scrollTop = scroller.scrollHeight;
    newer.hidden = true;
  };

  /** @param {string} peerId @param {string} stored */
  function nameOf(peerId, stored) {
    if (peerId === ctx.self.peerId) return ctx.self.name;
    return ctx.peer(peerId)?.name ?? (stored || 'Someone');
  }

  /**
   * @param {{id: string, value: unknown, author: string, time: number}} item
   * @param {{author: string, time: number}|null} prev
   */
  function messageEl(item, prev) {
    const m = readMessage(item.value);
    if (!m) return null;
    const mine = item.author === ctx.self.peerId;
    const grouped = prev && prev.author === item.author && item.time - prev.time < GROUP_MS;
    const stick = atEnd();
    const shown = translatedText({
      text: m.text,
      source: mine ? null : m.lang,
      target: lang,
      translator,
      wanted,
      render: richText,
      lazy: true,
      onChange: () => {
        if (stick) scrollToEnd();
      },
    });
    return h(
      `div.chat-msg${mine ? '.mine' : ''}${grouped ? '.grouped' : ''}`,
      { dataset: { id: item.id, author: item.author } },
      grouped
        ? null
        : h(
            'div.chat-meta',
            null,
            h('span.chat-name', null, mine ? 'You' : nameOf(item.author, m.name)),
            h(
              'time.chat-time',
              { title: new Date(item.time).toLocaleString() },
              clockTime(item.time),
            ),
          ),
      h('div.chat-text', null, shown.body),
      shown.note,
    );
  }

  /**
   * Renders the list, appending when only new messages came at the end.
   * @param {boolean} [full] render every message again (the reader's language changed)
   */
  function render(full = false) {
    const items = ctx.state.list(LIST);
    const ids = items.map((/** @type {any} */ i) => i.id);
    const appendOnly = !full && onlyAppended(rendered, ids);
    const stick = atEnd();
    let start = 0;
    if (appendOnly) {
      start = rendered.length;
    } else {
      replace(log);
    }
    for (let i = start; i < items.length; i++) {
      const el = messageEl(items[i], i > 0 ? items[i - 1] : null);
      if (el) log.appendChild(el);
    }
    rendered = ids;
    empty.hidden = items.length > 0;
    if (stick) scrollToEnd();
    else if (start < items.length) newer.hidden = false;
  }

  function renderTyping() {
    const names = ctx.presence
      .all()
      .filter((/** @type {any} */ p) => p.value?.typing === true && ctx.peer(p.peerId))
      .map((/** @type {any} */ p) => nameOf(p.peerId, ''));
    typingLine.textContent =
      names.length === 0
        ? ''
        : names.length === 1
          ? `${names[0]} is typing…`
          : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
  }

  const offs = [
    ctx.state.on((/** @type {any} */ e) => {
      if (!e.lists.includes(LIST)) return;
      const before = rendered.length;
      render();
      const fresh = ctx.state
        .list(LIST)
        .slice(before)
        .filter((/** @type {any} */ i) => i.author !== ctx.self.peerId);
      if (e.local || fresh.length === 0) return;
      if (!ctx.visible) {
        unread += fresh.length;
        ctx.ui.setBadge(unread);
        const now = Date.now();
        // History we are catching up on counts as unread, but a toast is for what is said now.
        if (!e.catchUp && now - lastToast > TOAST_EVERY_MS) {
          lastToast = now;
          const last = fresh[fresh.length - 1];
          const m = readMessage(last.value);
          if (m) ctx.ui.notify(`${nameOf(last.author, m.name)}: ${m.text.slice(0, 80)}`);
        }
      }
    }),
    ctx.presence.on(() => renderTyping()),
    ctx.on('peer-left', () => renderTyping()),
    ctx.on('show', () => {
      unread = 0;
      ctx.ui.setBadge(null);
      scrollToEnd();
      input.focus();
    }),
    onLanguagePrefs(() => {
      const before = `${lang}|${wanted}`;
      lang = myLanguage();
      wanted = translationWanted();
      status.update();
      if (before !== `${lang}|${wanted}`) render(true);
    }),
    ctx.on('peer-updated', (/** @type {any} */ e) => {
      for (const el of log.querySelectorAll('.chat-msg:not(.mine)')) {
        const name = el.querySelector('.chat-name');
        if (name && /** @type {HTMLElement} */ (el).dataset.author === e.peer.peerId) {
          name.textContent = e.peer.name;
        }
      }
    }),
  ];
  // No probe here: a room that needs no translation is not told that none is available.
  render();

  return () => {
    setTyping(false);
    offs.forEach((off) => off());
    picker.dispose();
    status.dispose();
  };
}
