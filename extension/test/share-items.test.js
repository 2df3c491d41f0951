// The Share widget's checks: every item from a peer is re-validated; CSP source matching; how
// an item is shown; sandbox flags; image files in parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  readItem,
  safeUrl,
  cleanText,
  linkIn,
  itemFromPreview,
  sourcesAllow,
  viewOf,
  sandboxFor,
  assembleFile,
  toParts,
  sniffImage,
  newFileKey,
  MAX_FILE_BYTES,
  PART_CHARS,
  MAX_PARTS,
} from '../widgets/share/items.js';

test('safeUrl keeps plain http(s) URLs and refuses everything else', () => {
  assert.equal(safeUrl('https://example.org/a?b=1#c'), 'https://example.org/a?b=1#c');
  assert.equal(safeUrl('HTTP://Example.ORG'), 'http://example.org/');
  assert.equal(safeUrl('  https://example.org/x  '), 'https://example.org/x');
  assert.equal(safeUrl('https://example.org/"><script>'), 'https://example.org/%22%3E%3Cscript%3E');
  for (const bad of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'blob:https://example.org/uuid',
    'file:///etc/passwd',
    'ftp://example.org/',
    '//example.org/x',
    '/relative',
    'https://user:pw@example.org/',
    'https://user@example.org/',
    `https://example.org/${'a'.repeat(2100)}`,
    '',
    null,
    42,
    { href: 'https://example.org' },
  ]) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

test('cleanText: plain text, no invisible or reversing characters, bounded', () => {
  assert.equal(cleanText('  a\n\tb  ', 10), 'a b');
  assert.equal(cleanText('<b>bold</b>', 20), '<b>bold</b>');
  assert.equal(cleanText('ab\u202ecd\u202c\u200bef\u0000', 20), 'abcdef');
  assert.equal(cleanText('👩\u200d💻 dev', 20), '👩\u200d💻 dev');
  assert.equal(cleanText('abcdef', 4), 'abc…');
  assert.equal(cleanText('😀😀😀😀😀', 3), '😀😀…');
  assert.equal(cleanText('   ', 5), null);
  assert.equal(cleanText(7, 5), null);
});

test('linkIn finds the link in what was pasted', () => {
  assert.equal(linkIn('https://example.org/x'), 'https://example.org/x');
  assert.equal(linkIn('see https://example.org/x, it is nice.'), 'https://example.org/x');
  assert.equal(linkIn('example.org/path?q=1'), 'https://example.org/path?q=1');
  assert.equal(linkIn('www.example.org'), 'https://www.example.org/');
  assert.equal(linkIn('javascript:alert(1)'), null);
  assert.equal(linkIn('just words'), null);
  assert.equal(linkIn(''), null);
});

test('readItem accepts well-formed items and normalises them', () => {
  const item = readItem({
    kind: 'page',
    url: 'https://example.org/a',
    title: ' A  title ',
    description: 'Words',
    image: 'https://cdn.example.org/i.png',
    siteName: 'Example',
    contentType: 'text/html',
    frameable: true,
    name: 'Ada',
    extra: 'ignored',
  });
  assert.deepEqual(
    { ...item },
    {
      kind: 'page',
      url: 'https://example.org/a',
      title: 'A title',
      description: 'Words',
      image: 'https://cdn.example.org/i.png',
      siteName: 'Example',
      contentType: 'text/html',
      frameable: true,
      name: 'Ada',
      file: null,
    },
  );
  assert.ok(Object.isFrozen(item));
});

test('readItem refuses or defuses hostile items', () => {
  for (const bad of [
    null,
    'string',
    42,
    [],
    { kind: 'link' },
    { kind: 'script', url: 'https://example.org' },
    { kind: 'link', url: 'javascript:alert(1)' },
    { kind: 'image', url: 'data:image/png;base64,AAAA' },
    { kind: 'page', url: 'https://u:p@example.org', frameable: true },
    {
      kind: 'file',
      file: { key: 'abcdefgh', type: 'image/svg+xml', size: 1, parts: 1, width: 1, height: 1 },
    },
    {
      kind: 'file',
      file: { key: '../../x', type: 'image/png', size: 1, parts: 1, width: 1, height: 1 },
    },
    {
      kind: 'file',
      file: {
        key: 'abcdefgh',
        type: 'image/png',
        size: MAX_FILE_BYTES + 1,
        parts: 1,
        width: 1,
        height: 1,
      },
    },
    {
      kind: 'file',
      file: {
        key: 'abcdefgh',
        type: 'image/png',
        size: 10,
        parts: MAX_PARTS + 1,
        width: 1,
        height: 1,
      },
    },
    {
      kind: 'file',
      file: { key: 'abcdefgh', type: 'image/png', size: 10, parts: 1.5, width: 1, height: 1 },
    },
  ]) {
    assert.equal(readItem(bad), null, JSON.stringify(bad));
  }
  const defused = readItem({
    kind: 'video',
    url: 'https://example.org/v.webm',
    title: { toString: () => 'x' },
    image: 'javascript:alert(1)',
    frameable: true,
    name: '\u202eeve',
  });
  assert.equal(defused.title, null);
  assert.equal(defused.image, null);
  assert.equal(defused.frameable, false, 'only pages are framed');
  assert.equal(defused.name, 'eve');
  assert.equal(
    readItem({ kind: 'page', url: 'https://e.org', frameable: 'true' }).frameable,
    false,
  );
});

test('itemFromPreview keeps only what checks out, and falls back to a plain link', () => {
  const url = 'https://example.org/a';
  assert.deepEqual(itemFromPreview(url, null, 'Ada'), { kind: 'link', url, name: 'Ada' });
  assert.deepEqual(itemFromPreview(url, { kind: 'file' }, 'Ada'), {
    kind: 'link',
    url,
    name: 'Ada',
  });
  assert.deepEqual(
    itemFromPreview(
      url,
      {
        url: 'https://example.org/final',
        kind: 'page',
        contentType: 'text/html',
        title: 'T',
        image: 'javascript:x',
        frameable: true,
        bogus: 1,
      },
      'Ada',
    ),
    {
      kind: 'page',
      url: 'https://example.org/final',
      name: 'Ada',
      title: 'T',
      contentType: 'text/html',
      frameable: true,
    },
  );
  assert.equal(itemFromPreview(url, { kind: 'image', url: 'javascript:x' }, 'A').url, url);
});

test('sourcesAllow follows CSP source matching for the room policy', () => {
  const self = 'https://meet.example.org';
  const yes = (url, sources) =>
    assert.equal(sourcesAllow(url, sources, self), true, `${url} ${sources}`);
  const no = (url, sources) =>
    assert.equal(sourcesAllow(url, sources, self), false, `${url} ${sources}`);
  yes('https://meet.example.org/x.png', ["'self'"]);
  no('https://other.org/x.png', ["'self'"]);
  yes('https://other.org/x.png', ["'self'", 'https:']);
  no('http://other.org/x.png', ['https:']);
  yes('https://other.org/x.png', ['http:']);
  yes('http://127.0.0.1:18766/a.png', ['https:', 'http://127.0.0.1:18766']);
  no('http://127.0.0.1:18767/a.png', ['https:', 'http://127.0.0.1:18766']);
  no('http://localhost:18766/a.png', ['http://127.0.0.1:18766']);
  yes('https://media.example.org/a.png', ['https://media.example.org']);
  no('https://media.example.org:8443/a.png', ['https://media.example.org']);
  yes('https://media.example.org:8443/a.png', ['https://media.example.org:*']);
  yes('https://a.b.example.org/x', ['*.example.org']);
  no('https://example.org/x', ['*.example.org']);
  yes('https://cdn.example.org/img/a.png', ['https://cdn.example.org/img/']);
  no('https://cdn.example.org/other/a.png', ['https://cdn.example.org/img/']);
  yes('https://cdn.example.org/one.png', ['https://cdn.example.org/one.png']);
  yes('https://anything.org/', ['*']);
  no('https://anything.org/', ["'none'"]);
  no('https://anything.org/', []);
  no('not a url', ['*']);
});

test('viewOf: media and frames only where the page may load them, a card otherwise', () => {
  const all = () => true;
  const none = () => false;
  const item = (kind, extra = {}) => readItem({ kind, url: 'https://e.org/x', ...extra });
  assert.equal(viewOf(item('image'), all), 'image');
  assert.equal(viewOf(item('image'), none), 'card');
  assert.equal(viewOf(item('video'), all), 'video');
  assert.equal(viewOf(item('audio'), all), 'audio');
  assert.equal(viewOf(item('page', { frameable: true }), all), 'frame');
  assert.equal(viewOf(item('page', { frameable: true }), none), 'card');
  assert.equal(viewOf(item('page', { frameable: false }), all), 'card');
  assert.equal(viewOf(item('other'), all), 'card');
  assert.equal(viewOf(item('link'), all), 'card');
});

test('sandboxFor never gives a page of our origin scripts and its origin together', () => {
  const self = 'https://meet.example.org';
  const ours = sandboxFor('https://meet.example.org/app/', self).split(' ');
  assert.ok(!(ours.includes('allow-scripts') && ours.includes('allow-same-origin')));
  assert.ok(!ours.includes('allow-scripts'));
  const theirs = sandboxFor('https://news.example.org/story', self).split(' ');
  assert.deepEqual(theirs.sort(), [
    'allow-popups',
    'allow-popups-to-escape-sandbox',
    'allow-same-origin',
    'allow-scripts',
  ]);
  for (const flags of [ours, theirs]) {
    for (const never of [
      'allow-top-navigation',
      'allow-forms',
      'allow-modals',
      'allow-downloads',
    ]) {
      assert.ok(!flags.includes(never), never);
    }
  }
  assert.ok(!sandboxFor('::bad::', self).includes('allow-scripts'));
});

test('image files travel in parts and are checked when put together', () => {
  const pngBytes = new Uint8Array(70_000);
  pngBytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < pngBytes.length; i++) pngBytes[i] = (i * 7) & 0xff;
  const parts = toParts(pngBytes);
  assert.ok(parts.every((p) => p.length <= PART_CHARS));
  const file = readItem({
    kind: 'file',
    file: {
      key: newFileKey(),
      type: 'image/png',
      size: pngBytes.length,
      parts: parts.length,
      width: 2,
      height: 2,
    },
  }).file;
  assert.match(file.key, /^[a-z0-9]{12}$/);
  const list = parts.map((d, i) => ({ value: { i, d } })).reverse();
  const whole = assembleFile(file, list);
  assert.deepEqual(whole.bytes, pngBytes);
  // A missing part: not yet.
  assert.deepEqual(assembleFile(file, list.slice(1)), { bytes: null, have: parts.length - 1 });
  // Duplicates, junk and out-of-range parts are ignored.
  const noisy = [
    { value: { i: 0, d: '!!!' } },
    { value: { i: 99, d: 'AAAA' } },
    { value: null },
    ...list,
  ];
  assert.deepEqual(assembleFile(file, noisy).bytes, pngBytes);
  // Bytes that are not what the item claims: refused.
  assert.equal(assembleFile({ ...file, type: 'image/jpeg' }, list).bytes, null);
  assert.equal(assembleFile({ ...file, size: file.size - 1 }, list).bytes, null);
});

test('sniffImage knows the image types by their bytes', () => {
  assert.equal(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffImage(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])), 'image/gif');
  assert.equal(
    sniffImage(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])),
    'image/webp',
  );
  assert.equal(sniffImage(new TextEncoder().encode('<svg onload=alert(1)>')), null);
});
