// Relay-only media through a real coturn on loopback, with TURN REST credentials handed out in
// `welcome` (as the server does), using the SDK directly: iceTransportPolicy 'relay' must give
// a call whose selected candidates are relay ones, with video and audio flowing.
// Fake server only (the real server's TURN wiring is tested by the server's own ITs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeServer } from '../test/helpers/fake-server.js';
import { launch, until } from './harness.js';
import { startCoturn, hasTurn } from './coturn.js';

const SECRET = 'e2e-turn-secret';
const skip = process.env.TFX_SERVER_URL
  ? 'runs on the fake server only'
  : hasTurn
    ? false
    : 'no turnserver';

let turn;
let server;
let browser;

before(async () => {
  if (skip) return;
  turn = await startCoturn({ secret: SECRET, minPort: 49300, maxPort: 49400 });
  server = await startFakeServer({ iceServers: turn.iceServers });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  turn?.stop();
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
