// @ts-check
/**
 * The app's own words, from message catalogues chosen by the browser's language (`locale.js`).
 * English is the source; every other catalogue has exactly its keys (test/i18n.test.js).
 */
import en from './en.js';
import de from './de.js';
import es from './es.js';
import { PAGE_LOCALE, translator as makeTranslator } from './locale.js';

export { PSEUDO, PAGE_LOCALE, pickLocale, localize } from './locale.js';

/** @type {Record<string, import('./locale.js').Catalogue>} */
export const CATALOGUES = Object.freeze({ en, de, es });

/**
 * The app's words in one locale.
 * @param {string} locale
 */
export function translator(locale) {
  return makeTranslator(locale, CATALOGUES);
}

/** The app's words in the page's language. */
export const t = translator(PAGE_LOCALE);

/** Sets `<html lang>` to the language the page speaks. */
export function markDocumentLanguage() {
  if (typeof document !== 'undefined') document.documentElement.lang = t.lang;
}
