// @ts-check
/**
 * Loads a language's CodeMirror support on demand: each grammar is its own chunk of the build.
 */
import { LanguageDescription } from '@codemirror/language';
import { LANGUAGES } from './languages.js';

/** @typedef {import('@codemirror/language').LanguageSupport} LanguageSupport */

/** @type {Record<string, () => Promise<LanguageSupport>>} */
const LOADERS = {
  javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ jsx: true })),
  typescript: () =>
    import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
  python: () => import('@codemirror/lang-python').then((m) => m.python()),
  java: () => import('@codemirror/lang-java').then((m) => m.java()),
  c: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  cpp: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  go: () => import('@codemirror/lang-go').then((m) => m.go()),
  rust: () => import('@codemirror/lang-rust').then((m) => m.rust()),
  sql: () => import('@codemirror/lang-sql').then((m) => m.sql()),
  html: () => import('@codemirror/lang-html').then((m) => m.html()),
  css: () => import('@codemirror/lang-css').then((m) => m.css()),
  markdown: () =>
    import('@codemirror/lang-markdown').then((m) => m.markdown({ codeLanguages: CODE_BLOCKS })),
};

/** Fenced code blocks in Markdown are highlighted in our languages too (```python …). */
const ALIASES = /** @type {Record<string, string[]>} */ ({
  javascript: ['js', 'jsx', 'node'],
  typescript: ['ts', 'tsx'],
  python: ['py'],
  cpp: ['c++', 'cc', 'hpp'],
  go: ['golang'],
  rust: ['rs'],
  markdown: ['md'],
});
const CODE_BLOCKS = LANGUAGES.filter((l) => l.id !== 'markdown' && LOADERS[l.id]).map((l) =>
  LanguageDescription.of({
    name: l.id,
    alias: [l.name.toLowerCase(), ...(ALIASES[l.id] ?? [])],
    extensions: [l.ext],
    load: LOADERS[l.id],
  }),
);

/**
 * @param {string} id a language id from LANGUAGES
 * @returns {Promise<LanguageSupport|null>} null for plain text
 */
export async function loadLanguage(id) {
  const load = LOADERS[id];
  return load ? load() : null;
}
