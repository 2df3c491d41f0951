// @ts-check
/**
 * What the Share widget keeps in `ctx.state` and how it decides to show it. Everything here is
 * pure (no DOM), so it is unit-tested in node.
 *
 * Items come from other participants: untrusted data. {@link readItem} re-checks every field
 * whatever the sharer's page or the server said — URLs must be plain http(s) without user name or
 * password, texts are plain text without control or bidi-override characters, and nothing is
 * ever turned into HTML.
 *
 * State layout (developer notes in README.md):
 * - list `items`: one entry per shared thing, see {@link SharedItem};
 * - list `file:<key>`: the base64 parts of a shared image file, `{i, d}`.
 */

import { fromBase64, toBase64 } from '../../lib/sdk/base64.js';

export const LIST = 'items';
export const MAX_URL = 2048;
/** Kinds of shared items: what the link preview found, `link` when there was no preview. */
export const KINDS = Object.freeze(['image', 'video', 'audio', 'page', 'other', 'link', 'file']);
export const LIMITS = Object.freeze({
  title: 300,
  description: 1000,
  siteName: 200,
  name: 64,
  contentType: 100,
  fileName: 120,
});
/** Image files: at most this many bytes once re-encoded, in parts of this many base64 chars. */
export const MAX_FILE_BYTES = 600 * 1024;
export const PART_CHARS = 24_000;
export const MAX_PARTS = Math.ceil((MAX_FILE_BYTES * 4) / 3 / PART_CHARS) + 1;
/** Image types a shared file may have; anything else is not shown. */
export const FILE_TYPES = Object.freeze(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const FILE_KEY = /^[a-z0-9]{8,24}$/;

/**
 * @typedef {'image'|'video'|'audio'|'page'|'other'|'link'|'file'} Kind
 * @typedef {object} SharedFile
 * @property {string} key names the list `file:<key>` holding the parts
 * @property {string} type one of FILE_TYPES
 * @property {number} size bytes
 * @property {number} parts
 * @property {number} width
 * @property {number} height
 * @property {string|null} name the file name, for downloads
 * @typedef {object} SharedItem an item as stored in the list `items`, after {@link readItem}
 * @property {Kind} kind
 * @property {string|null} url the shared http(s) URL (null for files)
 * @property {string|null} title
 * @property {string|null} description
 * @property {string|null} image thumbnail URL of a page
 * @property {string|null} siteName
 * @property {string|null} contentType
 * @property {boolean} frameable the site lets our pages frame it (pages only)
 * @property {string|null} name the sharer's display name when shared
 * @property {SharedFile|null} file
 */

// Control characters and invisible format characters (bidi overrides that reverse text, zero
// widths) are dropped; the zero-width joiner stays, emoji sequences need it.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const ZWJ = '\u200d';

/**
 * Plain text from a peer: whitespace collapsed, invisible characters dropped, at most `max`
 * characters (code points). Not a string, or nothing left: null.
 * @param {unknown} v
 * @param {number} max
 * @returns {string|null}
 */
export function cleanText(v, max) {
  if (typeof v !== 'string') return null;
  const text = v
    .slice(0, max * 4)
    .replace(INVISIBLE, (c) => (c === ZWJ ? c : /\s/.test(c) ? ' ' : ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return null;
  const cps = [...text];
  return cps.length > max ? cps.slice(0, max - 1).join('') + '…' : text;
}

/**
 * A URL safe to put in `href`/`src`: absolute http(s), with a host, no user name or password,
 * at most {@link MAX_URL} characters. Anything else (javascript:, data:, relative…): null.
 * @param {unknown} raw
 * @returns {string|null} the normalised URL
 */
export function safeUrl(raw) {
  if (typeof raw !== 'string' || raw.length > MAX_URL) return null;
  let u;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password || !u.hostname) return null;
  return u.href.length > MAX_URL ? null : u.href;
}

/**
 * Finds a link in what the user pasted or typed: the text itself when it is a URL, else the first
 * http(s) URL in it; a bare host name ("example.org/x") gets https://.
 * @param {string} text
 * @returns {string|null}
 */
export function linkIn(text) {
  const t = String(text ?? '').trim();
  if (!t) return null;
  const direct = safeUrl(t);
  if (direct) return direct;
  const found = t.match(/\bhttps?:\/\/[^\s<>"'`]+/i)?.[0];
  if (found) return safeUrl(found.replace(/[.,;:!?)\]}'"»”’]+$/, ''));
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]\S*)?$/i.test(t)) return safeUrl(`https://${t}`);
  return null;
}

/**
 * Checks an item from the state. Returns null for anything malformed (not shown at all).
 * @param {unknown} v
 * @returns {SharedItem|null}
 */
export function readItem(v) {
  const m = /** @type {any} */ (v);
  if (!m || typeof m !== 'object' || Array.isArray(m)) return null;
  if (!KINDS.includes(m.kind)) return null;
  const kind = /** @type {Kind} */ (m.kind);
  /** @type {SharedFile|null} */
  let file = null;
  /** @type {string|null} */
  let url = null;
  if (kind === 'file') {
    file = readFile(m.file);
    if (!file) return null;
  } else {
    url = safeUrl(m.url);
    if (!url) return null;
  }
  return Object.freeze({
    kind,
    url,
    title: cleanText(m.title, LIMITS.title),
    description: cleanText(m.description, LIMITS.description),
    image: kind === 'file' ? null : safeUrl(m.image),
    siteName: cleanText(m.siteName, LIMITS.siteName),
    contentType: cleanText(m.contentType, LIMITS.contentType),
    frameable: kind === 'page' && m.frameable === true,
    name: cleanText(m.name, LIMITS.name),
    file,
  });
}

/**
 * @param {any} f
 * @returns {SharedFile|null}
 */
function readFile(f) {
  if (!f || typeof f !== 'object') return null;
  if (typeof f.key !== 'string' || !FILE_KEY.test(f.key)) return null;
  if (!FILE_TYPES.includes(f.type)) return null;
  const int = (/** @type {unknown} */ n, /** @type {number} */ max) =>
    Number.isSafeInteger(n) && /** @type {number} */ (n) > 0 && /** @type {number} */ (n) <= max;
  if (!int(f.size, MAX_FILE_BYTES) || !int(f.parts, MAX_PARTS)) return null;
  if (!int(f.width, 20_000) || !int(f.height, 20_000)) return null;
  return Object.freeze({
    key: f.key,
    type: f.type,
    size: f.size,
    parts: f.parts,
    width: f.width,
    height: f.height,
    name: cleanText(f.name, LIMITS.fileName),
  });
}

/**
 * The item to store for a link, from the answer of `GET /api/link-preview` (or null when there is
 * none). The answer is checked like anything else: a bad one means "no preview".
 * @param {string} url the URL the participant shared (already checked)
 * @param {unknown} preview
 * @param {string} name the sharer's display name
 */
export function itemFromPreview(url, preview, name) {
  const p = /** @type {any} */ (preview);
  const ok = p && typeof p === 'object' && KINDS.includes(p.kind) && p.kind !== 'file';
  // The server reports the address after redirects; keep it when it is a safe one.
  const finalUrl = (ok && safeUrl(p.url)) || url;
  /** @type {Record<string, unknown>} */
  const item = { kind: ok ? p.kind : 'link', url: finalUrl, name };
  if (ok) {
    for (const k of /** @type {const} */ (['title', 'description', 'siteName', 'contentType'])) {
      const t = cleanText(p[k], LIMITS[k]);
      if (t) item[k] = t;
    }
    const image = safeUrl(p.image);
    if (image) item.image = image;
    if (p.kind === 'page') item.frameable = p.frameable === true;
  }
  return item;
}

/**
 * Whether a Content-Security-Policy source list allows loading `url` into a page of origin
 * `self` — the subset of CSP matching the room page's policy needs: `'self'`, `*`, scheme
 * sources (`https:`) and host sources (`https://*.example.org:8443/path/`). `'none'` or an empty
 * list allow nothing but `'self'` when it is listed.
 * @param {string} url an absolute http(s) URL
 * @param {string[]} sources
 * @param {string} self the page's origin
 */
export function sourcesAllow(url, sources, self) {
  let u;
  let s;
  try {
    u = new URL(url);
    s = new URL(self);
  } catch {
    return false;
  }
  const scheme = u.protocol.slice(0, -1);
  const schemeOk = (/** @type {string} */ src) =>
    src === scheme || (src === 'http' && scheme === 'https');
  for (const raw of sources) {
    const src = String(raw).trim().toLowerCase();
    if (!src || src === "'none'") continue;
    if (src === "'self'") {
      if (u.origin === s.origin) return true;
      continue;
    }
    if (src === '*') {
      if (scheme === 'http' || scheme === 'https') return true;
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:$/.test(src)) {
      if (schemeOk(src.slice(0, -1))) return true;
      continue;
    }
    const m = src.match(
      /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|\*\.[^/:]+|[^/:*]+)(?::(\d+|\*))?(\/.*)?$/,
    );
    if (!m) continue;
    const [, srcScheme, host, port, path] = m;
    if (srcScheme ? !schemeOk(srcScheme) : !schemeOk(s.protocol.slice(0, -1))) continue;
    const hostOk =
      host === '*' ||
      (host.startsWith('*.') ? u.hostname.endsWith(host.slice(1)) : u.hostname === host);
    if (!hostOk) continue;
    const effective = u.port || (scheme === 'https' ? '443' : '80');
    const wanted = port ?? ((srcScheme ?? scheme) === 'https' ? '443' : '80');
    const portOk =
      port === '*' ||
      effective === wanted ||
      (!port && srcScheme === 'http' && scheme === 'https' && effective === '443');
    if (!portOk) continue;
    if (path && path !== '/') {
      const p = decodeURIComponent(u.pathname);
      if (path.endsWith('/') ? !p.startsWith(path) : p !== path) continue;
    }
    return true;
  }
  return false;
}

/**
 * How to show an item on this page.
 * - `image`, `video`, `audio`: the media itself, when the page may load it;
 * - `frame`: a sandboxed frame, for pages whose headers let us frame them;
 * - `file`: a shared image file (from the parts in the state);
 * - `card`: a link card (title, description, site, thumbnail) otherwise.
 * @param {SharedItem} item
 * @param {(url: string) => boolean} loadable whether the page's CSP lets it load the URL
 * @returns {'image'|'video'|'audio'|'frame'|'file'|'card'}
 */
export function viewOf(item, loadable) {
  if (item.kind === 'file') return 'file';
  const url = /** @type {string} */ (item.url);
  switch (item.kind) {
    case 'image':
    case 'video':
    case 'audio':
      return loadable(url) ? item.kind : 'card';
    case 'page':
      return item.frameable && loadable(url) ? 'frame' : 'card';
    default:
      return 'card';
  }
}

/**
 * The `sandbox` flags of the frame that shows a shared page.
 *
 * - Never `allow-same-origin` together with `allow-scripts` for a page of our own origin: such a
 *   frame could reach into the room page (and take the room secret) or remove its own sandbox.
 *   Our own pages are shown without scripts.
 * - Other sites keep their own origin (`allow-same-origin`: their scripts work as they expect)
 *   and run scripts — the same-origin policy already keeps them out of the room page; the frame
 *   is also `credentialless` (no cookies, so nobody is logged in there).
 * - `allow-popups` + `allow-popups-to-escape-sandbox`: links the user clicks open in a normal
 *   new tab.
 * - Not allowed: forms (no login forms inside the meeting), top navigation (the page cannot
 *   navigate the meeting away), modals (no alert storms), downloads, pointer lock,
 *   presentation, storage access.
 * @param {string} url
 * @param {string} self the room page's origin
 */
export function sandboxFor(url, self) {
  let same = true;
  try {
    same = new URL(url).origin === new URL(self).origin;
  } catch {
    /* unparsable: treat as ours, the strictest */
  }
  return same
    ? 'allow-popups allow-popups-to-escape-sandbox'
    : 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';
}

/**
 * The host name to show under a link (without "www.").
 * @param {string} url
 */
export function hostOf(url) {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/**
 * Joins the parts of a shared file, checking them; null while parts are missing or when they do
 * not add up.
 * @param {SharedFile} file
 * @param {Array<{value: unknown}>} items the list `file:<key>`
 * @returns {{bytes: Uint8Array|null, have: number}}
 */
export function assembleFile(file, items) {
  /** @type {Array<string|undefined>} */
  const parts = new Array(file.parts);
  let have = 0;
  for (const it of items) {
    const p = /** @type {any} */ (it.value);
    if (!p || !Number.isSafeInteger(p.i) || p.i < 0 || p.i >= file.parts) continue;
    if (typeof p.d !== 'string' || p.d.length > PART_CHARS || parts[p.i] !== undefined) continue;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(p.d)) continue;
    parts[p.i] = p.d;
    have++;
  }
  if (have < file.parts) return { bytes: null, have };
  const bytes = fromBase64(parts.join(''));
  if (!bytes || bytes.length !== file.size || sniffImage(bytes) !== file.type) {
    return { bytes: null, have };
  }
  return { bytes, have };
}

/**
 * The image type the bytes really are (magic numbers), whatever a peer claimed; null for
 * anything else (SVG included: never shown from a peer).
 * @param {Uint8Array} b
 * @returns {string|null}
 */
export function sniffImage(b) {
  const at = (/** @type {number} */ i, /** @type {number[]} */ sig) =>
    sig.every((x, k) => b[i + k] === x);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (at(0, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  return null;
}

/**
 * Cuts bytes into base64 parts for the state.
 * @param {Uint8Array} bytes
 * @returns {string[]}
 */
export function toParts(bytes) {
  const b64 = toBase64(bytes);
  const out = [];
  for (let i = 0; i < b64.length; i += PART_CHARS) out.push(b64.slice(i, i + PART_CHARS));
  return out;
}

export { toBase64, fromBase64 };

/** A random key for a shared file's parts. */
export function newFileKey() {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  return [...a].map((x) => (x % 36).toString(36)).join('');
}
