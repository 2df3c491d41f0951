import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, fromProtocolError, mapErrorCode, isTerminal } from '../lib/sdk/errors.js';
import { backoffDelay } from '../lib/sdk/backoff.js';

test('every protocol error code maps to an ERR_ code', () => {
  const spec = [
    'bad-json',
    'unknown-type',
    'invalid-message',
    'unsupported-version',
    'hello-required',
    'already-joined',
    'room-not-found',
    'wrong-secret',
    'password-required',
    'wrong-password',
    'room-locked',
    'room-full',
    'not-owner',
    'peer-not-found',
    'peer-unavailable',
    'not-knocking',
    'knock-denied',
    'kicked',
    'rate-limited',
    'internal',
  ];
  for (const code of spec) assert.match(ERROR_CODES[code], /^ERR_[A-Z_]+$/, code);
  assert.equal(mapErrorCode('room-locked'), 'ERR_ROOM_LOCKED');
  assert.equal(mapErrorCode('room-full'), 'ERR_ROOM_FULL');
  assert.equal(mapErrorCode('wrong-secret'), 'ERR_WRONG_SECRET');
  assert.equal(mapErrorCode('something-new'), 'ERR_PROTOCOL');
});

test('terminal errors are the ones after which the server closes the socket', () => {
  for (const c of ['room-not-found', 'wrong-secret', 'room-full', 'knock-denied', 'kicked'])
    assert.ok(isTerminal(c), c);
  for (const c of ['room-locked', 'password-required', 'rate-limited', 'peer-unavailable'])
    assert.ok(!isTerminal(c), c);
  const e = fromProtocolError({ code: 'room-full', message: 'full', ref: 'm1' });
  assert.equal(e.code, 'ERR_ROOM_FULL');
  assert.equal(e.fatal, true);
  assert.equal(e.ref, 'm1');
  assert.equal(e.protocolCode, 'room-full');
});

test('backoff grows exponentially, is capped, and jitters within bounds', () => {
  const noJitter = { jitter: 0 };
  assert.equal(backoffDelay(0, noJitter), 500);
  assert.equal(backoffDelay(1, noJitter), 1000);
  assert.equal(backoffDelay(3, noJitter), 4000);
  assert.equal(backoffDelay(20, noJitter), 5_000);
  assert.equal(backoffDelay(2, { jitter: 0.5, random: () => 0 }), 1000);
  assert.equal(backoffDelay(2, { jitter: 0.5, random: () => 0.999999 }), 2000);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(3);
    assert.ok(d >= 2000 && d <= 4000, String(d));
  }
});
