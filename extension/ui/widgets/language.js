// @ts-check
/**
 * The participant's language: what they speak and want to read. One preference per browser
 * profile (localStorage `tfx.language`), shared by every widget on the page (chat, captions):
 * choosing it in one widget updates the others at once through a window event.
 *
 * Language codes are BCP 47 tags as LibreTranslate and the browser's Translator API use them:
 * `en`, `de`, `pt-BR`, `zh-Hans`. Codes that come from peers are checked with `cleanLanguage`.
 */
import { localize, PAGE_LOCALE, PSEUDO } from '../i18n/locale.js';
import messages from './messages.js';

const t = localize(messages);

const KEY = 'tfx.language';
const TRANSLATE_KEY = 'tfx.translate';
const EVENT = 'tfx:language';
const TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;

/** The languages offered in the picker (a participant's own browser language is added). */
export const LANGUAGES = Object.freeze([
  'ar',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'fi',
  'fr',
  'he',
  'hi',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh',
]);

/**
 * @param {unknown} code a language tag from anywhere (peers included)
 * @returns {string|null} the tag with canonical case (`pt-BR`, `zh-Hans`), or null when malformed
 */
export function cleanLanguage(code) {
  if (typeof code !== 'string' || code.length > 16) return null;
  const parts = code.trim().replace(/_/g, '-').split('-');
  parts[0] = parts[0].toLowerCase();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    parts[i] =
      p.length === 4
        ? p[0].toUpperCase() + p.slice(1).toLowerCase()
        : p.length === 2
          ? p.toUpperCase()
          : p;
  }
  const tag = parts.join('-');
  return TAG.test(tag) ? tag : null;
}

/**
 * Whether two tags name the same language for reading: `en` = `en-GB`, `pt` = `pt-BR`, but
 * Chinese in simplified and traditional script differ.
 * @param {string} a
 * @param {string} b
 */
export function sameLanguage(a, b) {
  const [la, sa] = a.split('-');
  const [lb, sb] = b.split('-');
  if (la !== lb) return false;
  if (la !== 'zh') return true;
  const script = (/** @type {string|undefined} */ s) =>
    s === 'Hant' || s === 'TW' || s === 'HK' ? 'Hant' : 'Hans';
  return script(sa) === script(sb);
}

/** @param {string} code @returns {string} the primary subtag */
export const baseLanguage = (code) => code.split('-')[0];

/**
 * The name of a language in that language, e.g. "Deutsch", and in the viewer's, e.g. "German".
 * @param {string} code
 * @param {string} [viewer] the language to name it in
 * @returns {{native: string, local: string}}
 */
export function languageName(code, viewer = 'en') {
  const name = (/** @type {string} */ inLang) => {
    try {
      const n = new Intl.DisplayNames([inLang], { type: 'language' }).of(code);
      return n ? n[0].toLocaleUpperCase(inLang) + n.slice(1) : code;
    } catch {
      return code;
    }
  };
  return { native: name(code), local: name(viewer) };
}

/**
 * @param {string} code
 * @returns {string} "Deutsch (German)", or just "English" when both are the same
 */
export function languageLabel(code) {
  // named in the page's language too ("Deutsch (German)" for English pages)
  const { native, local } = languageName(code, PAGE_LOCALE === PSEUDO ? 'en' : PAGE_LOCALE);
  return native === local ? native : `${native} (${local})`;
}

/**
 * @param {Pick<Storage, 'getItem'>|null} storage
 * @param {readonly string[]} navigatorLanguages e.g. navigator.languages
 * @returns {string} the saved language, else the browser's first one we offer, else English
 */
export function pickLanguage(storage, navigatorLanguages) {
  /** @type {string|null} */
  let saved = null;
  try {
    saved = cleanLanguage(storage?.getItem(KEY));
  } catch {
    /* storage disabled */
  }
  if (saved) return saved;
  for (const l of navigatorLanguages) {
    const c = cleanLanguage(l);
    if (c && LANGUAGES.includes(baseLanguage(c))) return baseLanguage(c);
  }
  return 'en';
}

const local = () => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

/** @returns {string} this participant's language */
export function myLanguage() {
  return pickLanguage(local(), globalThis.navigator?.languages ?? []);
}

/** @returns {boolean} whether this participant wants others' words in their language */
export function translationWanted() {
  try {
    return local()?.getItem(TRANSLATE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/**
 * Saves the participant's choice and tells every widget on the page.
 * @param {{language?: string, translate?: boolean}} change
 */
export function setLanguagePrefs(change) {
  const store = local();
  try {
    if (change.language) {
      const c = cleanLanguage(change.language);
      if (c) store?.setItem(KEY, c);
    }
    if (change.translate !== undefined)
      store?.setItem(TRANSLATE_KEY, change.translate ? 'on' : 'off');
  } catch {
    /* storage disabled: the choice lasts for this page */
  }
  globalThis.dispatchEvent?.(new CustomEvent(EVENT));
}

/**
 * @param {() => void} fn called when the language or the translate switch changes (here or in
 *   another tab)
 * @returns {() => void} unsubscribe
 */
export function onLanguagePrefs(fn) {
  const onStorage = (/** @type {StorageEvent} */ e) => {
    if (e.key === KEY || e.key === TRANSLATE_KEY) fn();
  };
  globalThis.addEventListener(EVENT, fn);
  globalThis.addEventListener('storage', onStorage);
  return () => {
    globalThis.removeEventListener(EVENT, fn);
    globalThis.removeEventListener('storage', onStorage);
  };
}

/**
 * A labelled `<select>` of languages bound to the preference: changing it saves the choice, and
 * a change made elsewhere updates it.
 * @param {{id: string, label?: string}} o
 * @returns {{el: HTMLElement, select: HTMLSelectElement, dispose: () => void}}
 */
export function languagePicker(o) {
  const select = document.createElement('select');
  select.id = o.id;
  select.className = 'lang-select';
  const label = document.createElement('label');
  label.htmlFor = o.id;
  label.textContent = o.label ?? t('myLanguage');
  const fill = () => {
    const mine = myLanguage();
    const codes = LANGUAGES.includes(mine) ? [...LANGUAGES] : [...LANGUAGES, mine];
    const options = codes
      .map((c) => ({ c, label: languageLabel(c) }))
      .sort((x, y) => x.label.localeCompare(y.label));
    select.replaceChildren(
      ...options.map(({ c, label: text }) => {
        const opt = document.createElement('option');
        opt.value = c;
        opt.textContent = text;
        opt.selected = c === mine;
        return opt;
      }),
    );
  };
  fill();
  select.addEventListener('change', () => setLanguagePrefs({ language: select.value }));
  const off = onLanguagePrefs(() => {
    if (select.value !== myLanguage()) fill();
  });
  const el = document.createElement('div');
  el.className = 'lang-picker';
  el.append(label, select);
  return { el, select, dispose: off };
}
