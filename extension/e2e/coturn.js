// A real coturn on loopback for the browser tests, with TURN REST credentials
// (username = expiry:id, credential = base64(HMAC-SHA1(secret, username))), as the server hands
// them out in `welcome`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { REAL_SERVER } from './real-server.js';

/** Whether `turnserver` is installed. */
export const hasTurn = (() => {
  try {
    execFileSync('which', ['turnserver']);
    return true;
  } catch {
    return false;
  }
})();

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * The TURN server the real server under test is configured with (tfx.turn.urls and
 * tfx.turn.secrets in real-server.json). Nothing listens there until a test starts coturn with
 * these settings; until then browsers' allocations fail at once (port unreachable on loopback)
 * and calls go direct.
 */
export const SUITE_TURN = Object.freeze({
  port: Number(/:(\d+)(?=[?/]|$)/.exec(REAL_SERVER['tfx.turn.urls'])?.[1]),
  secret: REAL_SERVER['tfx.turn.secrets'],
});

/**
 * Starts coturn on 127.0.0.1 with a test config (loopback peers allowed).
 * @param {{secret: string, minPort: number, maxPort: number, port?: number}} o relay ports: keep
 *   the ranges of test files apart; `port` to listen on (default: a free one)
 * @returns {Promise<{port: number, iceServers: (peerId: string) => object[], stop: () => void}>}
 */
export async function startCoturn(o) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-turn-'));
  const port = o.port ?? (await freePort());
  const conf = path.join(dir, 'turn.conf');
  fs.writeFileSync(
    conf,
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${port}`,
      `min-port=${o.minPort}`,
      `max-port=${o.maxPort}`,
      'use-auth-secret',
      `static-auth-secret=${o.secret}`,
      'realm=e2e.test',
      'allow-loopback-peers',
      'no-cli',
      'no-tls',
      'no-dtls',
      'fingerprint',
      'no-multicast-peers',
      'log-file=stdout',
      'simple-log',
    ].join('\n'),
  );
  const turn = spawn('turnserver', ['-c', conf], { stdio: 'ignore' });
  const iceServers = (peerId) => {
    const username = `${Math.floor(Date.now() / 1000) + 600}:${peerId}`;
    const credential = crypto.createHmac('sha1', o.secret).update(username).digest('base64');
    return [{ urls: [`turn:127.0.0.1:${port}?transport=udp`], username, credential }];
  };
  return {
    port,
    iceServers,
    stop() {
      turn.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
