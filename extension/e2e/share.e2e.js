// Browser tests of the Share widget (issue 6, cross-domain access): a link, an image, a video, a
// sound and an image file shared by A render for B and for a late joiner C; a page that allows
// framing shows in a sandboxed frame, one that does not as a link card; hostile previews and
// forged items render inert. The shared things come from another loopback origin (sites.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until, shot } from './harness.js';
import { openWidget, pane } from './widgets.js';
import { startSites, EMBEDDER_ORIGIN, png, requireShareAndEmbed } from './sites.js';

const env = useServerAndBrowser();
let sites;
before(async () => {
  sites = await startSites();
});
after(async () => {
  await sites?.close();
});

const O = EMBEDDER_ORIGIN;

/**
 * Joins like a participant, then stops camera and microphone: this test is about the widget,
 * and three pages encoding video for each other only slow a shared machine down.
 */
async function join(room, name, opts) {
  const r = await joinRoom(env.browser, env.server.url, room, name, opts);
  r.page.setDefaultTimeout(60_000);
  await r.page.evaluate(() =>
    globalThis.tfxApp.session.localStream?.getTracks().forEach((t) => t.stop()),
  );
  return r;
}
const items = (page) => pane(page, 'share').locator('.share-item');

/** Shares a link through the widget's text box and waits until it is in our own list. */
async function shareLink(page, url) {
  const before = await items(page).count();
  const box = pane(page, 'share').locator('.share-input');
  await box.fill(url);
  await box.press('Enter');
  await until(async () => (await items(page).count()) > before, 15_000);
}

/** What a page shows for each item, newest first. */
function describe(page) {
  return pane(page, 'share')
    .locator('.share-item')
    .evaluateAll((els) =>
      els.map((el) => ({
        kind: el.dataset.kind,
        view: el.dataset.view,
        title: el.querySelector('.share-title')?.textContent ?? null,
        href: el.querySelector('.share-open')?.getAttribute('href') ?? null,
      })),
    );
}

/** Media of the newest item of a view: loaded for real (pixels, duration)? */
function mediaLoaded(page, view) {
  return pane(page, 'share')
    .locator(`.share-item[data-view="${view}"]`)
    .first()
    .evaluate((el) => {
      const img = el.querySelector('img.share-image');
      if (img) return img.complete && img.naturalWidth > 0;
      const m = el.querySelector('video, audio');
      return !!m && m.readyState >= 1 && m.duration > 0;
    });
}

test('share: links, media and files reach everyone and late joiners; hostile items stay inert', async () => {
  await requireShareAndEmbed(env.server.url);
  const started = Date.now();
  const room = await createRoom(env.server.url, { name: 'Share' });
  const a = await join(room, 'Ada', { ownerToken: room.ownerToken });
  const b = await join(room, 'Bob');
  const pages = [a.page, b.page];
  const dialogs = [];
  for (const p of pages) p.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));

  await openWidget(a.page, 'share');
  await openWidget(b.page, 'share');
  await pane(a.page, 'share').locator('.share-empty').waitFor();

  // An image, a video and a sound: shown as themselves, for the sharer and the others.
  await shareLink(a.page, `${O}/media/image.png`);
  await shareLink(a.page, `${O}/media/clip.webm`);
  await shareLink(a.page, `${O}/media/tone.wav`);
  // A page that lets us frame it, one that does not (X-Frame-Options), one with
  // frame-ancestors 'none', and one the server cannot fetch.
  await shareLink(a.page, `${O}/pages/article.html`);
  await shareLink(a.page, `${O}/pages/locked.html`);
  await shareLink(a.page, `${O}/pages/ancestors.html`);
  await shareLink(a.page, 'http://127.0.0.1:9/nothing-listens-here');
  assert.match(
    await pane(a.page, 'share').locator('.share-status').textContent(),
    /without a preview/,
  );
  for (const p of pages) await until(async () => (await items(p).count()) === 7, 15_000);
  const expected = [
    { kind: 'link', view: 'card', title: 'http://127.0.0.1:9/nothing-listens-here' },
    { kind: 'page', view: 'card', title: 'Ancestors' },
    { kind: 'page', view: 'card', title: 'A page that refuses frames' },
    { kind: 'page', view: 'frame', title: 'An article about frames' },
    { kind: 'audio', view: 'audio', title: '127.0.0.1' },
    { kind: 'video', view: 'video', title: '127.0.0.1' },
    { kind: 'image', view: 'image', title: '127.0.0.1' },
  ];
  for (const p of pages) {
    const seen = await describe(p);
    assert.deepEqual(
      seen.map(({ kind, view, title }) => ({ kind, view, title })),
      expected,
    );
    for (const view of ['image', 'video', 'audio']) {
      await until(() => mediaLoaded(p, view), 15_000);
    }
  }
  // The image opens in a new tab without a referrer; the link card carries the page's facts.
  const bPane = pane(b.page, 'share');
  const img = bPane.locator('.share-item[data-view="image"] img.share-image');
  assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');
  const open = bPane.locator('.share-item[data-view="image"] .share-open');
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.getAttribute('rel'), 'noopener noreferrer nofollow');
  const locked = bPane.locator('.share-item', { hasText: 'A page that refuses frames' });
  assert.equal(await locked.locator('.share-desc').textContent(), 'Shown as a link card.');
  assert.match(await locked.locator('.share-site').textContent(), /Locked Site · 127\.0\.0\.1/);
  await until(() =>
    locked.locator('img.share-thumb').evaluate((i) => i.complete && i.naturalWidth === 120),
  );
  assert.equal(await bPane.locator('iframe').count(), 1);

  // The framed page: sandboxed, without a referrer and cookies, scripts of its own origin run.
  const frameEl = bPane.locator('iframe.share-frame');
  assert.equal(
    await frameEl.getAttribute('sandbox'),
    'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  );
  assert.equal(await frameEl.evaluate((f) => f.credentialless), true);
  assert.equal(await frameEl.getAttribute('referrerpolicy'), 'no-referrer');
  await until(async () => {
    const f = b.page.frames().find((x) => x.url() === `${O}/pages/article.html`);
    return f && (await f.locator('body[data-scripted="yes"] #framed-heading').count()) === 1;
  }, 15_000);
  const framed = b.page.frames().find((x) => x.url() === `${O}/pages/article.html`);
  // Its origin is its own: the room page is out of its reach.
  assert.equal(
    await framed.evaluate(() => {
      try {
        return String(parent.document.title);
      } catch (err) {
        return err.name;
      }
    }),
    'SecurityError',
  );

  // Hostile facts from a page and forged items from a peer: shown as text, nothing runs, no
  // javascript: or data: anywhere.
  await shareLink(a.page, `${O}/pages/hostile.html`);
  await a.page.evaluate(
    ([origin]) => {
      const state = globalThis.tfxApp.widgets.runtimes.get('share').state;
      const forged = [
        { kind: 'link', url: 'javascript:window.__pwned=5', title: 'js link' },
        { kind: 'image', url: 'data:image/svg+xml,<svg onload="window.__pwned=6"/>' },
        { kind: 'page', url: 'javascript:window.__pwned=7', frameable: true },
        { kind: 'page', url: `${origin}/pages/article.html?x`, frameable: 'yes', title: 7 },
        { kind: 'video', url: 'vbscript:msgbox(1)' },
        { kind: 'link', url: `http://user:pw@${new URL(origin).host}/creds` },
        { kind: 'nonsense', url: `${origin}/media/image.png` },
        {
          kind: 'link',
          url: `${origin}/forged"onmouseover="window.__pwned=8`,
          title: '<img src=x onerror="window.__pwned=9">',
          description: '</span><script>window.__pwned=10</script>',
          image: 'javascript:window.__pwned=11',
          siteName: '\u202eevil\u202c site',
          name: '<b>Mallory</b>',
        },
        {
          kind: 'file',
          file: {
            key: 'abcdefgh1',
            type: 'image/svg+xml',
            size: 10,
            parts: 1,
            width: 1,
            height: 1,
          },
        },
        'just a string',
        42,
      ];
      for (const f of forged) state.append('items', f);
    },
    [O],
  );
  // Valid: the hostile page's card, the frameable page forged as non-frameable (frameable must
  // be true, the title a string), and the forged link with an encoded URL.
  for (const p of pages) await until(async () => (await items(p).count()) === 10, 15_000);
  const hostile = bPane.locator('.share-item', { hasText: 'Hostile' });
  assert.equal(
    await hostile.locator('.share-title').textContent(),
    '<img src=x onerror="window.__pwned=1">Hostile <b>title</b>',
  );
  assert.equal(
    await hostile.locator('.share-desc').textContent(),
    '<script>window.__pwned=2</script> plain words',
  );
  assert.equal(await hostile.locator('img').count(), 0, 'javascript: thumbnail dropped');
  const forgedLink = bPane.locator('.share-item', { hasText: 'onerror="window.__pwned=9"' });
  assert.equal(
    await forgedLink.locator('.share-open').getAttribute('href'),
    `${O}/forged%22onmouseover=%22window.__pwned=8`,
  );
  assert.equal(await forgedLink.locator('.share-site').textContent(), 'evil site · 127.0.0.1');
  const reframed = bPane.locator(
    `.share-item[data-view="card"] a.share-card[href="${O}/pages/article.html?x"]`,
  );
  assert.equal(await reframed.count(), 1);
  for (const p of pages) {
    const bad = await pane(p, 'share').evaluate((el) => {
      const root = el.shadowRoot;
      const urls = [...root.querySelectorAll('[href], [src]')].map(
        (n) => n.getAttribute('href') ?? n.getAttribute('src'),
      );
      return {
        unsafe: urls.filter((u) => !/^(https?:|blob:)/.test(u)),
        scripts: root.querySelectorAll('script, svg, object, embed, b').length,
        pwned: globalThis.__pwned ?? null,
      };
    });
    assert.deepEqual(bad, { unsafe: [], scripts: 0, pwned: null });
  }

  // An image file from B: re-encoded, sent in parts through the shared state.
  await pane(b.page, 'share')
    .locator('input.share-file')
    .setInputFiles({
      name: 'diagram.png',
      mimeType: 'image/png',
      buffer: png(640, 360, [200, 60, 90]),
    });
  for (const p of pages) {
    await until(
      () =>
        pane(p, 'share')
          .locator('.share-item[data-view="file"] img.share-image')
          .evaluate((i) => i.complete && i.naturalWidth === 640 && i.src.startsWith('blob:'))
          .catch(() => false),
      15_000,
    );
  }

  // C joins late and gets everything from the others.
  const c = await join(room, 'Cyd');
  c.page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
  await openWidget(c.page, 'share');
  await until(async () => (await items(c.page).count()) === 11, 20_000);
  assert.deepEqual(await describe(c.page), await describe(b.page));
  for (const view of ['image', 'video', 'audio'])
    await until(() => mediaLoaded(c.page, view), 15_000);
  await until(() =>
    pane(c.page, 'share')
      .locator('.share-item[data-view="file"] img.share-image')
      .evaluate((i) => i.naturalWidth === 640)
      .catch(() => false),
  );
  assert.equal(await pane(c.page, 'share').locator('iframe.share-frame').count(), 1);

  // Removing: only your own items (the owner may remove any); gone for everyone.
  assert.equal(
    await pane(b.page, 'share')
      .locator('.share-item:not([data-view="file"]) .share-remove')
      .count(),
    0,
  );
  assert.equal(
    await pane(b.page, 'share').locator('.share-item[data-view="file"] .share-remove').count(),
    1,
  );
  await pane(a.page, 'share').locator('.share-item[data-view="video"] .share-remove').click();
  for (const p of [a.page, b.page, c.page]) {
    await until(
      async () => (await pane(p, 'share').locator('.share-item[data-view="video"]').count()) === 0,
    );
  }

  // The badge: C closes the dock, B shares, C sees a badge.
  await c.page.locator('#widgets-btn').click();
  await shareLink(b.page, `${O}/media/thumb.png`);
  await c.page.locator('#widgets-btn .btn-badge:not([hidden])').waitFor({ timeout: 10_000 });

  assert.deepEqual(dialogs, []);
  await pane(a.page, 'share')
    .locator('.share-scroll')
    .evaluate((s) => (s.scrollTop = 0));
  await shot(b.page, 'widget-share');
  console.log(`share test: ${Date.now() - started} ms`);
  for (const p of [a.page, b.page, c.page]) await p.context().close();
});
