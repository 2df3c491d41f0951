// Browser tests of the embed API (issue 6, cross-domain access): a site of another origin that
// the server allows (sites.js, EMBEDDER_ORIGIN) embeds a room with the TfxEmbed library, joins
// through the postMessage API — a normal participant sees it with media —, mutes, opens a
// widget and leaves. A site that is not allowed gets no room in its frame, and its messages
// (from a sibling frame or a popup) are ignored; so are a same-site sibling frame's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot, mediaStats } from './harness.js';
import { startSites, EMBEDDER_ORIGIN, STRANGER_ORIGIN, requireShareAndEmbed } from './sites.js';

const env = useServerAndBrowser();
let sites;
before(async () => {
  sites = await startSites();
});
after(async () => {
  await sites?.close();
});

const q = (o) => new URLSearchParams(o).toString();

async function newPage(viewport = { width: 1100, height: 700 }) {
  const ctx = await env.browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  // Frames of three origins and media on a machine shared with other builds: be patient.
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => console.error('[embed test] pageerror', e));
  return page;
}

/** The embed page's frame inside `page`, once it exists. */
async function embedFrame(page) {
  return until(() => page.frames().find((f) => f.url().includes('/embed/')), 15_000);
}

const eventsOf = (page, name) =>
  page.evaluate((n) => window.events.filter((e) => e.event === n).map((e) => e.data), name);

test('embed: an allowed site joins, mutes, opens a widget and leaves through the API', async () => {
  await requireShareAndEmbed(env.server.url);
  const started = Date.now();
  const room = await createRoom(env.server.url, { name: 'Embedded' });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob', {
    ownerToken: room.ownerToken,
  });
  const host = await newPage();
  await host.goto(
    `${EMBEDDER_ORIGIN}/embedder.html?${q({ server: env.server.url, room: room.roomId, secret: room.secret })}`,
    { waitUntil: 'domcontentloaded' },
  );
  assert.equal(await host.evaluate(() => window.readyResult), 'ready');
  const ready = (await eventsOf(host, 'ready'))[0];
  assert.equal(ready.version, 1);
  assert.equal(ready.roomId, room.roomId);
  assert.equal(ready.state, 'idle');
  assert.ok(ready.commands.includes('join') && ready.events.includes('peer-joined'));
  const frame = await embedFrame(host);
  await frame.locator('[data-screen="join"] #embed-room-name').waitFor();
  assert.equal(await frame.locator('#embed-room-name').textContent(), 'Embedded');

  // Join through the API.
  const joinedAt = Date.now();
  const joined = await host.evaluate(() => window.room.join({ name: 'Embedded Ed' }));
  const joinMs = Date.now() - joinedAt;
  assert.equal(typeof joined.peerId, 'string');
  assert.equal(joined.room.id, room.roomId);
  assert.equal(joined.room.name, 'Embedded');
  assert.deepEqual(joined.media, { audio: true, video: true, error: null });
  assert.deepEqual(
    joined.peers.map((p) => p.name),
    ['Bob'],
  );
  assert.equal((await eventsOf(host, 'joined'))[0].peerId, joined.peerId);
  await frame.locator('[data-screen="room"]').waitFor();

  // Bob sees Ed join, with video and sound.
  const tile = b.page.locator(`figure.tile[data-peer-id="${joined.peerId}"]`);
  await tile.waitFor({ timeout: 15_000 });
  assert.equal(await tile.locator('.tile-name').textContent(), 'Embedded Ed');
  await until(async () => {
    const s = (await mediaStats(b.page))[joined.peerId];
    return s && s.framesDecoded > 5 && s.energy > 0 && s.videoWidth > 0;
  }, 20_000);
  const mediaMs = Date.now() - joinedAt;

  // Mute through the API: Bob sees it; the host page hears `muted`.
  assert.deepEqual(await host.evaluate(() => window.room.mute(true)), { muted: true });
  await until(() => tile.evaluate((el) => el.classList.contains('muted')));
  await until(async () => (await eventsOf(host, 'muted')).some((d) => d.muted === true));
  // …and the frame's own button shows it; unmuting there is reported to the host page too.
  const mic = frame.locator('#toggle-mic');
  assert.equal(await mic.innerText(), 'Unmute');
  await mic.click();
  await until(async () => (await eventsOf(host, 'muted')).at(-1)?.muted === false);
  await until(() => tile.evaluate((el) => !el.classList.contains('muted')));
  await host.evaluate(() => window.room.mute(true));

  // Camera off and on.
  assert.deepEqual(await host.evaluate(() => window.room.camera(false)), { on: false });
  await until(() => tile.evaluate((el) => el.classList.contains('no-video')));
  await host.evaluate(() => window.room.camera(true));
  await until(() => tile.evaluate((el) => !el.classList.contains('no-video')));

  // Events about the others: Bob renames himself.
  await b.page.evaluate(() => globalThis.tfxApp.session.setName('Robert'));
  await until(async () =>
    (await eventsOf(host, 'peer-updated')).some((d) => d.peer.name === 'Robert'),
  );

  // State, widgets, the UI switches, and typed errors.
  const state = await host.evaluate(() => window.room.getState());
  assert.equal(state.state, 'joined');
  assert.equal(state.self.muted, true);
  assert.deepEqual(
    state.peers.map((p) => p.name),
    ['Robert'],
  );
  assert.ok(state.widgets.includes('chat'), JSON.stringify(state.widgets));
  assert.deepEqual(await host.evaluate(() => window.room.openWidget('chat')), { id: 'chat' });
  await frame
    .locator('#tfx-widget-dock:not([hidden]) .widget-pane[data-widget-id="chat"]')
    .waitFor();
  await shot(host, 'embed-partner-site');
  const errors = await host.evaluate(async () => {
    const code = (p) =>
      p.then(
        () => 'no error',
        (e) => e.code,
      );
    return {
      unknownWidget: await code(window.room.openWidget('no-such-widget')),
      badArg: await code(window.room.command('mute', { muted: 'yes' })),
      unknown: await code(window.room.command('selfDestruct')),
      again: await code(window.room.join({ name: 'Twice' })),
    };
  });
  assert.deepEqual(errors, {
    unknownWidget: 'unknown-widget',
    badArg: 'invalid-argument',
    unknown: 'unknown-command',
    again: 'already-joined',
  });
  assert.deepEqual(await host.evaluate(() => window.room.setUi({ header: false })), {
    header: false,
    controls: true,
  });
  assert.equal(await frame.locator('.topbar').isHidden(), true);
  await host.evaluate(() => window.room.setUi({ header: true }));

  // Leave: Bob sees Ed go; the host page hears `left`; the frame offers to join again.
  assert.deepEqual(await host.evaluate(() => window.room.leave()), { reason: 'left' });
  await tile.waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(await eventsOf(host, 'left'), [{ reason: 'left' }]);
  await frame.locator('#embed-rejoin').waitFor();
  assert.equal(
    await host.evaluate(() => window.room.mute(true).catch((e) => e.code)),
    'not-joined',
  );
  console.log(
    `embed test: join reply ${joinMs} ms, media at the other side ${mediaMs} ms, total ${Date.now() - started} ms`,
  );
  await host.context().close();
  await b.page.context().close();
});

test('embed: a site that is not allowed gets no room, and nobody but the parent drives it', async () => {
  await requireShareAndEmbed(env.server.url);
  const room = await createRoom(env.server.url, { name: 'Private' });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob');
  const peers = () => b.page.evaluate(() => globalThis.tfxApp.session.peers.size);
  const params = q({ server: env.server.url, room: room.roomId, secret: room.secret });

  // 1. The stranger's frame: the browser refuses to render the room (frame-ancestors).
  const stranger = await newPage();
  const refused = stranger.waitForEvent('console', {
    predicate: (m) => /frame-ancestors|Refused to frame/i.test(m.text()),
    timeout: 15_000,
  });
  await stranger.goto(`${STRANGER_ORIGIN}/stranger.html?${params}`, {
    waitUntil: 'domcontentloaded',
  });
  await refused;
  const inner = stranger.frames().find((f) => f !== stranger.mainFrame());
  assert.ok(inner, 'the frame exists');
  assert.ok(!inner.url().includes('/embed/'), `frame shows ${inner.url()}`);
  assert.equal(await inner.evaluate(() => !!globalThis.tfxApp).catch(() => false), false);
  await stranger.evaluate(() => window.blastFrame());

  // 2. The library on the stranger's site says why.
  const lib = await newPage();
  await lib.goto(`${STRANGER_ORIGIN}/embedder.html?${params}&readyMs=4000`, {
    waitUntil: 'domcontentloaded',
  });
  assert.equal(await lib.evaluate(() => window.readyResult), 'not-ready');
  await lib.context().close();

  // 3. A popup opened by the stranger: the room page there is not framed, it takes no orders.
  const popupEvent = stranger.context().waitForEvent('page', { timeout: 10_000 });
  await stranger.evaluate(() => window.openPopup());
  const popup = await popupEvent;
  await popup.locator('[data-screen="join"]').waitFor({ timeout: 15_000 });

  // 4. Sibling frames in an allowed page — one from the stranger's site, one from the allowed
  // site itself — post `join` to the room's frame; only the parent may.
  for (const attacker of [STRANGER_ORIGIN, EMBEDDER_ORIGIN]) {
    const page = await newPage();
    await page.goto(`${EMBEDDER_ORIGIN}/sibling.html?${params}&${q({ attacker })}`, {
      waitUntil: 'domcontentloaded',
    });
    await until(() => page.evaluate(() => window.siblingPosts >= 20), 15_000);
    const frame = await embedFrame(page);
    await frame.locator('[data-screen="join"]').waitFor();
    // The parent is heard (its reply proves the frame processes messages), the sibling not.
    const reply = await page.evaluate(() => window.ask('getState', {}));
    assert.equal(reply.ok, true);
    assert.equal(reply.data.state, 'idle');
    assert.equal(await frame.evaluate(() => globalThis.tfxApp.session), null);
    const answered = await page.evaluate(
      () => window.heard.filter((m) => m.type === 'reply' && /^x/.test(m.id)).length,
    );
    assert.equal(answered, 0, `${attacker}: the sibling's commands got no answer`);
    await page.context().close();
  }

  // Everything has had time to act; the room still has only Bob, the popup is still idle.
  await until(() => stranger.evaluate(() => window.posts >= 50), 15_000);
  assert.equal(await peers(), 0);
  assert.equal(await popup.evaluate(() => globalThis.tfxApp.screen), 'join');
  assert.equal(await popup.evaluate(() => globalThis.tfxApp.session), null);
  await stranger.context().close();
  await b.page.context().close();
});
