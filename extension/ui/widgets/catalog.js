// @ts-check
/**
 * The widget catalogue as the client sees it: `GET /api/widgets`, with every URL resolved for
 * where this page runs. Built-in widgets load from this origin (the web client) or from the
 * extension's own copy (MV3 runs no remote code); third-party widgets always run in a sandboxed
 * frame served by the server.
 */

/**
 * @typedef {object} WidgetEntry
 * @property {string} id
 * @property {string} name
 * @property {string} version
 * @property {string} description
 * @property {string[]} permissions
 * @property {string[]} channels
 * @property {boolean} background mounted at join, not when first opened
 * @property {boolean} thirdParty runs sandboxed
 * @property {string|null} moduleUrl entry module (built-in widgets)
 * @property {string|null} styleUrl
 * @property {string|null} iconUrl
 * @property {string|null} frameUrl sandbox page (third-party widgets)
 */

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/;

/** @param {unknown} f */
const safeFile = (f) => typeof f === 'string' && FILE.test(f) && !f.includes('..');

/**
 * @param {string} serverUrl
 * @param {{extensionUrl?: (path: string) => string, fetchImpl?: typeof fetch}} [env]
 *   `extensionUrl` is set inside the extension (chrome.runtime.getURL)
 * @returns {Promise<WidgetEntry[]>}
 */
export async function loadCatalog(serverUrl, env = {}) {
  const fetchImpl = env.fetchImpl ?? fetch;
  const base = serverUrl.replace(/\/+$/, '');
  const res = await fetchImpl(`${base}/api/widgets`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`widget catalogue: HTTP ${res.status}`);
  const list = await res.json();
  if (!Array.isArray(list)) throw new Error('widget catalogue: not a list');
  const out = await Promise.all(list.map((raw) => resolve(raw, base, env, fetchImpl)));
  return /** @type {WidgetEntry[]} */ (out.filter(Boolean));
}

/**
 * @param {any} raw
 * @param {string} server
 * @param {{extensionUrl?: (path: string) => string}} env
 * @param {typeof fetch} fetchImpl
 * @returns {Promise<WidgetEntry|null>}
 */
async function resolve(raw, server, env, fetchImpl) {
  if (!raw || typeof raw !== 'object' || !ID.test(raw.id) || typeof raw.name !== 'string') {
    return null;
  }
  const thirdParty = raw.thirdParty === true;
  /** @type {any} */
  let m = raw;
  let root;
  if (thirdParty) {
    if (typeof raw.frame !== 'string' || !raw.frame.startsWith('/')) return null;
    root = absolute(raw.base, server) ?? `${server}/widgets/${raw.id}/`;
  } else if (env.extensionUrl) {
    // The extension runs its own copy, and only of widgets it ships.
    root = env.extensionUrl(`widgets/${raw.id}/`);
    m = await readManifest(`${root}widget.json`, fetchImpl);
    if (!m || m.id !== raw.id) return null;
  } else {
    root = absolute(raw.base, server) ?? `${server}/widgets/${raw.id}/`;
    // A server older than manifest v2 does not list style/background: read them from the file.
    if (!('style' in raw) || !('background' in raw)) {
      m = { ...(await readManifest(`${root}widget.json`, fetchImpl)), ...raw };
    }
  }
  const file = (/** @type {unknown} */ f) => (safeFile(f) ? new URL(String(f), root).href : null);
  return {
    id: raw.id,
    name: String(m.name ?? raw.name).slice(0, 128),
    version: String(m.version ?? raw.version ?? ''),
    description: String(m.description ?? raw.description ?? '').slice(0, 1000),
    permissions: strings(m.permissions),
    channels: strings(m.channels),
    background: m.background === true,
    thirdParty,
    moduleUrl: thirdParty ? null : file(m.entry),
    styleUrl: thirdParty ? null : file(m.style),
    iconUrl: file(m.icon),
    frameUrl: thirdParty ? `${server}${raw.frame}` : null,
  };
}

/**
 * @param {unknown} base
 * @param {string} server
 */
function absolute(base, server) {
  if (typeof base !== 'string' || !base) return null;
  try {
    const u = new URL(base, `${server}/`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.endsWith('/') ? u.href : `${u.href}/`;
  } catch {
    return null;
  }
}

/**
 * @param {string} url
 * @param {typeof fetch} fetchImpl
 */
async function readManifest(url, fetchImpl) {
  try {
    const r = await fetchImpl(url);
    return r.ok ? await r.json() : null;
  } catch {
    return null;
  }
}

/** @param {unknown} v */
function strings(v) {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string').slice(0, 32) : [];
}
