// @ts-check
/**
 * The UI's own words, from message catalogues chosen by the browser's language. English is the
 * source; every other catalogue has exactly its keys (test/i18n.test.js). `en-XA` is a pseudo
 * language made from English at run time (every message in ⟦…⟧): the browser suite runs the
 * screens in it and fails on any visible text without the marks, so a string that skips the
 * catalogue cannot hide.
 */
import en from './en.js';
import de from './de.js';
import es from './es.js';

/** @typedef {string|{one: string, other: string}} Message */
/** @typedef {Record<string, Message>} Catalogue */

/** @type {Record<string, Catalogue>} */
export const CATALOGUES = Object.freeze({ en, de, es });
export const PSEUDO = 'en-XA';

/**
 * The catalogue for the first of the browser's languages we have (`de-AT` → `de`), else English.
 * @param {readonly string[]} languages e.g. navigator.languages
 * @returns {string}
 */
export function pickLocale(languages) {
  for (const tag of languages ?? []) {
    if (String(tag).toLowerCase() === PSEUDO.toLowerCase()) return PSEUDO;
    const base = String(tag).toLowerCase().split('-')[0];
    if (Object.hasOwn(CATALOGUES, base)) return base;
  }
  return 'en';
}

/**
 * A translator for one locale.
 * @param {string} locale a key of CATALOGUES, or PSEUDO
 * @param {Record<string, Catalogue>} [catalogues] the app's, or a widget's own (`en` required)
 */
export function translator(locale, catalogues = CATALOGUES) {
  const pseudo = locale === PSEUDO;
  const lang = pseudo ? 'en' : Object.hasOwn(catalogues, locale) ? locale : 'en';
  const cat = catalogues[lang];
  const en = catalogues.en;
  const plurals = new Intl.PluralRules(lang);
  /**
   * @param {string} key
   * @param {Record<string, string|number>} [params] `{name}` placeholders; `n` picks the plural
   * @returns {string}
   */
  function t(key, params = {}) {
    const msg = cat[key] ?? en[key];
    if (msg === undefined) throw new Error(`i18n: no message ${key}`);
    const text =
      typeof msg === 'string'
        ? msg
        : plurals.select(Number(params.n)) === 'one'
          ? msg.one
          : msg.other;
    const out = text.replace(/\{(\w+)\}/g, (m, p) => (p in params ? String(params[p]) : m));
    return pseudo ? `⟦${out}⟧` : out;
  }
  /** @param {string} key */
  t.has = (key) => key in cat;
  t.locale = locale;
  /** the language tag for `<html lang>` */
  t.lang = lang;
  return t;
}

/** The page's locale: the browser's first language we have, once per page. */
export const PAGE_LOCALE = pickLocale(
  typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]),
);

/** The app's words in the page's language. */
export const t = translator(PAGE_LOCALE);

/**
 * A widget's own words (its `messages.js`: `{en: {...}, de: {...}, es: {...}}`) in the page's
 * language, picked by the same rule as the app's.
 * @param {Record<string, Catalogue>} catalogues
 */
export function localize(catalogues) {
  return translator(PAGE_LOCALE, catalogues);
}

/** Sets `<html lang>` to the language the page speaks. */
export function markDocumentLanguage() {
  if (typeof document !== 'undefined') document.documentElement.lang = t.lang;
}
