// Whole SDK sessions in node tests: over the fake signalling server, with the fake
// RTCPeerConnection, a `ws` WebSocket and storage in memory.
import { before, after, afterEach } from 'node:test';
import { WebSocket } from 'ws';
import { TfxSession } from '../../lib/sdk/session.js';
import { memoryStorage } from '../../lib/sdk/storage.js';
import { FakePeerConnection } from './fake-rtc.js';
import { startFakeServer } from './fake-server.js';

/** Reconnects quickly, so that tests of dropped connections take little time. */
export const FAST_BACKOFF = { baseMs: 50, maxMs: 200 };

/**
 * Joins a room on a fake server with a fake peer connection and a fresh storage in memory.
 * @param {string} serverUrl
 * @param {{roomId: string, secret: string}} room
 * @param {string} name
 * @param {object} [extra] further join options (they win over the ones here)
 */
export function joinFake(serverUrl, room, name, extra = {}) {
  return TfxSession.join(serverUrl, room.roomId, room.secret, {
    name,
    WebSocketImpl: /** @type {any} */ (WebSocket),
    RTCPeerConnectionImpl: /** @type {any} */ (FakePeerConnection),
    storage: memoryStorage(),
    ...extra,
  });
}

/**
 * For a test file whose tests join sessions: starts a fake server before the file's tests and
 * closes it after them; after each test, cleans up every entry of `open` (by default, a session
 * to leave), so that a failing test cannot leave a session reconnecting.
 * @param {{cleanUp?: (entry: any) => void}} [o]
 */
export function useFakeServer({ cleanUp = (s) => s.leave() } = {}) {
  const fake = {
    /** @type {any} the fake server, there once the file's tests run */
    server: null,
    /** @type {any[]} what the running test opened */
    open: [],
    /**
     * {@link joinFake} on this file's server; the session is left after the test.
     * @param {{roomId: string, secret: string}} room @param {string} name @param {object} [extra]
     */
    join(room, name, extra = {}) {
      const s = joinFake(fake.server.url, room, name, extra);
      fake.open.push(s);
      return s;
    },
  };
  before(async () => {
    fake.server = await startFakeServer({ graceMs: 1500, root: process.cwd() });
  });
  after(() => fake.server.close());
  afterEach(() => {
    for (const entry of fake.open.splice(0)) cleanUp(entry);
  });
  return fake;
}

/**
 * Waits until `fn` (which may be async) returns something true; fails after `ms`.
 * @param {() => unknown} fn @param {number} [ms] @param {string} [what] for the error message
 */
export async function until(fn, ms = 3000, what = 'condition') {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
