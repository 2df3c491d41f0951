// Relay-only media through a real coturn on loopback, with TURN REST credentials handed out in
// `welcome` (as the server does), using the SDK directly: iceTransportPolicy 'relay' must give
// a call whose selected candidates are relay ones, with video and audio flowing.
// Fake server only (the real server's TURN wiring is tested by the server's own ITs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { startFakeServer } from '../test/helpers/fake-server.js';
import { launch, until } from './harness.js';

const SECRET = 'e2e-turn-secret';
const hasTurn = (() => {
  try {
    execFileSync('which', ['turnserver']);
    return true;
  } catch {
    return false;
  }
})();
const skip = process.env.TFX_SERVER_URL
  ? 'runs on the fake server only'
  : hasTurn
    ? false
    : 'no turnserver';

let turn;
let server;
let browser;
let dir;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfx-turn-'));
  const port = await freePort();
  const conf = path.join(dir, 'turn.conf');
  fs.writeFileSync(
    conf,
    [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${port}`,
      'min-port=49300',
      'max-port=49400',
      'use-auth-secret',
      `static-auth-secret=${SECRET}`,
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
  turn = spawn('turnserver', ['-c', conf], { stdio: 'ignore' });
  // TURN REST credentials: username = expiry:id, credential = base64(HMAC-SHA1(secret, username))
  const iceServers = (peerId) => {
    const username = `${Math.floor(Date.now() / 1000) + 600}:${peerId}`;
    const credential = crypto.createHmac('sha1', SECRET).update(username).digest('base64');
    return [{ urls: [`turn:127.0.0.1:${port}?transport=udp`], username, credential }];
  };
  server = await startFakeServer({ iceServers });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  turn?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A page on the server's origin that joins with the bare SDK, relay only. */
async function sdkPeer(room, name) {
  const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/app/`);
  await page.evaluate(
    async ([roomId, secret, name]) => {
      const { TfxSession } = await import('/lib/sdk/tfx-sdk.js');
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const s = TfxSession.join(location.origin, roomId, secret, {
        name,
        media,
        iceTransportPolicy: 'relay',
      });
      const g = /** @type {any} */ (globalThis);
      g.relaySession = s;
      s.on('track', ({ track }) => {
        const el = document.createElement(track.kind);
        el.srcObject = new MediaStream([track]);
        el.autoplay = true;
        el.muted = false;
        document.body.append(el);
        el.play().catch(() => {});
      });
      await s.ready;
    },
    [room.roomId, room.secret, name],
  );
  return page;
}

test(
  'relay-only call through coturn: relay candidates, video and audio flow',
  { skip },
  async () => {
    const room = await server.createRoom({ name: 'Relay' });
    const a = await sdkPeer(room, 'A');
    const b = await sdkPeer(room, 'B');
    for (const page of [a, b]) {
      const st = await until(
        () =>
          page.evaluate(async () => {
            const s = /** @type {any} */ (globalThis).relaySession;
            const id = [...s.links.keys()][0];
            const r = id && (await s.getStats(id));
            return r &&
              r.video?.framesDecoded > 3 &&
              r.audio?.totalAudioEnergy > 0 &&
              r.candidatePair
              ? r.candidatePair
              : null;
          }),
        15_000,
      );
      assert.equal(st.local, 'relay');
    }
    await a.context().close();
    await b.context().close();
  },
);
