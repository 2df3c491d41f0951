import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkify, safeHttpUrl, initials } from '../ui/widgets/kit.js';
import { loadCatalog } from '../ui/widgets/catalog.js';
import { checkFrameRequest } from '../ui/widgets/bridge-protocol.js';
import { readMessage, MAX_TEXT } from '../widgets/chat/chat.js';

test('linkify finds http(s) URLs and leaves everything else as text', () => {
  assert.deepEqual(linkify('see https://example.org/a?b=1#c, then'), [
    { text: 'see ' },
    { text: 'https://example.org/a?b=1#c', href: 'https://example.org/a?b=1#c' },
    { text: ', then' },
  ]);
  assert.deepEqual(linkify('(https://en.wikipedia.org/wiki/Foo_(bar)).'), [
    { text: '(' },
    {
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    },
    { text: ').' },
  ]);
  for (const t of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '<a href="javascript:x">y</a>',
    'ftp://example.org/file',
    'http://',
  ]) {
    assert.ok(
      linkify(t).every((p) => !p.href || /^https?:\/\//.test(p.href)),
      `no unsafe link in ${t}`,
    );
  }
  // An attribute breakout stays inside the text of the link, which is only ever a text node.
  const parts = linkify('https://x.org/"onmouseover="alert(1)');
  assert.equal(parts[0].href, 'https://x.org/');
  assert.equal(parts.map((p) => p.text).join(''), 'https://x.org/"onmouseover="alert(1)');
  assert.deepEqual(linkify('no links here'), [{ text: 'no links here' }]);
  assert.deepEqual(linkify(''), []);
});

test('safeHttpUrl refuses credentials and other schemes', () => {
  assert.equal(safeHttpUrl('https://user:pw@example.org/'), null);
  assert.equal(safeHttpUrl('javascript:alert(1)'), null);
  assert.equal(safeHttpUrl('HTTPS://EXAMPLE.org'), 'https://example.org/');
});

test('initials', () => {
  assert.equal(initials('Ada Lovelace'), 'AL');
  assert.equal(initials('  bob '), 'B');
  assert.equal(initials('Zoë de la Cruz'), 'ZC');
  assert.equal(initials('😀 smile'), '😀S');
  assert.equal(initials(''), '?');
});

test('chat messages from peers are checked', () => {
  assert.deepEqual(readMessage({ text: 'hi', name: 'Ada' }), {
    text: 'hi',
    name: 'Ada',
    lang: null,
  });
  assert.equal(readMessage({ text: 'hi', lang: 'pt-BR' }).lang, 'pt-BR');
  assert.equal(readMessage({ text: 'hi', lang: '<b>' }).lang, null);
  assert.equal(readMessage({ text: '   ' }), null);
  assert.equal(readMessage({ text: 5 }), null);
  assert.equal(readMessage('hi'), null);
  assert.equal(readMessage(null), null);
  assert.equal(readMessage({ text: 'x'.repeat(MAX_TEXT + 10) }).text.length, MAX_TEXT);
  assert.equal(readMessage({ text: 'x', name: { evil: 1 } }).name, '');
});

/** A fetch that answers from a table of URL → JSON (404 otherwise). */
function fakeFetch(table) {
  return async (url) => {
    const body = table[String(url)];
    return body === undefined
      ? { ok: false, status: 404, json: async () => ({}) }
      : { ok: true, status: 200, json: async () => body };
  };
}

test('the catalogue resolves widget URLs for the web client and skips bad entries', async () => {
  const list = [
    {
      id: 'chat',
      name: 'Chat',
      version: '1',
      entry: 'chat.js',
      style: 'chat.css',
      icon: 'icon.svg',
      background: true,
      thirdParty: false,
      base: '/widgets/chat/',
      permissions: ['data'],
    },
    {
      id: 'wave',
      name: 'Wave',
      version: '1',
      entry: 'wave.js',
      style: 'wave.css',
      background: true,
      thirdParty: true,
      base: '/widgets/wave/',
      frame: '/widget-frame/wave',
    },
    { id: 'Bad Id', name: 'x', entry: 'x.js' },
    { id: 'evil', name: 'Evil', entry: '../../lib/sdk/tfx-sdk.js', style: null, background: false },
    { id: 'noframe', name: 'No frame', thirdParty: true, base: '/widgets/noframe/' },
  ];
  const entries = await loadCatalog('http://h:8080/', {
    fetchImpl: fakeFetch({ 'http://h:8080/api/widgets': list }),
  });
  assert.deepEqual(
    entries.map((e) => e.id),
    ['chat', 'wave', 'evil'],
  );
  const [chat, wave, evil] = entries;
  assert.equal(chat.moduleUrl, 'http://h:8080/widgets/chat/chat.js');
  assert.equal(chat.styleUrl, 'http://h:8080/widgets/chat/chat.css');
  assert.equal(chat.background, true);
  assert.equal(wave.moduleUrl, null, 'third-party code never loads into the page');
  assert.equal(wave.frameUrl, 'http://h:8080/widget-frame/wave');
  assert.equal(evil.moduleUrl, null, 'an entry outside the widget folder is refused');
});

test('inside the extension only widgets it ships are offered, from its own files', async () => {
  const ext = (p) => `chrome-extension://abc/${p}`;
  const entries = await loadCatalog('http://h:8080', {
    extensionUrl: ext,
    fetchImpl: fakeFetch({
      'http://h:8080/api/widgets': [
        { id: 'chat', name: 'Chat', entry: 'chat.js', thirdParty: false },
        { id: 'newer', name: 'Newer', entry: 'newer.js', thirdParty: false },
      ],
      'chrome-extension://abc/widgets/chat/widget.json': {
        id: 'chat',
        name: 'Chat',
        version: '1',
        entry: 'chat.js',
        style: 'chat.css',
        background: true,
      },
    }),
  });
  assert.deepEqual(
    entries.map((e) => [e.id, e.moduleUrl, e.background]),
    [['chat', 'chrome-extension://abc/widgets/chat/chat.js', true]],
  );
});

test('an older server without manifest v2 fields: style and background come from widget.json', async () => {
  const entries = await loadCatalog('http://h', {
    fetchImpl: fakeFetch({
      'http://h/api/widgets': [{ id: 'chat', name: 'Chat', version: '1', entry: 'chat.js' }],
      'http://h/widgets/chat/widget.json': { style: 'chat.css', background: true },
    }),
  });
  assert.equal(entries[0].styleUrl, 'http://h/widgets/chat/chat.css');
  assert.equal(entries[0].background, true);
});

test('bridge requests from sandboxed frames are checked', () => {
  const ok = [
    { t: 'ready' },
    { t: 'send', to: 'p1', msg: 1 },
    { t: 'broadcast', msg: null },
    { t: 'state', op: 'set', key: 'k', value: 1 },
    { t: 'state', op: 'append', list: '', value: 1, rid: 'r1' },
    { t: 'state', op: 'remove', id: 'a:1' },
    { t: 'state', op: 'clear', list: 'x' },
    { t: 'presence', value: { typing: true } },
    { t: 'presence', value: null },
    { t: 'ui', op: 'badge', value: 3 },
    { t: 'ui', op: 'badge', value: null },
    { t: 'ui', op: 'notify', text: 'hi' },
    { t: 'ui', op: 'open' },
  ];
  for (const r of ok) assert.equal(checkFrameRequest(r), null, JSON.stringify(r));
  const bad = [
    null,
    'ready',
    [],
    { t: 'eval', code: 'x' },
    { t: 'send', msg: 1 },
    { t: 'send', to: 'x'.repeat(65), msg: 1 },
    { t: 'broadcast' },
    { t: 'state', op: 'set' },
    { t: 'state', op: 'append', list: '', value: 1 },
    { t: 'state', op: 'drop' },
    { t: 'presence' },
    { t: 'ui', op: 'badge', value: { x: 1 } },
    { t: 'ui', op: 'badge', value: 'a very long badge' },
    { t: 'ui', op: 'tile', peerId: 'p' },
    { t: 'ui', op: 'notify', text: 5 },
  ];
  for (const r of bad) assert.notEqual(checkFrameRequest(r), null, JSON.stringify(r));
});
