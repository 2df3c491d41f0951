// UI flows around joining: landing → create → pre-join, wrong links, locked room with knock and
// admit, a full room. Also saves the landing and pre-join screenshots for the manuals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, launchDenied, createRoom, joinRoom, shot } from './harness.js';

const env = useServerAndBrowser();

async function newPage() {
  const ctx = await env.browser.newContext({
    viewport: { width: 1280, height: 800 },
    permissions: ['camera', 'microphone'],
  });
  return ctx.newPage();
}

test('landing creates a room and leads to the pre-join screen as owner', async () => {
  const page = await newPage();
  await page.goto(`${env.server.url}/app/`);
  await page.locator('[data-screen="landing"]').waitFor();
  await page.locator('#room-name').fill('Weekly sync');
  await page.locator('#create-room').click();
  await page.locator('[data-screen="prejoin"]').waitFor();
  assert.match(page.url(), /\/r\/[A-Za-z0-9_-]+#.+/);
  await page.locator('#display-name').fill('Ada');
  await page
    .locator('video.preview')
    .evaluate(
      (v) =>
        new Promise((r) =>
          v.videoWidth ? r() : v.addEventListener('loadeddata', () => r(), { once: true }),
        ),
    );
  await page.waitForTimeout(400);
  assert.equal(await page.locator('.room-title').textContent(), 'Weekly sync');
  await page.locator('#join-now').click();
  await page.locator('[data-screen="room"]').waitFor();
  assert.equal(await page.evaluate(() => globalThis.tfxApp.session.owner), true);
  await page.context().close();
});

test('a wrong or incomplete link explains itself', async () => {
  const room = await createRoom(env.server.url);
  const page = await newPage();
  await page.goto(`${env.server.url}/r/${room.roomId}#not-the-secret`);
  await page.locator('[data-screen="notice"][data-code="ERR_WRONG_SECRET"]').waitFor();
  await page.goto(`${env.server.url}/r/${room.roomId}`);
  await page.locator('[data-screen="notice"][data-code="ERR_BAD_LINK"]').waitFor();
  await page.context().close();
});

test('locked room: the newcomer knocks, the owner admits from the people panel', async () => {
  const room = await createRoom(env.server.url, { name: 'Locked' });
  const owner = await joinRoom(env.browser, env.server.url, room, 'Olga', {
    ownerToken: room.ownerToken,
  });
  await owner.page.locator('#people-btn').click();
  await owner.page.locator('#lock-toggle').check();
  await owner.page.locator('.pill.warn:not([hidden])').waitFor();

  const page = await newPage();
  await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
  await page.locator('#display-name').fill('Kim');
  await page.locator('#join-now').click();
  await page.locator('[data-code="ERR_ROOM_LOCKED"]').waitFor();
  await shot(page, 'locked-room');
  await page.locator('#knock').click();
  await owner.page.locator('#knock-list .admit').click();
  await page.locator('[data-screen="room"]').waitFor();
  await owner.page.locator('#people-list li', { hasText: 'Kim' }).waitFor();
  await owner.page.context().close();
  await page.context().close();
});

test('a full room says so', async () => {
  const room = await createRoom(env.server.url, { capacity: 2 });
  const a = await joinRoom(env.browser, env.server.url, room, 'A');
  const b = await joinRoom(env.browser, env.server.url, room, 'B');
  const page = await newPage();
  await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
  await page.locator('#join-now').click();
  await page.locator('[data-code="ERR_ROOM_FULL"]').waitFor();
  for (const p of [a.page, b.page, page]) await p.context().close();
});

test('password room: the form asks, a wrong one is refused, the right one lets you in', async () => {
  const room = await createRoom(env.server.url, { password: 'sesame' });
  const page = await newPage();
  await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
  await page.locator('#display-name').fill('Pat');
  await page.locator('#join-now').click();
  await page.locator('#room-password').fill('wrong');
  await page.locator('#room-password').press('Enter');
  await page.locator('.form-error', { hasText: 'not right' }).waitFor();
  await page.locator('#room-password').fill('sesame');
  await page.locator('#room-password').press('Enter');
  await page.locator('[data-screen="room"]').waitFor();
  await page.context().close();
});

test('the owner removes someone: they see why, the others see them go', async () => {
  const room = await createRoom(env.server.url);
  const owner = await joinRoom(env.browser, env.server.url, room, 'Olga', {
    ownerToken: room.ownerToken,
  });
  const guest = await joinRoom(env.browser, env.server.url, room, 'Gus');
  const gusId = await guest.page.evaluate(() => globalThis.tfxApp.session.peerId);
  await owner.page.locator('#people-btn').click();
  await owner.page.locator(`#people-list li[data-peer-id="${gusId}"] .kick`).click();
  await guest.page.locator('[data-code="ERR_KICKED"]').waitFor();
  await owner.page.locator(`figure.tile[data-peer-id="${gusId}"]`).waitFor({ state: 'detached' });
  await owner.page.context().close();
  await guest.page.context().close();
});

test('the owner sets a password in a running room; newcomers are asked for it', async () => {
  const room = await createRoom(env.server.url, { name: 'Board' });
  const owner = await joinRoom(env.browser, env.server.url, room, 'Olga', {
    ownerToken: room.ownerToken,
  });
  await owner.page.locator('#people-btn').click();
  await owner.page.locator('#password-input').fill('s3cret');
  await owner.page.locator('#password-form button').click();
  await owner.page.locator('#password-form button', { hasText: 'Change' }).waitFor();
  await shot(owner.page, 'room-owner-panel');
  const page = await newPage();
  await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
  await page.locator('#join-now').click();
  await page.locator('#room-password').fill('s3cret');
  await page.locator('#room-password').press('Enter');
  await page.locator('[data-screen="room"]').waitFor();
  await owner.page.context().close();
  await page.context().close();
});

test('camera blocked: the pre-join screen says so, joining without media still receives', async () => {
  const room = await createRoom(env.server.url, { name: 'Blocked' });
  const owner = await joinRoom(env.browser, env.server.url, room, 'Olga');
  const ownerId = await owner.page.evaluate(() => globalThis.tfxApp.session.peerId);
  const denied = await launchDenied();
  try {
    const page = await (
      await denied.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await page.goto(`${env.server.url}/r/${room.roomId}#${room.secret}`);
    await page.locator('.media-msg[data-error="denied"]').waitFor();
    await page.locator('#retry-media').waitFor();
    await shot(page, 'prejoin-camera-blocked');
    await page.locator('#display-name').fill('Dana');
    await page.locator('#join-now', { hasText: 'without' }).click();
    await page.locator('[data-screen="room"]').waitFor();
    // No media check here: on a loopback-only machine Chrome gathers no ICE candidates for a page
    // without camera/mic permission (on real networks it uses mDNS host candidates).
    assert.ok(await page.locator(`figure.tile[data-peer-id="${ownerId}"]`).count());
    const danaId = await page.evaluate(() => globalThis.tfxApp.session.peerId);
    await owner.page.locator(`figure.tile.no-video.muted[data-peer-id="${danaId}"]`).waitFor();
  } finally {
    await denied.close();
    await owner.page.context().close();
  }
});
