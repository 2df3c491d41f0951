// @ts-check
/**
 * Choosing a language and turning catalogues into words, with no catalogue of its own: the app
 * (`i18n.js`) and every built-in widget (its `messages.js`) build on it, so a widget's bundle
 * carries only its own words. `en-XA` is a pseudo language made from English at run time (every
 * message in ⟦…⟧): the browser suite runs the screens in it and fails on any visible text without
 * the marks, so a string that skips the catalogues cannot hide.
 */

/** @typedef {string|{one: string, other: string}} Message */
/** @typedef {Record<string, Message>} Catalogue */

/** The languages the UI speaks (each catalogue has exactly these). */
export const LANGUAGES = Object.freeze(['en', 'de', 'es']);
export const PSEUDO = 'en-XA';

/**
 * The first of the browser's languages we have (`de-AT` → `de`), else English.
 * @param {readonly string[]} languages e.g. navigator.languages
 * @returns {string}
 */
export function pickLocale(languages) {
  for (const tag of languages ?? []) {
    if (String(tag).toLowerCase() === PSEUDO.toLowerCase()) return PSEUDO;
    const base = String(tag).toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

/**
 * A translator for one locale.
 * @param {string} locale one of LANGUAGES, or PSEUDO
 * @param {Record<string, Catalogue>} catalogues the app's, or a widget's own (`en` required)
 */
export function translator(locale, catalogues) {
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

/**
 * A widget's own words (its `messages.js`: `{en: {...}, de: {...}, es: {...}}`) in the page's
 * language, picked by the same rule as the app's.
 * @param {Record<string, Catalogue>} catalogues
 */
export function localize(catalogues) {
  return translator(PAGE_LOCALE, catalogues);
}
