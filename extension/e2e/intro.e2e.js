// Browser tests of the Introductions widget (issue 6): A's card pops up on B's video when B
// joins and is in B's list; B's first card pops up on A's video; "Show my card to everyone"
// shows it again; the card survives a reload; a late joiner C gets every card; a card written
// by someone else under A's key is never shown as A's, and A puts its own back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { openWidget, pane } from './widgets.js';

const env = useServerAndBrowser();
/** Pages on a busy machine: more time for navigations and clicks than Playwright's 30 s. */
const patient = { onPage: (page) => (page.setDefaultTimeout(90_000), undefined) };
const peerIdOf = (page) => page.evaluate(() => globalThis.tfxApp.session.peerId);

/** The pop-up of `peerId`'s card on this page's video tile (a locator into its shadow root). */
const popup = (page, peerId) =>
  page.locator(`figure.tile[data-peer-id="${peerId}"] .tfx-intro-overlay .ov-card`);

/**
 * What the pop-up of `peerId`'s card says, read in one go (it goes away by itself after a few
 * seconds), or null when there is none. With `hold`, the pointer "enters" it in the same go, so
 * it stays (as it does while someone points at it) however slow the machine is.
 */
function popupNow(page, peerId, hold = false) {
  return page.evaluate(
    ([id, hold]) => {
      const host = document.querySelector(`figure.tile[data-peer-id="${id}"] .tfx-intro-overlay`);
      const card = host?.shadowRoot?.querySelector('.ov-card');
      if (!card) return null;
      if (hold) card.dispatchEvent(new PointerEvent('pointerenter'));
      const text = (sel) => card.querySelector(sel)?.textContent ?? '';
      return {
        name: text('.card-name-text'),
        role: text('.card-role'),
        about: text('.card-about'),
        initials: text('.avatar'),
        color: card.getAttribute('data-color'),
        opacity: getComputedStyle(card).opacity,
      };
    },
    [peerId, hold],
  );
}

/** Waits until `peerId`'s card pops up on this page (and, with `role`, says that). */
const popupSeen = (page, peerId, role, hold = false) =>
  until(async () => {
    const p = await popupNow(page, peerId, hold);
    return p && (!role || p.role === role) ? p : null;
  }, 20_000);

/** What a card in the widget's list says: {name, role, about} or null when there is none. */
async function listedCard(page, peerId) {
  const card = pane(page, 'intro').locator(`.intro-person[data-peer-id="${peerId}"] .card`);
  if ((await card.count()) === 0) return null;
  if (await card.evaluate((el) => el.classList.contains('nocard'))) return null;
  const text = async (sel) => {
    const el = card.locator(sel);
    return (await el.count()) ? el.textContent() : '';
  };
  return {
    name: await text('.card-name-text'),
    role: await text('.card-role'),
    about: await text('.card-about'),
    color: await card.getAttribute('data-color'),
  };
}

async function fillCard(page, { role, about, color }, screenshot) {
  await openWidget(page, 'intro');
  const p = pane(page, 'intro');
  if (await p.locator('.intro-form').isHidden()) await p.locator('.intro-edit').click();
  await p.locator('#intro-role').fill(role);
  await p.locator('#intro-about').fill(about);
  if (color) await p.locator(`.swatch[data-color="${color}"] input`).check();
  if (screenshot) await shot(page, screenshot);
  await p.locator('.intro-save').click();
  await p.locator('.intro-preview .card').waitFor();
}

test('intro: cards pop up on join and on demand, survive a reload, reach a late joiner', async () => {
  const room = await createRoom(env.server.url, { name: 'Intros' });
  const a = await joinRoom(env.browser, env.server.url, room, 'Ada Lovelace', {
    ...patient,
    ownerToken: room.ownerToken,
  });
  const ida = await peerIdOf(a.page);
  const ADA = {
    role: 'Analyst of engines',
    about: 'Wrote the first published program — ask me about Bernoulli numbers.',
    color: 'violet',
  };
  await fillCard(a.page, ADA, 'widget-intro-form');
  assert.deepEqual(await listedCard(a.page, ida), { name: 'Ada Lovelace', ...ADA });
  // The form is gone; the card and "Show my card" are there, disabled while A is alone.
  assert.equal(await pane(a.page, 'intro').locator('.intro-form').isHidden(), true);
  assert.equal(await pane(a.page, 'intro').locator('.intro-announce').isVisible(), true);
  assert.equal(await pane(a.page, 'intro').locator('.intro-announce').isDisabled(), true);

  // B joins: A's card pops up on A's tile in B's room, although B never opened the widget.
  const b = await joinRoom(env.browser, env.server.url, room, 'Bob Babbage', patient);
  const idb = await peerIdOf(b.page);
  const pop = await popupSeen(b.page, ida, undefined, true);
  assert.deepEqual(
    { ...pop, opacity: undefined },
    { name: 'Ada Lovelace', ...ADA, initials: 'AL', opacity: undefined },
  );
  // Held (pointed at) since it was seen; shot once fully faded in.
  await until(async () => (await popupNow(b.page, ida))?.opacity === '1');
  await shot(b.page, 'widget-intro-popup');
  // Dismissible: the close button removes it.
  await popup(b.page, ida).locator('.ov-close').click();
  await until(async () => (await popup(b.page, ida).count()) === 0, 3000);

  // B's list has A's card.
  await openWidget(b.page, 'intro');
  await until(async () => (await listedCard(b.page, ida))?.role === ADA.role);
  assert.deepEqual(await listedCard(b.page, ida), { name: 'Ada Lovelace', ...ADA });
  assert.equal(await listedCard(b.page, idb), null, 'B has no card yet');

  // B writes a first card: it pops up on B's tile in A's room.
  const BOB = { role: 'Engineer', about: 'Builds difference engines.', color: 'amber' };
  await fillCard(b.page, BOB);
  assert.equal((await popupSeen(a.page, idb)).role, BOB.role);
  await until(async () => (await listedCard(a.page, idb))?.about === BOB.about);

  // On demand: A shows its card again; it pops up for B (and as a preview on A's own tile).
  const announce = pane(a.page, 'intro').locator('.intro-announce');
  await until(() => announce.isEnabled());
  await announce.click();
  await popupSeen(b.page, ida, undefined, true);
  await popupSeen(a.page, 'local', undefined, true);
  await until(async () => (await popupNow(a.page, 'local'))?.opacity === '1');
  await shot(a.page, 'widget-intro');

  // An edit reaches the others and updates the pop-up that is on screen.
  await fillCard(a.page, { ...ADA, role: 'Countess and analyst' });
  await until(async () => (await listedCard(b.page, ida))?.role === 'Countess and analyst');
  await popupSeen(b.page, ida, 'Countess and analyst');

  // A reloads: same seat, card still there, and the others' cards do not pop up again.
  await a.page.reload();
  await a.page.locator('[data-screen="room"]').waitFor();
  assert.equal(await peerIdOf(a.page), ida);
  await openWidget(a.page, 'intro');
  await until(async () => (await listedCard(a.page, ida))?.role === 'Countess and analyst');
  await until(async () => (await listedCard(a.page, idb))?.role === BOB.role);
  assert.equal(await popup(a.page, idb).count(), 0, "B's card does not pop up after A's reload");

  // C joins late: both cards pop up and are in C's list.
  const c = await joinRoom(env.browser, env.server.url, room, 'Cyd', patient);
  const seen = new Set();
  await until(async () => {
    for (const id of [ida, idb]) if (await popupNow(c.page, id)) seen.add(id);
    return seen.size === 2;
  }, 20_000);
  await openWidget(c.page, 'intro');
  await until(async () => (await listedCard(c.page, ida))?.role === 'Countess and analyst');
  assert.deepEqual(await listedCard(c.page, idb), { name: 'Bob Babbage', ...BOB });
  assert.match(
    await pane(c.page, 'intro').locator('.intro-list-title').textContent(),
    /2 of 3 have a card/,
  );

  // B writes a card under A's key: nobody shows it as A's, and A writes its own back. C records
  // each change of A's card with what its list shows right after the widget rendered it (the
  // widget's listener runs first): the spoof arrives, is never shown as A's, and A's card is back.
  await c.page.evaluate((id) => {
    const g = globalThis;
    const rt = g.tfxApp.widgets.runtimes.get('intro');
    g.__adaCard = [];
    rt.state.on('change', (e) => {
      if (!e.keys.includes(`card:${id}`)) return;
      const root = document.querySelector('.widget-pane[data-widget-id="intro"]').shadowRoot;
      const el = root.querySelector(`.intro-person[data-peer-id="${id}"] .card`);
      g.__adaCard.push({
        author: rt.state.entry(`card:${id}`)?.author ?? null,
        shown:
          !el || el.classList.contains('nocard')
            ? null
            : el.querySelector('.card-role')?.textContent,
      });
    });
  }, ida);
  await b.page.evaluate(
    (id) =>
      globalThis.tfxApp.widgets.runtimes
        .get('intro')
        .state.set(`card:${id}`, { role: 'Spoofed by Bob', about: 'not Ada' }),
    ida,
  );
  let changes = [];
  await until(async () => {
    changes = await c.page.evaluate(() => globalThis.__adaCard);
    const last = changes.at(-1);
    return (
      // any change means the spoof arrived (alone, or with A's answer, which builds on it)
      last?.author === ida && last.shown === 'Countess and analyst'
    );
  });
  assert.ok(
    changes.every((s) => s.shown !== 'Spoofed by Bob'),
    `C's list showed B's card as A's: ${JSON.stringify(changes)}`,
  );
  assert.equal((await listedCard(c.page, ida))?.role, 'Countess and analyst');
  const roles = await pane(c.page, 'intro').locator('.card-role').allTextContents();
  assert.ok(!roles.includes('Spoofed by Bob'), roles.join(' | '));

  for (const p of [a.page, b.page, c.page]) await p.context().close();
});

test('intro: a card kept on this device is used in the next meeting', async () => {
  const first = await createRoom(env.server.url, { name: 'First' });
  const a = await joinRoom(env.browser, env.server.url, first, 'Grace', patient);
  const ida = await peerIdOf(a.page);
  await fillCard(a.page, { role: 'Rear admiral', about: 'Found a moth in a relay.' });
  // The card is pre-filled with a stable default colour when none was picked.
  assert.ok((await listedCard(a.page, ida)).color);

  // Leave and join another meeting in the same browser profile.
  const second = await createRoom(env.server.url, { name: 'Second' });
  await a.page.locator('#leave').click();
  await a.page.goto(`${env.server.url}/r/${second.roomId}#${second.secret}`);
  await a.page.locator('#display-name').fill('Grace');
  await a.page.locator('#join-now').click();
  await a.page.locator('[data-screen="room"]').waitFor();
  const b = await joinRoom(env.browser, env.server.url, second, 'Bea', patient);
  const ida2 = await peerIdOf(a.page);
  assert.notEqual(ida2, ida);
  assert.equal((await popupSeen(b.page, ida2)).role, 'Rear admiral');

  // Removing the card removes it for everyone and forgets it on this device.
  await openWidget(a.page, 'intro');
  await pane(a.page, 'intro').locator('.intro-edit').click();
  await pane(a.page, 'intro').locator('.intro-remove').click();
  await openWidget(b.page, 'intro');
  await until(async () => (await listedCard(b.page, ida2)) === null);
  assert.equal(
    await a.page.evaluate(() => localStorage.getItem('tfx.intro.profile')),
    null,
    'the kept card is forgotten',
  );
  for (const p of [a.page, b.page]) await p.context().close();
});
