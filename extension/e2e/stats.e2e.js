// Browser tests of the WebRTC stats widget (issue 6): with two peers on loopback, each sees the
// other's connection with a non-zero bitrate, a candidate type, the protocol, charts that grow,
// and the verdict "Direct connection"; polling stops while the pane is hidden. Through a real
// coturn, a peer whose network allows only relaying sees "Relayed via TURN": on the real server
// with the TURN settings ClientE2EIT and with-war.sh give it (SUITE_TURN), else on the fake one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot, relayOnly } from './harness.js';
import { openWidget, pane } from './widgets.js';
import { startCoturn, hasTurn, SUITE_TURN } from './coturn.js';
import { startFakeServer } from '../test/helpers/fake-server.js';

const env = useServerAndBrowser();
/** Pages on a busy machine: more time for navigations and clicks than Playwright's 30 s. */
const patient = { onPage: (page) => (page.setDefaultTimeout(90_000), undefined) };
const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);

/** Bits per second from a formatted value ("840 kbps", "1.2 Mbps", "—" → 0). */
function bps(text) {
  const m = /^([\d.]+) (bps|kbps|Mbps)$/.exec(text.trim());
  if (!m) return 0;
  return Number(m[1]) * { bps: 1, kbps: 1e3, Mbps: 1e6 }[m[2]];
}

/** Everything the widget shows about the connection to `peerId`, in one read. */
function shown(page, peerId) {
  return pane(page, 'stats')
    .locator(`.peer[data-peer-id="${peerId}"]`)
    .evaluate((el) => {
      const out = { verdict: el.querySelector('.stats-verdict')?.textContent ?? '' };
      for (const c of el.querySelectorAll('[data-metric]')) out[c.dataset.metric] = c.textContent;
      out.points = [...el.querySelectorAll('svg.chart')[0].querySelectorAll('polyline')]
        .map((p) => p.getAttribute('points').split(' ').length)
        .reduce((a, b) => a + b, 0);
      return out;
    });
}

test('stats: live bitrate, candidate types and "Direct connection" for the other peer', async () => {
  const room = await createRoom(env.server.url, { name: 'Stats' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', patient);
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob', patient);
  const [ida, idb] = [await peerIdOf(a.page), await peerIdOf(b.page)];

  await openWidget(a.page, 'stats');
  await openWidget(b.page, 'stats');
  for (const [page, other] of [
    [a.page, idb],
    [b.page, ida],
  ]) {
    const s = await until(async () => {
      const v = await shown(page, other);
      return v.verdict === 'Direct connection' &&
        bps(v['video-in']) > 0 &&
        bps(v['audio-in']) > 0 &&
        bps(v['video-out']) > 0 &&
        v['res-in'] !== '—' &&
        v.points >= 6
        ? v
        : null;
    }, 30_000);
    assert.ok(['host', 'srflx', 'prflx'].includes(s['local-candidate']), s['local-candidate']);
    assert.ok(['host', 'srflx', 'prflx'].includes(s['remote-candidate']), s['remote-candidate']);
    assert.equal(s.protocol, 'UDP');
    assert.match(s['res-in'], /^\d+×\d+$/);
    assert.match(s['fps-in'], /^\d+ fps$/);
    assert.match(s.rtt, /^(<1|\d+) ms$/);
    assert.match(s['loss-in'], /%$/);
    assert.ok(bps(s['total-in'].replace('↓ ', '')) > 0);
  }
  await shot(a.page, 'widget-stats');

  // Hidden: no polling (the chart stops growing); shown again: it goes on.
  // A poll already under way when the pane hides may still land: count from after it.
  await a.page.locator('#tfx-widget-dock .dock-back').click();
  await new Promise((r) => setTimeout(r, 1500));
  const before = (await shown(a.page, idb)).points;
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await shown(a.page, idb)).points, before, 'no polling while hidden');
  await a.page.locator('.dock-tab[data-widget-id="stats"]').click();
  await until(async () => (await shown(a.page, idb)).points >= before + 2);

  // B leaves: its card goes away, and the widget says nobody is here.
  await b.page.locator('#leave').click();
  await until(async () => (await pane(a.page, 'stats').locator('.peer').count()) === 0, 30_000);
  assert.equal(await pane(a.page, 'stats').locator('.stats-empty').isVisible(), true);
  for (const p of [a.page, b.page]) await p.context().close();
});

test(
  'stats: a connection through coturn says "Relayed via TURN"',
  { skip: hasTurn ? false : 'no turnserver' },
  async () => {
    // The real server hands out credentials for SUITE_TURN; the fake one for the coturn we give it.
    const real = Boolean(process.env.TFX_SERVER_URL);
    const turn = real
      ? await startCoturn({ ...SUITE_TURN, minPort: 49410, maxPort: 49450 })
      : await startCoturn({ secret: 'e2e-stats-secret', minPort: 49410, maxPort: 49450 });
    const server = real
      ? { ...env.server, createRoom: (body) => createRoom(env.server.url, body) }
      : await startFakeServer({ iceServers: turn.iceServers });
    try {
      const room = await server.createRoom({ name: 'Relayed' });
      // A's network lets only relayed traffic through: its connections are relay-only.
      const a = await joinRoom(env.browser, server.url, room, 'Ada', { onPage: relayOnly });
      const b = await joinRoom(env.browser, server.url, room, 'Bob', patient);
      const idb = await peerIdOf(b.page);
      await openWidget(a.page, 'stats');
      const s = await until(async () => {
        const v = await shown(a.page, idb);
        return /^Relayed via TURN/.test(v.verdict) && bps(v['video-in']) > 0 ? v : null;
      }, 30_000);
      assert.equal(s.verdict, 'Relayed via TURN (UDP)');
      assert.equal(s['local-candidate'], 'relay');
      for (const p of [a.page, b.page]) await p.context().close();
    } finally {
      if (!real) await server.close();
      turn.stop();
    }
  },
);
