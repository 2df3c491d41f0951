// The phone widget's pure parts: what people type becomes a SIP URI, or nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountName, causeKey, duration, targetUri, webSocketUrl } from '../widgets/phone/dial.js';

test('a bare user name is called in our domain', () => {
  assert.equal(targetUri('bob', 'sip.example.com'), 'sip:bob@sip.example.com');
  assert.equal(targetUri('  Bob ', 'sip.example.com'), 'sip:bob@sip.example.com');
});

test('user@host and sip: URIs keep their host', () => {
  assert.equal(targetUri('bob@10.0.0.5:5062', 'x'), 'sip:bob@10.0.0.5:5062');
  assert.equal(targetUri('sip:carol@pbx.example.org', 'x'), 'sip:carol@pbx.example.org');
});

test('anything else is refused, never passed on to JsSIP', () => {
  for (const bad of [
    '',
    ' ',
    'bob smith',
    '<script>',
    'bob@',
    '@host',
    'bob@ho st',
    'a'.repeat(40),
    'bob@h;x=1',
    'bob\r\nVia: x',
  ]) {
    assert.equal(targetUri(bad, 'example.com'), null, JSON.stringify(bad));
  }
});

test('account names follow the server rule', () => {
  assert.equal(accountName(' Alice '), 'alice');
  assert.equal(accountName('al ice'), null);
  assert.equal(accountName('-x'), null);
});

test('the WebSocket URL follows the page scheme', () => {
  assert.equal(webSocketUrl('https://meet.example.com/app/'), 'wss://meet.example.com/sip');
  assert.equal(webSocketUrl('http://127.0.0.1:8080'), 'ws://127.0.0.1:8080/sip');
});

test('durations and causes read well', () => {
  assert.equal(duration(65.4), '1:05');
  assert.equal(duration(-3), '0:00');
  assert.equal(causeKey('Busy'), 'busy');
  assert.equal(causeKey('Authentication Error'), 'wrongPassword');
  assert.equal(causeKey(undefined), 'ended');
  assert.equal(causeKey('Terminated'), 'ended');
  assert.equal(causeKey('something JsSIP invents'), 'ended');
});
