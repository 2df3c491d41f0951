// The fake server's share and embed parts, faithful to the Java server's (package
// org.tfx.sessions.share, web.ContentSecurityPolicy, web.ClientConfigServlet): the
// Content-Security-Policy of each kind of page, GET /api/client-config and GET /api/link-preview.
// Test code only: no cache, no rate limit.
import dns from 'node:dns/promises';
import net from 'node:net';

const MAX_HTML_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;
const MAX_URL = 2048;
const TIMEOUT_MS = 5000;

/**
 * The policies, as ContentSecurityPolicy builds them.
 * @param {{allowedOrigins: string[], shareSources: string[]}} o
 */
export function policies(o) {
  const shared = o.shareSources.length ? ` ${o.shareSources.join(' ')}` : '';
  const embedders = o.allowedOrigins.filter((x) =>
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(x),
  );
  const policy = (img, media, frame, ancestors) =>
    `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; ` +
    `img-src ${img} data: blob:; media-src ${media} blob:; connect-src 'self'; font-src 'self'; ` +
    `frame-src ${frame}; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; ` +
    `form-action 'self'; frame-ancestors ${ancestors}`;
  const self = `'self'${shared}`;
  return {
    strict: policy("'self'", "'self'", "'self'", "'self'"),
    room: policy(self, self, self, "'self'"),
    embed: policy(self, self, self, ["'self'", ...embedders].join(' ')),
    embedOrigins: embedders,
  };
}

/**
 * The security headers of a path, as SecurityHeadersFilter sets them.
 * @param {string} pathname
 * @param {ReturnType<typeof policies>} p
 */
export function securityHeaders(pathname, p) {
  const embed = pathname.startsWith('/embed/');
  const room = pathname.startsWith('/app/') || pathname.startsWith('/r/');
  const headers = {
    'x-content-type-options': 'nosniff',
    'content-security-policy': embed ? p.embed : room ? p.room : p.strict,
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy':
      'camera=(self), microphone=(self), display-capture=(self), geolocation=()',
  };
  if (!embed) headers['x-frame-options'] = 'SAMEORIGIN';
  return headers;
}

/** A shared URL as SharedUrl.parse accepts it, or null. */
export function parseSharedUrl(text) {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (!t || t.length > MAX_URL) return null;
  try {
    const u = new URL(t);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) return null;
    if (u.username || u.password) return null;
    return u;
  } catch {
    return null;
  }
}

/** Loopback, private, link-local, unspecified, multicast: what AddressPolicy refuses. */
export function isPrivateAddress(ip) {
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v = ip.toLowerCase();
  if (v.startsWith('::ffff:')) return isPrivateAddress(v.slice(7));
  return (
    v === '::' ||
    v === '::1' ||
    v.startsWith('fc') ||
    v.startsWith('fd') ||
    v.startsWith('fe8') ||
    v.startsWith('fe9') ||
    v.startsWith('fea') ||
    v.startsWith('feb') ||
    v.startsWith('ff')
  );
}

class FetchError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * GET /api/link-preview for an already authorised request.
 * @param {string|null} rawUrl the `url` parameter
 * @param {{ourOrigin: string, allowPrivateAddresses: boolean}} o
 * @returns {Promise<{status: number, body: object}>}
 */
export async function linkPreview(rawUrl, o) {
  const shared = parseSharedUrl(rawUrl);
  if (!shared) {
    return error(
      400,
      'invalid-url',
      `url must be an absolute http(s) URL of at most ${MAX_URL} characters, without a user name`,
    );
  }
  try {
    return { status: 200, body: withoutNulls(await preview(shared, o)) };
  } catch (err) {
    if (err instanceof FetchError) return error(err.status, err.code, err.message);
    return error(502, 'fetch-failed', String(err?.message ?? err));
  }
}

function error(status, code, message) {
  return { status, body: { code, message } };
}

/** Yasson leaves null members out. */
function withoutNulls(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

async function checkAddress(url, allowPrivate) {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses;
  try {
    addresses = net.isIP(host)
      ? [host]
      : (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new FetchError(502, 'fetch-failed', `cannot resolve ${host}`);
  }
  if (!allowPrivate && addresses.some(isPrivateAddress)) {
    throw new FetchError(403, 'address-not-allowed', `${host} is a private address`);
  }
}

async function preview(shared, o) {
  let url = new URL(shared.href);
  url.hash = '';
  for (let hop = 0; ; hop++) {
    await checkAddress(url, o.allowPrivateAddresses);
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    let r;
    try {
      r = await fetch(url, {
        redirect: 'manual',
        signal: ctrl.signal,
        headers: {
          accept:
            'text/html,application/xhtml+xml;q=0.9,image/*;q=0.8,video/*;q=0.8,audio/*;q=0.8,*/*;q=0.5',
        },
      });
    } catch (err) {
      clearTimeout(timer);
      throw new FetchError(502, 'fetch-failed', `cannot fetch: ${err?.message ?? err}`);
    }
    if ([301, 302, 303, 307, 308].includes(r.status)) {
      clearTimeout(timer);
      r.body?.cancel().catch(() => {});
      if (hop === MAX_REDIRECTS) {
        throw new FetchError(502, 'fetch-failed', `more than ${MAX_REDIRECTS} redirects`);
      }
      const loc = r.headers.get('location');
      if (!loc) throw new FetchError(502, 'fetch-failed', 'a redirect without Location');
      const next = parseSharedUrl(new URL(loc, url).href);
      if (!next)
        throw new FetchError(502, 'fetch-failed', 'a redirect to a URL that is not http(s)');
      next.hash = '';
      url = next;
      continue;
    }
    if (r.status < 200 || r.status >= 300) {
      clearTimeout(timer);
      r.body?.cancel().catch(() => {});
      throw new FetchError(502, 'fetch-failed', `the site answered ${r.status}`);
    }
    const type = (r.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const kind = kindOf(type);
    let meta = { title: null, description: null, image: null, siteName: null };
    if (kind === 'page') meta = pageMetadata(await readLimited(r, MAX_HTML_BYTES), url);
    else r.body?.cancel().catch(() => {});
    clearTimeout(timer);
    const shown = shared.hash ? `${url.href}${shared.hash}` : url.href;
    return {
      url: shown,
      kind,
      contentType: type,
      title: meta.title,
      description: meta.description,
      image: meta.image,
      siteName: meta.siteName,
      frameable: frameable(r.headers, url, o.ourOrigin),
    };
  }
}

async function readLimited(r, max) {
  const chunks = [];
  let n = 0;
  for await (const c of r.body) {
    chunks.push(c);
    n += c.length;
    if (n >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

export function kindOf(type) {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'page';
  return 'other';
}

/**
 * FramingRules.frameable: CSP frame-ancestors when present, else X-Frame-Options.
 * @param {Headers} headers
 * @param {URL} page
 * @param {string} ourOrigin
 */
export function frameable(headers, page, ourOrigin) {
  const ours = new URL(ourOrigin);
  let saw = false;
  for (const policy of (headers.get('content-security-policy') ?? '').split(',')) {
    for (const directive of policy.split(';')) {
      const tokens = directive.trim().split(/\s+/);
      if (tokens[0].toLowerCase() !== 'frame-ancestors') continue;
      saw = true;
      if (!ancestorsAllow(tokens.slice(1), page, ours)) return false;
      break;
    }
  }
  if (saw) return true;
  const xfo = new Set(
    (headers.get('x-frame-options') ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );
  if (xfo.size === 0 || (xfo.size === 1 && xfo.has('allowall'))) return true;
  if (xfo.size > 1 || xfo.has('deny')) return false;
  if (xfo.has('sameorigin')) return page.origin === ours.origin;
  return true;
}

function ancestorsAllow(sources, page, ours) {
  for (const raw of sources) {
    const s = raw.toLowerCase();
    if (s === "'self'") {
      if (page.origin === ours.origin) return true;
    } else if (s === '*') {
      return true;
    } else if (/^[a-z][a-z0-9+.-]*:$/.test(s)) {
      if (s === ours.protocol || (s === 'http:' && ours.protocol === 'https:')) return true;
    } else if (!s.startsWith("'")) {
      const m = s.match(/^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?/);
      if (!m) continue;
      const [, scheme, host, port] = m;
      const sch = scheme ?? page.protocol.slice(0, -1);
      if (!(sch === ours.protocol.slice(0, -1) || (sch === 'http' && ours.protocol === 'https:')))
        continue;
      const hostOk = host.startsWith('*.')
        ? ours.hostname.endsWith(host.slice(1))
        : ours.hostname === host;
      if (!hostOk) continue;
      const ourPort = ours.port || (ours.protocol === 'https:' ? '443' : '80');
      const want = port ?? (sch === 'https' ? '443' : '80');
      if (port === '*' || ourPort === want) return true;
    }
  }
  return false;
}

/**
 * PageMetadata.parse, with regular expressions instead of jsoup (enough for test pages): the
 * title, OpenGraph / Twitter / description meta tags, entities decoded, plain text.
 * @param {string} html
 * @param {URL} base
 */
export function pageMetadata(html, base) {
  const meta = new Map();
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attrs = attributes(tag);
    const key = (attrs.property ?? attrs.name ?? '').trim().toLowerCase();
    if (key && attrs.content !== undefined && !meta.has(key)) meta.set(key, attrs.content);
  }
  const first = (...keys) => keys.map((k) => meta.get(k)).find((v) => v && v.trim()) ?? null;
  const titleTag = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1];
  const title = first('og:title', 'twitter:title') ?? (titleTag ? decode(titleTag) : null);
  let image = first(
    'og:image',
    'og:image:url',
    'og:image:secure_url',
    'twitter:image',
    'twitter:image:src',
  );
  if (image) {
    try {
      const u = new URL(image.trim(), base);
      image = u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      image = null;
    }
  }
  return {
    title: text(title, 300),
    description: text(first('og:description', 'twitter:description', 'description'), 1000),
    image,
    siteName: text(first('og:site_name', 'application-name'), 200),
  };
}

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    out[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, e) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[k];
  });
}

function text(s, max) {
  if (s === null || s === undefined) return null;
  const t = s
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\u200d' ? c : /\s/.test(c) ? ' ' : ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!t) return null;
  const cps = [...t];
  return cps.length > max ? cps.slice(0, max - 1).join('') + '…' : t;
}
