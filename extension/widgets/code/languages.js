// @ts-check
/**
 * The languages the editor offers: what the picker shows and the file extension of a download.
 * Their grammars are loaded on demand (language-support.js), so that a language nobody picks
 * costs nothing.
 */

/** @typedef {{id: string, name: string, ext: string, mime: string}} LanguageInfo */

/** @type {readonly LanguageInfo[]} */
export const LANGUAGES = Object.freeze([
  { id: 'javascript', name: 'JavaScript', ext: 'js', mime: 'text/javascript' },
  { id: 'typescript', name: 'TypeScript', ext: 'ts', mime: 'text/plain' },
  { id: 'python', name: 'Python', ext: 'py', mime: 'text/x-python' },
  { id: 'java', name: 'Java', ext: 'java', mime: 'text/x-java' },
  { id: 'c', name: 'C', ext: 'c', mime: 'text/x-c' },
  { id: 'cpp', name: 'C++', ext: 'cpp', mime: 'text/x-c++' },
  { id: 'go', name: 'Go', ext: 'go', mime: 'text/x-go' },
  { id: 'rust', name: 'Rust', ext: 'rs', mime: 'text/x-rust' },
  { id: 'sql', name: 'SQL', ext: 'sql', mime: 'application/sql' },
  { id: 'html', name: 'HTML', ext: 'html', mime: 'text/html' },
  { id: 'css', name: 'CSS', ext: 'css', mime: 'text/css' },
  { id: 'markdown', name: 'Markdown', ext: 'md', mime: 'text/markdown' },
  { id: 'plaintext', name: 'Plain text', ext: 'txt', mime: 'text/plain' },
]);

export const DEFAULT_LANGUAGE = 'javascript';

/**
 * @param {unknown} id a value from ctx.state (peers may store anything)
 * @returns {LanguageInfo} the language, or the default one
 */
export function languageById(id) {
  return (
    LANGUAGES.find((l) => l.id === id) ??
    /** @type {LanguageInfo} */ (LANGUAGES.find((l) => l.id === DEFAULT_LANGUAGE))
  );
}

/**
 * @param {unknown} id
 * @returns {boolean} whether it is one of ours
 */
export const isLanguage = (id) => LANGUAGES.some((l) => l.id === id);
