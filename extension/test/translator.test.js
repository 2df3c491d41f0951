// The translator chain used by chat and captions: built-in → server → original text, caching,
// the server endpoint's errors, and splitting long texts for the server's limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Translator,
  TranslationError,
  builtinBackend,
  serverBackend,
  splitText,
} from '../ui/widgets/translator.js';

const DICT = { 'Good morning': 'Guten Morgen', Hello: 'Hallo' };

/** A fake of the browser's Translator API that holds the pairs listed in `available`. */
function fakeBrowser({ available = ['en>de'], downloadable = [], detect = null } = {}) {
  const calls = { availability: 0, create: 0, translate: [] };
  const g = {
    Translator: {
      async availability({ sourceLanguage, targetLanguage }) {
        calls.availability++;
        const k = `${sourceLanguage}>${targetLanguage}`;
        return available.includes(k)
          ? 'available'
          : downloadable.includes(k)
            ? 'downloadable'
            : 'unavailable';
      },
      async create({ sourceLanguage, targetLanguage }) {
        calls.create++;
        return {
          async translate(text) {
            calls.translate.push([sourceLanguage, targetLanguage, text]);
            return `[${targetLanguage}] ${DICT[text] ?? text}`;
          },
        };
      },
    },
  };
  if (detect) {
    g.LanguageDetector = {
      availability: async () => 'available',
      create: async () => ({
        detect: async () => [{ detectedLanguage: detect, confidence: 0.9 }],
      }),
    };
  }
  return { g, calls };
}

/** A fake `ctx.api` for POST /api/translate; `answer(body)` returns [status, json, headers]. */
function fakeApi(answer) {
  const requests = [];
  const api = async (path, init = {}) => {
    const body = init.body ? JSON.parse(init.body) : null;
    requests.push({ path, method: init.method ?? 'GET', body });
    const [status, json, headers] = answer(path, body);
    return new Response(JSON.stringify(json), { status, headers });
  };
  return { api, requests };
}

const dictionaryServer = () =>
  fakeApi((path, body) =>
    path === '/api/translate/languages'
      ? [200, [{ code: 'en', name: 'English', targets: ['de'] }]]
      : [200, { translatedText: DICT[body.q] ?? `?${body.q}`, cached: false }],
  );

test('the built-in translator comes first when the device holds the pair', async () => {
  const { g, calls } = fakeBrowser();
  const server = dictionaryServer();
  const t = new Translator([builtinBackend(g), serverBackend(server.api)]);
  const r = await t.translate('Good morning', 'en', 'de');
  assert.deepEqual(r, {
    text: '[de] Guten Morgen',
    translated: true,
    source: 'en',
    target: 'de',
    via: 'builtin',
  });
  assert.equal(server.requests.length, 0);
  assert.deepEqual(t.status, { state: 'ready', via: 'builtin' });
  // The pair's translator is created once.
  await t.translate('Hello', 'en', 'de');
  assert.equal(calls.create, 1);
});

test('a pair the device lacks (even if downloadable) goes to the server', async () => {
  const { g, calls } = fakeBrowser({ available: [], downloadable: ['en>de'] });
  const server = dictionaryServer();
  const t = new Translator([builtinBackend(g), serverBackend(server.api)]);
  const r = await t.translate('Good morning', 'en', 'de');
  assert.equal(r.text, 'Guten Morgen');
  assert.equal(r.via, 'server');
  assert.equal(calls.create, 0, 'no download is started behind the user’s back');
  assert.deepEqual(server.requests, [
    {
      path: '/api/translate',
      method: 'POST',
      body: { q: 'Good morning', source: 'en', target: 'de' },
    },
  ]);
});

test('without a Translator API there is no built-in backend', () => {
  assert.equal(builtinBackend({}), null);
  assert.equal(builtinBackend({ Translator: { create() {} } }), null);
});

test('nothing works: the original text comes back and the status says unavailable', async () => {
  const { g } = fakeBrowser({ available: [] });
  const server = fakeApi(() => [
    503,
    { code: 'translation-unavailable', message: 'no translation service is configured' },
  ]);
  const t = new Translator([builtinBackend(g), serverBackend(server.api)]);
  const seen = [];
  t.onStatus((s) => seen.push(s.state));
  const r = await t.translate('Good morning', 'en', 'de');
  assert.deepEqual(r, {
    text: 'Good morning',
    translated: false,
    source: 'en',
    target: 'de',
    via: 'none',
    error: 'unavailable',
  });
  assert.deepEqual(seen, ['unavailable']);
  // The server is left alone for a while: no second request for the next text.
  await t.translate('Hello', 'en', 'de');
  assert.equal(server.requests.length, 1);
});

test('probe reports "unavailable" before any text when the server has no service', async () => {
  const server = fakeApi(() => [503, { code: 'translation-unavailable', message: 'x' }]);
  const t = new Translator([serverBackend(server.api)]);
  assert.deepEqual(await t.probe(), { state: 'unavailable', via: null });
  assert.equal(server.requests[0].path, '/api/translate/languages');
  const ok = new Translator([serverBackend(dictionaryServer().api)]);
  assert.deepEqual(await ok.probe(), { state: 'ready', via: 'server' });
});

test('translations are cached per (text, source, target); concurrent asks share one request', async () => {
  const server = dictionaryServer();
  const t = new Translator([serverBackend(server.api)]);
  const [a, b] = await Promise.all([
    t.translate('Hello', 'en', 'de'),
    t.translate('Hello', 'en', 'de'),
  ]);
  assert.equal(a, b);
  await t.translate('Hello', 'en', 'de');
  assert.equal(server.requests.length, 1);
  // Another target or source is another entry.
  await t.translate('Hello', 'en', 'fr');
  await t.translate('Hello', 'auto', 'de');
  assert.equal(server.requests.length, 3);
});

test('the cache forgets the least recently used entries beyond its size', async () => {
  const server = dictionaryServer();
  const t = new Translator([serverBackend(server.api)], { cacheSize: 2 });
  await t.translate('a', 'en', 'de');
  await t.translate('b', 'en', 'de');
  await t.translate('a', 'en', 'de'); // a is fresh again
  await t.translate('c', 'en', 'de'); // b goes
  assert.equal(server.requests.length, 3);
  await t.translate('a', 'en', 'de');
  assert.equal(server.requests.length, 3);
  await t.translate('b', 'en', 'de');
  assert.equal(server.requests.length, 4);
});

test('failures are not cached: the text is asked again once the backend rests no more', async () => {
  let now = 0;
  let fail = true;
  const server = fakeApi((_p, body) =>
    fail
      ? [502, { code: 'translation-failed', message: 'upstream down' }]
      : [200, { translatedText: DICT[body.q], cached: false }],
  );
  const t = new Translator([serverBackend(server.api)], { now: () => now });
  const r1 = await t.translate('Hello', 'en', 'de');
  assert.equal(r1.error, 'failed');
  assert.equal(t.status.state, 'failing');
  fail = false;
  // Within the rest period the server is not asked.
  assert.equal((await t.translate('Hello', 'en', 'de')).via, 'none');
  assert.equal(server.requests.length, 1);
  now += 16_000;
  const r2 = await t.translate('Hello', 'en', 'de');
  assert.equal(r2.text, 'Hallo');
  assert.equal(t.status.state, 'ready');
});

test('429 pauses the server for Retry-After and says "limited"', async () => {
  let now = 0;
  let limited = true;
  const server = fakeApi((_p, body) =>
    limited
      ? [429, { code: 'rate-limited', message: 'slow down' }, { 'retry-after': '3' }]
      : [200, { translatedText: DICT[body.q], cached: true }],
  );
  const t = new Translator([serverBackend(server.api)], { now: () => now });
  assert.equal((await t.translate('Hello', 'en', 'de')).error, 'rate-limited');
  assert.equal(t.status.state, 'limited');
  limited = false;
  now += 2_000;
  assert.equal((await t.translate('Hello', 'en', 'de')).via, 'none');
  now += 1_500;
  assert.equal((await t.translate('Hello', 'en', 'de')).text, 'Hallo');
});

test('a network error, a bad answer and a hung backend all fall back to the original', async () => {
  const down = new Translator([
    serverBackend(async () => {
      throw new TypeError('Failed to fetch');
    }),
  ]);
  assert.equal((await down.translate('Hello', 'en', 'de')).error, 'failed');
  const odd = new Translator([serverBackend(fakeApi(() => [200, { nope: 1 }]).api)]);
  assert.equal((await odd.translate('Hello', 'en', 'de')).text, 'Hello');
  const hung = new Translator([{ name: 'slow', translate: () => new Promise(() => {}) }], {
    timeoutMs: 30,
  });
  const r = await hung.translate('Hello', 'en', 'de');
  assert.equal(r.via, 'none');
  assert.equal(r.error, 'failed');
});

test('the next backend is tried when one fails for a text', async () => {
  const t = new Translator([
    {
      name: 'first',
      translate: async () => {
        throw new TranslationError('unsupported', 'no such pair');
      },
    },
    { name: 'second', translate: async (text) => ({ text: text.toUpperCase() }) },
  ]);
  assert.deepEqual(await t.translate('hello', 'en', 'de'), {
    text: 'HELLO',
    translated: true,
    source: 'en',
    target: 'de',
    via: 'second',
  });
});

test('same language: nothing to translate, no backend asked', async () => {
  const server = dictionaryServer();
  const t = new Translator([serverBackend(server.api)]);
  for (const [s, d] of [
    ['de', 'de'],
    ['en-GB', 'en'],
    ['pt', 'pt-BR'],
  ]) {
    const r = await t.translate('Hallo', s, d);
    assert.equal(r.via, 'same');
    assert.equal(r.text, 'Hallo');
  }
  // Chinese scripts are different languages for a reader.
  await t.translate('你好', 'zh-Hans', 'zh-Hant');
  assert.equal(server.requests.length, 1);
});

test('source "auto": the detected language is reported; detected = target is not translated', async () => {
  const server = fakeApi((_p, body) => [
    200,
    {
      translatedText: body.q === 'Hallo' ? 'Hallo' : 'Guten Morgen',
      detectedLanguage: body.q === 'Hallo' ? 'de' : 'en',
    },
  ]);
  const t = new Translator([serverBackend(server.api)]);
  const r = await t.translate('Good morning', 'auto', 'de');
  assert.equal(r.source, 'en');
  assert.equal(r.text, 'Guten Morgen');
  const same = await t.translate('Hallo', 'auto', 'de');
  assert.equal(same.via, 'same');
  assert.equal(same.translated, false);
  // LibreTranslate's own shape {language, confidence} is understood too.
  const lt = new Translator([
    serverBackend(
      fakeApi(() => [
        200,
        { translatedText: 'Hallo', detectedLanguage: { language: 'en', confidence: 90 } },
      ]).api,
    ),
  ]);
  assert.equal((await lt.translate('Hello', 'auto', 'de')).source, 'en');
  // The browser detects the language itself when it can.
  const { g } = fakeBrowser({ detect: 'en' });
  const b = new Translator([builtinBackend(g)]);
  assert.equal((await b.translate('Good morning', 'auto', 'de')).text, '[de] Guten Morgen');
});

test('long texts go to the server in pieces under its limit and join back', async () => {
  const server = fakeApi((_p, body) => [200, { translatedText: body.q.toUpperCase() }]);
  const t = new Translator([serverBackend(server.api, { maxChars: 40 })]);
  const text = 'First sentence is here. Second one follows!\n\nA new paragraph starts now.';
  const r = await t.translate(text, 'en', 'de');
  assert.equal(r.text, text.toUpperCase());
  assert.ok(server.requests.every((q) => [...q.body.q].length <= 40));
  assert.ok(server.requests.length >= 2);
});

test('splitText cuts at paragraphs, sentences, words, and hard inside endless words', () => {
  assert.deepEqual(splitText('short', 10), [{ body: 'short', sep: '' }]);
  assert.deepEqual(splitText('One two. Three four.', 12), [
    { body: 'One two.', sep: ' ' },
    { body: 'Three four.', sep: '' },
  ]);
  assert.deepEqual(splitText('aaaa\n\nbbbb cc', 10), [
    { body: 'aaaa', sep: '\n\n' },
    { body: 'bbbb cc', sep: '' },
  ]);
  const long = 'x'.repeat(25);
  const parts = splitText(long, 10);
  assert.deepEqual(
    parts.map((p) => p.body.length),
    [10, 10, 5],
  );
  // Code points, not UTF-16 units: emoji are never split in half.
  const emoji = '😀'.repeat(15);
  const e = splitText(emoji, 10);
  assert.equal(e.map((p) => p.body).join(''), emoji);
  assert.ok(e.every((p) => [...p.body].length <= 10));
  for (const text of ['a b c d e f g h i j k l m', 'Wort. '.repeat(30), 'x y\n\nz '.repeat(20)]) {
    const p = splitText(text, 7);
    assert.equal(p.map((x) => x.body + x.sep).join(''), text);
    assert.ok(p.every((x) => [...x.body].length <= 7));
  }
});

test('at most `parallel` translations run at once; the others wait their turn', async () => {
  let running = 0;
  let most = 0;
  const slow = {
    name: 'slow',
    translate: async (text) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { text: text.toUpperCase() };
    },
  };
  const t = new Translator([slow], { parallel: 3 });
  const texts = Array.from({ length: 12 }, (_, i) => `text ${i}`);
  const out = await Promise.all(texts.map((x) => t.translate(x, 'en', 'de')));
  assert.deepEqual(
    out.map((r) => r.text),
    texts.map((x) => x.toUpperCase()),
  );
  assert.equal(most, 3);
});
