// @ts-check
/**
 * Translation for widgets (chat, captions): a chain of backends tried in order — the browser's
 * built-in Translator API when it has the language pair on the device, then the server's
 * `POST /api/translate` — with a cache per (text, source, target) and a status the UI shows
 * ("translation unavailable"). When nothing can translate, callers get the original text back:
 * a failed translation never loses a word.
 *
 * Backends are small objects `{name, translate(text, source, target)}` that throw a
 * {@link TranslationError}; tests and other deployments can pass their own to {@link Translator}.
 */

import { sameLanguage } from './language.js';

/**
 * Why a backend did not translate:
 * - `unsupported`: not this language pair (or text); the next backend may;
 * - `unavailable`: the backend cannot translate at all (not configured, no API);
 * - `rate-limited`: too many requests for now;
 * - `failed`: this attempt failed (service error, network, timeout).
 * @typedef {'unsupported'|'unavailable'|'rate-limited'|'failed'} TranslationErrorCode
 */

export class TranslationError extends Error {
  /**
   * @param {TranslationErrorCode} code
   * @param {string} message
   * @param {number} [retryAfterMs] for `rate-limited`
   */
  constructor(code, message, retryAfterMs) {
    super(message);
    this.name = 'TranslationError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * @typedef {object} Backend
 * @property {string} name e.g. 'builtin', 'server'
 * @property {(text: string, source: string, target: string) => Promise<{text: string, source?: string}>} translate
 *   `source` may be 'auto'; the answer's `source` is the detected language then
 * @property {() => Promise<'ready'|'unavailable'|'unknown'>} [probe] whether it can translate at all
 *
 * @typedef {object} TranslateResult
 * @property {string} text the translation, or the original text when `translated` is false
 * @property {boolean} translated
 * @property {string} source the text's language ('auto' when unknown)
 * @property {string} target
 * @property {string} via the backend that translated, 'same' (nothing to do) or 'none'
 * @property {TranslationErrorCode} [error] why the text is the original
 *
 * @typedef {'unknown'|'ready'|'unavailable'|'limited'|'failing'} TranslatorState
 * @typedef {{state: TranslatorState, via: string|null}} TranslatorStatus
 */

/** How long a backend that answered "unavailable" is left alone. */
const UNAVAILABLE_MS = 5 * 60_000;
/** How long a backend that failed is left alone (a flapping service is not hammered). */
const FAILED_MS = 15_000;
const RATE_LIMITED_MS = 10_000;
const TIMEOUT_MS = 15_000;
/** Translations running at once; the rest wait (a long history must not flood the server). */
const PARALLEL = 4;

export class Translator {
  /**
   * @param {Backend[]} backends tried in this order
   * @param {{cacheSize?: number, now?: () => number, timeoutMs?: number, parallel?: number}} [o]
   */
  constructor(backends, o = {}) {
    this.backends = backends;
    this._parallel = o.parallel ?? PARALLEL;
    this._running = 0;
    /** @type {Array<() => void>} */
    this._waiting = [];
    this._cacheSize = o.cacheSize ?? 500;
    this._now = o.now ?? Date.now;
    this._timeoutMs = o.timeoutMs ?? TIMEOUT_MS;
    /** @type {Map<string, Promise<TranslateResult>>} successful (or pending) translations, oldest first */
    this._cache = new Map();
    /** @type {Map<string, {until: number, code: TranslationErrorCode}>} backends resting */
    this._resting = new Map();
    /** @type {TranslatorStatus} */
    this._status = { state: 'unknown', via: null };
    /** @type {Set<(s: TranslatorStatus) => void>} */
    this._listeners = new Set();
  }

  /** @returns {TranslatorStatus} */
  get status() {
    return this._status;
  }

  /**
   * @param {(s: TranslatorStatus) => void} fn called when the status changes
   * @returns {() => void} unsubscribe
   */
  onStatus(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  /** @param {TranslatorStatus} s */
  _setStatus(s) {
    if (s.state === this._status.state && s.via === this._status.via) return;
    this._status = s;
    for (const fn of [...this._listeners]) fn(s);
  }

  /**
   * Asks the backends whether they can translate at all (without translating anything), so the
   * UI can say "unavailable" before the first message. Keeps a known state as it is.
   * @returns {Promise<TranslatorStatus>}
   */
  async probe() {
    let unavailable = 0;
    for (const b of this.backends) {
      const answer = b.probe ? await b.probe().catch(() => 'unknown') : 'unknown';
      if (answer === 'ready') {
        if (this._status.state === 'unknown' || this._status.state === 'unavailable') {
          this._setStatus({ state: 'ready', via: b.name });
        }
        return this._status;
      }
      if (answer === 'unavailable') unavailable++;
    }
    if (unavailable === this.backends.length && this._status.state !== 'ready') {
      this._setStatus({ state: 'unavailable', via: null });
    }
    return this._status;
  }

  /**
   * Translates `text` from `source` ('auto' when unknown) into `target`. Never rejects: when no
   * backend can, the result carries the original text and the reason.
   * @param {string} text
   * @param {string} source
   * @param {string} target
   * @returns {Promise<TranslateResult>}
   */
  translate(text, source, target) {
    if (!text.trim() || (source !== 'auto' && sameLanguage(source, target))) {
      return Promise.resolve({ text, translated: false, source, target, via: 'same' });
    }
    const key = JSON.stringify([source, target, text]);
    const hit = this._cache.get(key);
    if (hit) {
      this._cache.delete(key); // most recently used goes last
      this._cache.set(key, hit);
      return hit;
    }
    const job = this._run(text, source, target);
    this._cache.set(key, job);
    while (this._cache.size > this._cacheSize) {
      this._cache.delete(/** @type {string} */ (this._cache.keys().next().value));
    }
    // Only translations stay cached: a failure is asked again next time.
    job.then((r) => {
      if (r.via === 'none' && this._cache.get(key) === job) this._cache.delete(key);
    });
    return job;
  }

  /**
   * @param {string} text
   * @param {string} source
   * @param {string} target
   * @returns {Promise<TranslateResult>}
   */
  async _run(text, source, target) {
    if (this._running >= this._parallel) {
      await new Promise((resolve) => this._waiting.push(() => resolve(undefined)));
    }
    this._running++;
    try {
      return await this._tryBackends(text, source, target);
    } finally {
      this._running--;
      this._waiting.shift()?.();
    }
  }

  /**
   * @param {string} text
   * @param {string} source
   * @param {string} target
   * @returns {Promise<TranslateResult>}
   */
  async _tryBackends(text, source, target) {
    /** @type {TranslationErrorCode[]} */
    const reasons = [];
    for (const b of this.backends) {
      const rest = this._resting.get(b.name);
      if (rest && rest.until > this._now()) {
        reasons.push(rest.code);
        continue;
      }
      try {
        const out = await withTimeout(b.translate(text, source, target), this._timeoutMs);
        this._resting.delete(b.name);
        this._setStatus({ state: 'ready', via: b.name });
        const from = out.source && out.source !== 'auto' ? out.source : source;
        const same = from !== 'auto' && sameLanguage(from, target);
        return {
          text: same ? text : out.text,
          translated: !same && out.text !== text,
          source: from,
          target,
          via: same ? 'same' : b.name,
        };
      } catch (err) {
        const e =
          err instanceof TranslationError
            ? err
            : new TranslationError('failed', String(/** @type {any} */ (err)?.message ?? err));
        reasons.push(e.code);
        if (e.code === 'unavailable') this._rest(b, e.code, UNAVAILABLE_MS);
        else if (e.code === 'rate-limited')
          this._rest(b, e.code, e.retryAfterMs ?? RATE_LIMITED_MS);
        else if (e.code === 'failed') this._rest(b, e.code, FAILED_MS);
      }
    }
    const error = worst(reasons);
    this._setStatus({
      state: error === 'rate-limited' ? 'limited' : error === 'failed' ? 'failing' : 'unavailable',
      via: null,
    });
    return { text, translated: false, source, target, via: 'none', error };
  }

  /**
   * @param {Backend} b
   * @param {TranslationErrorCode} code
   * @param {number} ms
   */
  _rest(b, code, ms) {
    this._resting.set(b.name, { until: this._now() + ms, code });
  }
}

/**
 * The reason to show when every backend said no: a passing problem (rate limit, failure) first;
 * `unsupported` only when every backend that could have tried knows no such pair.
 * @param {TranslationErrorCode[]} reasons
 * @returns {TranslationErrorCode}
 */
function worst(reasons) {
  if (reasons.includes('rate-limited')) return 'rate-limited';
  if (reasons.includes('failed')) return 'failed';
  return reasons.length > 0 && reasons.every((r) => r === 'unsupported')
    ? 'unsupported'
    : 'unavailable';
}

/**
 * @template T
 * @param {Promise<T>} p
 * @param {number} ms
 * @returns {Promise<T>}
 */
function withTimeout(p, ms) {
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TranslationError('failed', `no answer in ${ms} ms`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([p, t]).finally(() => clearTimeout(timer)));
}

// ---- the browser's built-in Translator API (Chrome 138+) ----

/** A pair found missing is asked again after this long (it may have been downloaded since). */
const RECHECK_MS = 60_000;

/**
 * The browser's on-device translator, or null when the browser has none. Only pairs the device
 * already holds are used: downloading a model needs a click and the network (see `download`).
 * @param {any} [g] the global object holding `Translator` and `LanguageDetector`
 * @param {{now?: () => number}} [o]
 */
export function builtinBackend(g = globalThis, o = {}) {
  const api = g?.Translator;
  if (!api || typeof api.create !== 'function' || typeof api.availability !== 'function') {
    return null;
  }
  const now = o.now ?? Date.now;
  /** @type {Map<string, {at: number, translator: Promise<any>, missing: boolean}>} */
  const pairs = new Map();
  /** @type {Promise<any>|null} */
  let detector = null;

  /**
   * @param {string} source
   * @param {string} target
   * @returns {Promise<any>} the pair's translator, or null when the device does not hold it
   */
  function translatorFor(source, target) {
    const key = `${source}>${target}`;
    const known = pairs.get(key);
    if (known && (!known.missing || now() - known.at < RECHECK_MS)) return known.translator;
    const entry = { at: now(), translator: Promise.resolve(null), missing: false };
    entry.translator = (async () => {
      const a = await api.availability({ sourceLanguage: source, targetLanguage: target });
      if (a !== 'available') return null;
      return api.create({ sourceLanguage: source, targetLanguage: target });
    })()
      .catch(() => null)
      .then((t) => {
        entry.missing = !t;
        return t;
      });
    pairs.set(key, entry);
    return entry.translator;
  }

  /** @param {string} text @returns {Promise<string|null>} */
  async function detect(text) {
    const LD = g.LanguageDetector;
    if (!LD || typeof LD.create !== 'function') return null;
    detector ??= (async () =>
      (await LD.availability?.()) === 'available' ? LD.create() : null)().catch(() => null);
    const d = await detector;
    if (!d) return null;
    const [best] = await d.detect(text);
    return best && best.confidence >= 0.5 && best.detectedLanguage !== 'und'
      ? best.detectedLanguage
      : null;
  }

  return {
    name: 'builtin',
    /**
     * @param {string} text
     * @param {string} source
     * @param {string} target
     */
    async translate(text, source, target) {
      const from = source === 'auto' ? await detect(text) : source;
      if (!from) throw new TranslationError('unsupported', 'the browser cannot tell the language');
      if (sameLanguage(from, target)) return { text, source: from };
      const t = await translatorFor(from, target);
      if (!t)
        throw new TranslationError('unsupported', `the browser has no ${from}→${target} model`);
      try {
        return { text: String(await t.translate(text)), source: from };
      } catch (err) {
        throw new TranslationError('failed', String(/** @type {any} */ (err)?.message ?? err));
      }
    },
    /**
     * 'available', 'downloadable', 'downloading' or 'unavailable' for a pair.
     * @param {string} source
     * @param {string} target
     * @returns {Promise<string>}
     */
    async availability(source, target) {
      try {
        return String(await api.availability({ sourceLanguage: source, targetLanguage: target }));
      } catch {
        return 'unavailable';
      }
    },
    /**
     * Downloads a pair's model; call it from a click (the API needs a user gesture).
     * @param {string} source
     * @param {string} target
     * @param {(fraction: number) => void} [onProgress]
     */
    async download(source, target, onProgress) {
      const translator = api.create({
        sourceLanguage: source,
        targetLanguage: target,
        monitor(/** @type {EventTarget} */ m) {
          m.addEventListener('downloadprogress', (/** @type {any} */ e) => onProgress?.(e.loaded));
        },
      });
      pairs.set(`${source}>${target}`, { at: now(), translator, missing: false });
      await translator;
    },
  };
}
// ---- the server: POST /api/translate ----

/** The server's limit per request (TranslationRequest.MAX_CHARS). */
export const SERVER_MAX_CHARS = 2000;

/**
 * The server's translation endpoint, reached through `ctx.api` (which adds the room id and
 * secret). The one place that knows the endpoint's shape:
 * `POST /api/translate {q, source, target}` → `{translatedText, detectedLanguage?, cached}`;
 * `503 translation-unavailable` when the server has no service configured, `429 rate-limited`
 * (with `Retry-After`), `502 translation-failed`; `GET /api/translate/languages` lists pairs.
 * @param {(path: string, init?: RequestInit) => Promise<Response>} api
 * @param {{maxChars?: number}} [o]
 * @returns {Backend}
 */
export function serverBackend(api, o = {}) {
  const maxChars = o.maxChars ?? SERVER_MAX_CHARS;

  /**
   * @param {string} q
   * @param {string} source
   * @param {string} target
   */
  async function post(q, source, target) {
    /** @type {Response} */
    let res;
    try {
      res = await api('/api/translate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ q, source, target }),
      });
    } catch (err) {
      throw new TranslationError('failed', `the server cannot be reached (${String(err)})`);
    }
    /** @type {any} */
    const body = await res.json().catch(() => null);
    if (res.ok) {
      if (typeof body?.translatedText !== 'string') {
        throw new TranslationError('failed', 'the server answered without a translation');
      }
      const d = body.detectedLanguage;
      const detected =
        typeof d === 'string' ? d : typeof d?.language === 'string' ? d.language : null;
      return { text: body.translatedText, source: detected ?? source };
    }
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${res.status}`;
    switch (res.status) {
      case 429: {
        const s = Number(res.headers.get('retry-after'));
        throw new TranslationError('rate-limited', message, s > 0 ? s * 1000 : undefined);
      }
      case 400:
        throw new TranslationError('unsupported', message);
      case 401:
      case 403:
      case 404:
      case 405:
      case 501:
      case 503:
        throw new TranslationError('unavailable', message);
      default:
        throw new TranslationError('failed', message);
    }
  }

  return {
    name: 'server',
    async translate(text, source, target) {
      const out = [];
      let detected = source;
      for (const part of splitText(text, maxChars)) {
        if (!part.body.trim()) {
          out.push(part.body, part.sep);
          continue;
        }
        const r = await post(part.body, source, target);
        if (detected === 'auto' && r.source) detected = r.source;
        out.push(r.text, part.sep);
      }
      return { text: out.join(''), source: detected };
    },
    async probe() {
      try {
        const res = await api('/api/translate/languages', {
          headers: { accept: 'application/json' },
        });
        if (res.ok) return 'ready';
        return [401, 403, 404, 405, 501, 503].includes(res.status) ? 'unavailable' : 'unknown';
      } catch {
        return 'unknown';
      }
    },
  };
}

/**
 * Cuts text into pieces of at most `max` characters (code points), at paragraph, then sentence,
 * then word boundaries, keeping each piece's trailing separator so that the pieces' translations
 * join back with the original line breaks.
 * @param {string} text
 * @param {number} max
 * @returns {Array<{body: string, sep: string}>}
 */
export function splitText(text, max) {
  const chars = [...text];
  if (chars.length <= max) return [{ body: text, sep: '' }];
  /** @type {Array<{body: string, sep: string}>} */
  const out = [];
  let rest = chars;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1).join('');
    const cut =
      lastMatch(window, /\n\s*\n/g) ??
      lastMatch(window, /[.!?。！？]\s+/g) ??
      lastMatch(window, /\s+/g);
    // No boundary at all (one very long word): cut hard at `max` code points.
    const head = cut && cut.index > 0 ? [...window.slice(0, cut.index)] : rest.slice(0, max);
    const sep = cut && cut.index > 0 ? window.slice(cut.index, cut.index + cut.length) : '';
    out.push({ body: head.join(''), sep });
    rest = rest.slice(head.length + [...sep].length);
  }
  out.push({ body: rest.join(''), sep: '' });
  return out;
}

/**
 * @param {string} s
 * @param {RegExp} re global
 * @returns {{index: number, length: number}|null} the last match, separator included
 */
function lastMatch(s, re) {
  /** @type {{index: number, length: number}|null} */
  let last = null;
  for (const m of s.matchAll(re)) {
    // A sentence end keeps its punctuation in the sentence.
    const punct = /^[.!?。！？]/.test(m[0]) ? 1 : 0;
    last = { index: /** @type {number} */ (m.index) + punct, length: m[0].length - punct };
  }
  return last;
}

/**
 * Whether this server translates (`translate` of `GET /api/client-config`). Asked once per page
 * and API; false when the server cannot say (an old server offers no translation either).
 * @type {WeakMap<Function, Promise<boolean>>}
 */
const offers = new WeakMap();
/**
 * @param {(path: string, init?: RequestInit) => Promise<Response>} api
 * @returns {Promise<boolean>}
 */
export function serverTranslates(api) {
  let p = offers.get(api);
  if (!p) {
    p = api('/api/client-config', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : {}))
      .then((/** @type {any} */ c) => c?.translate === true)
      .catch(() => false);
    offers.set(api, p);
  }
  return p;
}

/**
 * A backend that only runs while `offered` says so: for the server's, so that a server without a
 * translation service is never asked (no failed request, no console error on every join).
 * @param {Backend} backend
 * @param {Promise<boolean>} offered
 * @returns {Backend}
 */
export function offeredBackend(backend, offered) {
  return {
    name: backend.name,
    async translate(text, source, target) {
      if (!(await offered)) throw new TranslationError('unavailable', 'not offered by this server');
      return backend.translate(text, source, target);
    },
    async probe() {
      if (!(await offered)) return 'unavailable';
      return backend.probe ? backend.probe() : 'unknown';
    },
  };
}

/**
 * The translator widgets use: the browser's own first, then the server (when it offers one).
 * `canTranslate` says whether anything could translate at all, so widgets can leave out what
 * only serves translation.
 * @param {(path: string, init?: RequestInit) => Promise<Response>} api `ctx.api`
 * @returns {Translator & {canTranslate: Promise<boolean>}}
 */
export function widgetTranslator(api) {
  const builtin = builtinBackend();
  const offered = serverTranslates(api);
  const server = offeredBackend(serverBackend(api), offered);
  const t = new Translator(builtin ? [builtin, server] : [server]);
  return Object.assign(t, { canTranslate: builtin ? Promise.resolve(true) : offered });
}
