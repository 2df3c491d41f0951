import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeServerFrame,
  encodeClientFrame,
  cleanName,
  utf8Length,
  MAX_FRAME_BYTES,
} from '../lib/sdk/codec.js';

const room = { id: 'r1', name: 'n', locked: false, capacity: 6, size: 1, hasPassword: false };
const peer = {
  peerId: 'p1',
  name: 'Ada',
  owner: false,
  muted: false,
  video: true,
  state: 'connected',
  polite: true,
};

test('server frames: valid and invalid side by side', () => {
  const table = [
    [{ type: 'welcome', peerId: 'p', resumeToken: 't', room, peers: [peer], iceServers: [] }, true],
    [{ type: 'welcome', peerId: 'p', room, peers: [] }, false], // no resumeToken
    [{ type: 'welcome', peerId: 'p', resumeToken: 't', room, peers: [{ name: 'x' }] }, false],
    [{ type: 'peer-joined', peer }, true],
    [{ type: 'peer-joined' }, false],
    [{ type: 'peer-left', peerId: 'p', reason: 'left' }, true],
    [{ type: 'peer-left' }, false],
    [{ type: 'peer-updated', peer }, true],
    [{ type: 'signal', from: 'p', payload: { a: 1 } }, true],
    [{ type: 'signal', payload: {} }, false],
    [{ type: 'relay', from: 'p', channel: 'chat', payload: 'hi' }, true],
    [{ type: 'relay', from: 'p', payload: 'hi' }, false],
    [{ type: 'knocking', peerId: 'k', name: 'Kim' }, true],
    [{ type: 'room-updated', room }, true],
    [{ type: 'room-updated' }, false],
    [{ type: 'error', code: 'room-full', message: 'x' }, true],
    [{ type: 'error' }, false],
    [{ type: 'pong', ts: 5 }, true],
    [{ type: 'pong' }, true],
  ];
  for (const [msg, ok] of table) {
    assert.equal(decodeServerFrame(JSON.stringify(msg)).ok, ok, JSON.stringify(msg));
  }
});

test('server frames: bad JSON and unknown types are reported, not thrown', () => {
  assert.deepEqual(decodeServerFrame('{'), { ok: false, reason: 'bad-json' });
  assert.deepEqual(decodeServerFrame('[1]'), { ok: false, reason: 'bad-json' });
  assert.deepEqual(decodeServerFrame('{"type":"nope"}'), { ok: false, reason: 'unknown-type' });
});

test('client frames: valid encode, invalid refused', () => {
  const hello = { type: 'hello', version: 1, roomId: 'r', secret: 's', name: 'Ada' };
  assert.equal(JSON.parse(encodeClientFrame(hello)).name, 'Ada');
  assert.throws(() => encodeClientFrame({ ...hello, version: 2 }), TypeError);
  assert.throws(() => encodeClientFrame({ ...hello, name: '  ' }), TypeError);
  assert.throws(() => encodeClientFrame({ ...hello, name: 'x'.repeat(65) }), TypeError);
  assert.throws(() => encodeClientFrame({ type: 'bogus' }), TypeError);
  assert.throws(() => encodeClientFrame({ type: 'relay', channel: '', payload: 1 }), TypeError);
  assert.throws(() => encodeClientFrame({ type: 'lock', locked: 'yes' }), TypeError);
  assert.ok(encodeClientFrame({ type: 'configure', capacity: 4, password: '' }));
  assert.ok(encodeClientFrame({ type: 'ping' }));
  assert.ok(encodeClientFrame({ type: 'signal', to: 'p', payload: null }));
});

test('client frames over 64 KiB are refused before they reach the server', () => {
  const big = { type: 'relay', channel: 'c', payload: 'é'.repeat(MAX_FRAME_BYTES / 2) };
  assert.throws(() => encodeClientFrame(big), RangeError);
});

test('utf8Length and cleanName', () => {
  assert.equal(utf8Length('aé€😀'), 1 + 2 + 3 + 4);
  assert.equal(cleanName('  A\u0007da\n '), 'Ada');
  assert.equal(cleanName('x'.repeat(80)).length, 64);
});

test('cleanName keeps what the server keeps (Fields.cleanName), cut by code points', () => {
  const table = [
    ['  Ada \t\n Lovelace  ', 'Ada Lovelace'],
    ['a\u202Eb', 'ab'], // bidi override
    ['a\u2066b\u2069c\u200Fd', 'abcd'], // isolates, RLM
    ['a\u0000\u0007b', 'ab'],
    ['a\u00A0\u2003b', 'a b'], // no-break and em space become one space
    ['\uFEFFx\u200By', 'xy'], // BOM, zero-width space
    ['👩\u200D💻 dev', '👩\u200D💻 dev'], // the joiner emoji need stays
    ['e\u0301', '\u00E9'], // NFC
    ['a\uD800b', 'ab'], // lone surrogate
    ['a\uE000b', 'ab'], // private use
    ['<b>x</b> & "y"', '<b>x</b> & "y"'], // markup is text, kept as typed
  ];
  for (const [raw, want] of table) assert.equal(cleanName(raw), want, JSON.stringify(raw));
  // 64 code points, not UTF-16 units: emoji are not split into halves.
  const emoji = cleanName('😀'.repeat(70));
  assert.equal([...emoji].length, 64);
  assert.equal(emoji, '😀'.repeat(64));
  // A cut that ends on a space is trimmed again.
  assert.equal(cleanName('x'.repeat(63) + ' yz'), 'x'.repeat(63));
});
