// Browser tests of the widget framework with the chat widget (issue 6): the dock, a message
// between two peers, history after a reload and for a late joiner (unread, but no toast), unread
// badge, safe links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { openWidget, chatSend, chatTexts } from './widgets.js';

const env = useServerAndBrowser();
const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);

/** Page script: keeps the text of every toast the room shows in `globalThis.__toasts`. */
function recordToasts() {
  const seen = /** @type {string[]} */ ([]);
  /** @type {any} */ (globalThis).__toasts = seen;
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n instanceof HTMLElement && n.classList.contains('toast')) seen.push(n.innerText);
      }
    }
  }).observe(document, { childList: true, subtree: true });
}
const toastsOf = (page) => page.evaluate(() => [...globalThis.__toasts]);

test('chat: a message arrives, survives a reload and reaches a late joiner', async () => {
  const room = await createRoom(env.server.url, { name: 'Chat' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob');

  // The dock lists the chat; B keeps it closed and sees an unread badge.
  await openWidget(a.page, 'chat');
  await chatSend(a.page, 'Hello Bob, see https://example.org/docs (page 2).');
  await b.page.locator('#widgets-btn .btn-badge:not([hidden])').waitFor({ timeout: 10_000 });
  assert.equal(await b.page.locator('#widgets-btn .btn-badge').textContent(), '1');
  await openWidget(b.page, 'chat');
  await until(async () => (await chatTexts(b.page)).length === 1);
  assert.deepEqual(await chatTexts(b.page), ['Hello Bob, see https://example.org/docs (page 2).']);
  assert.equal(await b.page.locator('#widgets-btn .btn-badge').isHidden(), true);
  // The URL became a safe link, the rest stayed text.
  const link = b.page.locator('.chat-msg .chat-text a');
  assert.equal(await link.getAttribute('href'), 'https://example.org/docs');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await b.page.locator('.chat-msg .chat-name').first().textContent(), 'Ada');

  await chatSend(b.page, 'Hi Ada!\nTwo lines.');
  await until(async () => (await chatTexts(a.page)).length === 2);
  await shot(a.page, 'widget-chat');

  // B reloads: same seat, same history.
  const idb = await peerIdOf(b.page);
  await b.page.reload();
  await b.page.locator('[data-screen="room"]').waitFor();
  assert.equal(await peerIdOf(b.page), idb);
  await openWidget(b.page, 'chat');
  await until(async () => (await chatTexts(b.page)).length === 2);
  assert.deepEqual(await chatTexts(b.page), [
    'Hello Bob, see https://example.org/docs (page 2).',
    'Hi Ada!\nTwo lines.',
  ]);
  // B's own message is still marked as B's after the reload (same peer id).
  assert.equal(await b.page.locator('.chat-msg.mine').count(), 1);

  // C joins late, dock closed, and gets the history from the others: it counts as unread,
  // but pops no toast (old news); a message written now does. Every toast C's page shows is
  // recorded, from its first script on (they go away after 5 s).
  const c = await joinRoom(env.browser, env.server.url, room, 'Cyd', {
    onPage: (page) => page.addInitScript(recordToasts),
  });
  const cBadge = c.page.locator('#widgets-btn .btn-badge');
  await until(async () => (await cBadge.textContent()) === '2', 10_000);
  await chatSend(a.page, 'Welcome, Cyd.');
  await until(async () => (await cBadge.textContent()) === '3', 10_000);
  await until(async () => (await toastsOf(c.page)).length > 0, 10_000);
  assert.deepEqual(await toastsOf(c.page), ['Ada: Welcome, Cyd.']);
  await openWidget(c.page, 'chat');
  await until(async () => (await chatTexts(c.page)).length === 3, 10_000);
  assert.deepEqual(await chatTexts(c.page), await chatTexts(a.page));
  await chatSend(c.page, 'Late but here');
  for (const p of [a.page, b.page]) {
    await until(async () => (await chatTexts(p)).at(-1) === 'Late but here');
  }
  for (const p of [a.page, b.page, c.page]) await p.context().close();
});
