// @ts-check
/**
 * The pieces of UI that show translated words the same way in every widget: a text shown in
 * the reader's language with "Translated from German · Show original" under it, and the
 * translator's status ("Translation unavailable — shown as written"). Styles are in
 * widget-base.css (`.tr-*`). Peer text only ever becomes text nodes (or what `render` makes).
 */
import { localize, PAGE_LOCALE, PSEUDO } from '../i18n/locale.js';
import messages from './messages.js';
import { languageName, sameLanguage } from './language.js';

const t = localize(messages);

/**
 * @typedef {import('./translator.js').Translator} Translator
 * @typedef {import('./translator.js').TranslateResult} TranslateResult
 */

/** @param {string} code */
const nameOf = (code) => languageName(code, PAGE_LOCALE === PSEUDO ? 'en' : PAGE_LOCALE).local;

/**
 * A text in the reader's language. The original shows at once; the translation replaces it
 * when it arrives, and the note under it lets the reader switch back.
 * @param {{
 *   text: string,
 *   source: string|null,
 *   target: string,
 *   translator: Translator,
 *   wanted: boolean,
 *   render?: (text: string) => Node,
 *   onChange?: () => void,
 *   lazy?: boolean,
 * }} o `source` null: the language is unknown, nothing is translated; `onChange` runs when the
 *   shown text changes (e.g. to keep a log scrolled); `lazy`: translate only once the text is
 *   on screen (a long chat history costs nothing until someone scrolls to it)
 * @returns {{body: HTMLElement, note: HTMLElement, result: Promise<TranslateResult|null>}}
 */
export function translatedText(o) {
  const render = o.render ?? ((/** @type {string} */ t) => document.createTextNode(t));
  const body = document.createElement('span');
  body.className = 'tr-body';
  body.appendChild(render(o.text));
  const note = document.createElement('div');
  note.className = 'tr-note';
  note.hidden = true;
  if (!o.wanted || !o.source || sameLanguage(o.source, o.target)) {
    return { body, note, result: Promise.resolve(null) };
  }
  const source = o.source;
  note.hidden = false;
  note.dataset.state = 'pending';
  note.textContent = t('translating', { language: nameOf(source) });
  const start = () => o.translator.translate(o.text, source, o.target);
  const asked =
    o.lazy && typeof IntersectionObserver === 'function'
      ? new Promise((resolve) => {
          const seen = new IntersectionObserver((entries) => {
            if (!entries.some((e) => e.isIntersecting)) return;
            seen.disconnect();
            resolve(start());
          });
          seen.observe(note);
        })
      : start();
  const result = /** @type {Promise<TranslateResult>} */ (asked).then((r) => {
    if (!r.translated) {
      note.dataset.state = r.via === 'same' ? 'same' : 'original';
      note.textContent = r.via === 'same' ? '' : t('notTranslated', { language: nameOf(source) });
      note.hidden = r.via === 'same';
      return r;
    }
    let original = false;
    const label = document.createElement('span');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'tr-toggle';
    const show = () => {
      body.replaceChildren(render(original ? o.text : r.text));
      body.lang = original ? source : o.target;
      body.dataset.shown = original ? 'original' : 'translation';
      label.textContent = original
        ? t('originalIn', { language: nameOf(source) })
        : t('translatedFrom', { language: nameOf(r.source) });
      toggle.textContent = original ? t('showTranslation') : t('showOriginal');
      o.onChange?.();
    };
    toggle.addEventListener('click', () => {
      original = !original;
      show();
    });
    note.dataset.state = 'translated';
    note.replaceChildren(label, toggle);
    show();
    return r;
  });
  return { body, note, result };
}

/**
 * The translator's state in a line: nothing while all is well (unless `showReady`), a warning
 * when nothing can translate.
 * @param {Translator} translator
 * @param {{showReady?: boolean, wanted?: () => boolean}} [o]
 * @returns {{el: HTMLElement, update: () => void, dispose: () => void}}
 */
export function translatorStatus(translator, o = {}) {
  const el = document.createElement('p');
  el.className = 'tr-status';
  el.setAttribute('role', 'status');
  const update = () => {
    const s = translator.status;
    const wanted = o.wanted ? o.wanted() : true;
    /** @type {[string, string]} */
    const [kind, text] = !wanted
      ? ['off', t('statusOff')]
      : s.state === 'unavailable'
        ? ['warn', t('statusUnavailable')]
        : s.state === 'limited'
          ? ['warn', t('statusLimited')]
          : s.state === 'failing'
            ? ['warn', t('statusFailing')]
            : s.state === 'ready'
              ? ['ok', s.via === 'builtin' ? t('statusBrowser') : t('statusServer')]
              : ['unknown', ''];
    el.dataset.state = wanted ? s.state : 'off';
    el.className = `tr-status ${kind}`;
    el.textContent = text;
    el.hidden = !text || (kind === 'ok' && !o.showReady) || (kind === 'off' && !o.showReady);
  };
  update();
  const off = translator.onStatus(update);
  return { el, update, dispose: off };
}
