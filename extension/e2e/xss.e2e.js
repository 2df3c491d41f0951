// The XSS suite (issue 6): every generated payload (xss-payloads.js, ≥ 500) goes through every
// sink — chat messages, display names (tiles, people panel, chat, intro cards, toasts), intro
// card fields, shared links (URL, title, description, site, sharer) — between two real
// Chromium peers, and:
//   - no script runs: the trap `__xss` is never called, no dialog opens, no page error, no
//     Content-Security-Policy violation (the CSP would stop inline script: a violation means
//     markup got in), no request to a probe URL or another origin;
//   - nothing is parsed: no script/iframe/svg-animation/… element and no on* attribute appear
//     where peer text is shown;
//   - the text is shown literally: what the page shows equals the payload (after the documented
//     cleaning: names as the server keeps them, card fields cut to their limits, and text as UTF-8
//     carries it — a lone surrogate, which is no character, becomes U+FFFD for author and peers).
//
// Adding a sink: append an object to `sinks` below ({name, batch, push, check, scanRoots?}).
// `push` sends a batch of payloads from peer A; `check` returns, for each payload, what B (and
// A) show next to what they should show. The loop, the traps and the DOM scan are shared.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, createRoom, joinRoom, until } from './harness.js';
import { generatePayloads, asciiJson, TRAP, PROBE } from './xss-payloads.js';
import { openWidget } from './widgets.js';
import { cleanName } from '../lib/sdk/codec.js';
import { readCard } from '../widgets/intro/card.js';
import { readItem } from '../widgets/share/items.js';

const env = useServerAndBrowser();
const PAYLOADS = generatePayloads();

/**
 * @typedef {import('./xss-payloads.js').Payload} Payload
 * @typedef {{page: import('playwright-core').Page, id: string, name: string, hits: string[]}} Peer
 * @typedef {{a: Peer, b: Peer, room: any}} Room
 * @typedef {{id: number, where: string, expected: string|null, shown: string|null}} Shown
 *   what one place shows for one payload (strings as ASCII JSON, see asciiJson)
 * @typedef {object} Sink
 * @property {string} name
 * @property {number} batch payloads per push
 * @property {(r: Room) => Promise<void>} [prepare]
 * @property {(r: Room, batch: Payload[]) => Promise<void>} push
 * @property {(r: Room, batch: Payload[]) => Promise<Shown[]>} check
 * @property {string[]} [scanRoots] CSS selectors of where this sink shows peer text
 */

/** Where peer text is shown in the room page whatever the sink: scanned after every batch. */
const ROOTS = [
  '#video-grid',
  '#people-panel',
  '.toasts',
  '.indicators',
  '.widget-pane[data-widget-id="chat"]',
  '.widget-pane[data-widget-id="intro"]',
];

/** Installs the traps in a page before the room page's own scripts run. */
async function arm(page, hits) {
  page.setDefaultTimeout(90_000); // a busy machine: more than Playwright's 30 s
  await page.addInitScript(
    ([trap, probe]) => {
      const g = /** @type {any} */ (globalThis);
      g.__xssHits = [];
      // The intro pop-up on a peer's tile that is on screen (not one fading out), or null.
      g.__xssPopup = (id) =>
        [...document.querySelectorAll(`figure.tile[data-peer-id="${id}"] .tfx-intro-overlay`)]
          .map((host) => host.shadowRoot?.querySelector('.ov-card:not(.leaving)'))
          .find(Boolean) ?? null;
      // Every toast that appears (they go after a few seconds).
      g.__toasts = [];
      new MutationObserver((records) => {
        for (const rec of records) {
          for (const n of rec.addedNodes) {
            if (n instanceof HTMLElement && n.classList.contains('toast')) {
              g.__toasts.push(n.querySelector('span')?.textContent ?? '');
            }
          }
        }
      }).observe(document, { childList: true, subtree: true });
      // asciiJson of xss-payloads.js: results leave the page exactly
      g.__xssJson = (v) =>
        JSON.stringify(v).replace(
          /[^\x20-\x7e]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
      g[trap] = (n) => g.__xssHits.push(`trap:${n}`);
      document.addEventListener(
        'securitypolicyviolation',
        (e) =>
          g.__xssHits.push(`csp:${e.violatedDirective} ${e.blockedURI} ${e.sample}`.slice(0, 300)),
        true,
      );
      // Marks on the probe path, should a payload's request not show up as a page request.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name.includes(probe)) g.__xssHits.push(e.name);
      }).observe({ type: 'resource', buffered: true });
    },
    [TRAP, PROBE],
  );
  const origin = new URL(env.server.url).origin;
  page.on('dialog', (d) => {
    hits.push(`dialog:${d.type()}:${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    const url = r.url();
    if (url.includes(PROBE)) hits.push(`request:${url}`);
    else if (/^https?:/.test(url) && new URL(url).origin !== origin) hits.push(`request:${url}`);
  });
  page.on('pageerror', (e) => hits.push(`pageerror:${e.message}`));
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to (execute|load|apply)/i.test(m.text())) {
      hits.push(`console:${m.text().slice(0, 300)}`);
    }
  });
  page.on('popup', (p) => hits.push(`popup:${p.url()}`));
}

/** Everything that went off in a page so far. */
async function hitsOf(peer) {
  const inPage = await peer.page.evaluate(() => globalThis.__xssHits.splice(0));
  return [...peer.hits.splice(0), ...inPage];
}

/**
 * Looks for markup that got in where peer text is shown (inside open shadow roots too), and
 * for inline handlers and script anywhere in the body.
 */
function scan(page, roots) {
  return page.evaluate((roots) => {
    const bad = [];
    const FORBIDDEN = new Set(
      (
        'script iframe frame frameset object embed applet math template base meta style ' +
        'noscript xmp plaintext noembed portal isindex keygen marquee handler foreignobject ' +
        'animate animatetransform animatemotion set discard image use source track picture ' +
        'img dialog details xss mglyph maction mtext mi form input textarea select option ' +
        'table html head body'
      ).split(' '),
    );
    const URL_ATTRS =
      /^(href|src|action|formaction|data|poster|srcdoc|srcset|background|xlink:href|codebase|dynsrc|lowsrc)$/;
    const describe = (el) => `<${el.localName} ${[...el.attributes].map((a) => a.name).join(' ')}>`;
    /** @param {Element|ShadowRoot} root @param {boolean} strict */
    const walk = (root, strict) => {
      if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot, strict);
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName.toLowerCase();
        if (el.closest('head')) continue;
        if (tag === 'script') bad.push(`script ${describe(el)}`);
        for (const a of el.attributes) {
          const n = a.name.toLowerCase();
          if (n.startsWith('on')) bad.push(`handler ${describe(el)}`);
          if (URL_ATTRS.test(n) && /^[\s\0-\x20]*(javascript|vbscript|data):/i.test(a.value)) {
            bad.push(`url ${describe(el)} ${a.value.slice(0, 80)}`);
          }
          // (a link is only followed when clicked: its address may hold anything http(s))
          if (URL_ATTRS.test(n) && tag !== 'a' && /__xss|\/xss-probe\//.test(a.value)) {
            bad.push(`probe ${describe(el)}`);
          }
        }
        if (strict) {
          const ours =
            // what the room and the two widgets build themselves
            (tag === 'link' &&
              el.getAttribute('rel') === 'stylesheet' &&
              new URL(el.href).origin === location.origin) ||
            (['form', 'input', 'textarea', 'select', 'option'].includes(tag) &&
              !el.closest(
                '.chat-log, .intro-list, .intro-preview, .tfx-intro-overlay, figure.tile',
              ));
          if (FORBIDDEN.has(tag) && !ours) bad.push(`element ${describe(el)}`);
          if (tag === 'a' && !/^https?:\/\//i.test(el.getAttribute('href') ?? '')) {
            bad.push(`link ${describe(el)}`);
          }
        }
        if (el.shadowRoot) walk(el.shadowRoot, strict);
      }
    };
    walk(document.body, false);
    for (const sel of roots) for (const r of document.querySelectorAll(sel)) walk(r, true);
    return bad.slice(0, 20);
  }, roots);
}

/** The same payloads in a page: passed as ASCII JSON, so they arrive exactly. */
const texts = (batch) => asciiJson(batch.map((p) => p.text));

// ---------------------------------------------------------------------------------------------
// Sinks

/** @type {Sink} */
const chatSink = {
  name: 'chat messages',
  batch: 100,
  async prepare(r) {
    // One through the real composer, the rest straight into the chat's shared list (what
    // the composer does): the rendering on both sides is what is under test.
    await openWidget(r.a.page, 'chat');
    const input = r.a.page.locator('.widget-pane[data-widget-id="chat"] .chat-input');
    await input.fill(PAYLOADS[0].text);
    await input.press('Enter');
    const count = (page) =>
      page.evaluate(
        () =>
          document
            .querySelector('.widget-pane[data-widget-id="chat"]')
            .shadowRoot.querySelectorAll('.chat-msg .chat-text').length,
      );
    await until(async () => (await count(r.a.page)) === 1 && (await count(r.b.page)) === 1);
    r.chatCount = 1;
  },
  async push(r, batch) {
    await r.a.page.evaluate((json) => {
      const app = globalThis.tfxApp;
      const state = app.widgets.runtimes.get('chat').state;
      for (const text of JSON.parse(json))
        state.append('messages', { text, name: app.session.name });
    }, texts(batch));
  },
  async check(r, batch) {
    const out = [];
    for (const peer of [r.a, r.b]) {
      await until(
        () =>
          peer.page.evaluate(
            (n) =>
              document
                .querySelector('.widget-pane[data-widget-id="chat"]')
                .shadowRoot.querySelectorAll('.chat-msg .chat-text').length >= n,
            r.chatCount + batch.length,
          ),
        120_000,
      );
      const shown = await peer.page.evaluate(
        ([json, from]) => {
          const esc = globalThis.__xssJson;
          const all = document
            .querySelector('.widget-pane[data-widget-id="chat"]')
            .shadowRoot.querySelectorAll('.chat-msg .chat-text');
          return JSON.parse(json).map((text, i) => {
            const expected = text.slice(0, 4000).toWellFormed(); // chat's MAX_TEXT, as UTF-8 carries it
            const el = all[from + i];
            const shown = el ? el.textContent : null;
            return { i, ok: shown === expected, expected: esc(expected), shown: esc(shown) };
          });
        },
        [texts(batch), r.chatCount],
      );
      for (const s of shown) {
        out.push({
          id: batch[s.i].id,
          where: `chat@${peer.name}`,
          expected: s.ok ? 'ok' : s.expected,
          shown: s.ok ? 'ok' : s.shown,
        });
      }
    }
    r.chatCount += batch.length;
    return out;
  },
};

/** @type {Sink} */
const introSink = {
  name: 'intro card fields',
  batch: 100,
  async prepare(r) {
    // A first card, shown to everyone: B's pop-up of it then follows every edit.
    await r.a.page.evaluate(() => {
      const rt = globalThis.tfxApp.widgets.runtimes.get('intro');
      rt.state.set(`card:${globalThis.tfxApp.session.peerId}`, { role: 'Tester', about: 'x' });
    });
    await r.b.page.evaluate((id) => {
      // B records, on every change of A's card, what its list and the pop-up show.
      const g = globalThis;
      g.__introLog = [];
      g.tfxApp.widgets.runtimes.get('intro').state.on('change', (e) => {
        if (!e.keys.includes(`card:${id}`)) return;
        const listCard = document
          .querySelector('.widget-pane[data-widget-id="intro"]')
          .shadowRoot.querySelector(`.intro-person[data-peer-id="${id}"] .card`);
        const pop = g.__xssPopup(id);
        const read = (el) =>
          !el || el.classList.contains('nocard')
            ? null
            : {
                role: el.querySelector('.card-role')?.textContent ?? '',
                about: el.querySelector('.card-about')?.textContent ?? '',
              };
        g.__introLog.push({ list: read(listCard), pop: read(pop) });
      });
    }, r.a.id);
    await r.a.page.evaluate(() =>
      globalThis.tfxApp.widgets.runtimes.get('intro').sendMessage(null, { t: 'show' }),
    );
    await until(() => r.b.page.evaluate((id) => !!globalThis.__xssPopup(id), r.a.id), 120_000);
  },
  async push(r, batch) {
    // Role and "about" take the payloads in turn; each write travels (and is rendered at B)
    // on its own. Fields are cut to the 1000 characters a card field may have at most (longer
    // ones void the card: unit-tested); only the first 60/160 are ever shown anyway.
    r.introFrom = await r.b.page.evaluate(() => globalThis.__introLog.length);
    await r.a.page.evaluate(async (json) => {
      const rt = globalThis.tfxApp.widgets.runtimes.get('intro');
      // Shown again (pop-ups go away after a few seconds); then it follows every write.
      rt.sendMessage(null, { t: 'show' });
      const key = `card:${globalThis.tfxApp.session.peerId}`;
      const list = JSON.parse(json);
      for (let i = 0; i < list.length; i += 2) {
        rt.state.set(key, {
          role: list[i].slice(0, 1000),
          about: (list[i + 1] ?? 'end').slice(0, 1000),
        });
        // the write goes out on its own (local changes are otherwise merged for 40 ms into one
        // update): one message, one change at B
        rt.sync.flush();
      }
    }, texts(batch));
  },
  async check(r, batch) {
    const writes = Math.ceil(batch.length / 2);
    await until(
      () => r.b.page.evaluate((n) => globalThis.__introLog.length >= n, r.introFrom + writes),
      120_000,
    );
    const log = await r.b.page.evaluate(
      ([from, n]) => {
        return globalThis.__introLog.slice(from, from + n).map((v) => globalThis.__xssJson(v));
      },
      [r.introFrom, writes],
    );
    const out = [];
    for (let w = 0; w < writes; w++) {
      const role = batch[2 * w];
      const about = batch[2 * w + 1];
      const value = {
        role: role.text.slice(0, 1000).toWellFormed(),
        about: (about?.text ?? 'end').slice(0, 1000).toWellFormed(),
      };
      const card = readCard({ value, author: r.a.id, time: 0 }, r.a.id);
      const want = card ? { role: card.role, about: card.about } : null;
      const got = JSON.parse(log[w]);
      for (const where of ['list', 'pop']) {
        const ok = JSON.stringify(got[where]) === JSON.stringify(want);
        for (const p of [role, about].filter(Boolean)) {
          out.push({
            id: p.id,
            where: `intro ${where}@B`,
            expected: ok ? 'ok' : asciiJson(want),
            shown: ok ? 'ok' : log[w],
          });
        }
      }
    }
    return out;
  },
};

/** @type {Sink} */
const nameSink = {
  name: 'display names (renamed)',
  batch: 100,
  async prepare(r) {
    // A has said something in the chat, so that its name shows there too.
    await r.a.page.evaluate(() => {
      const app = globalThis.tfxApp;
      const state = app.widgets.runtimes.get('chat').state;
      if (!state.list('messages').some((m) => m.author === app.session.peerId)) {
        state.append('messages', { text: 'hello', name: app.session.name });
      }
    });
    await until(() =>
      r.b.page.evaluate(
        (id) =>
          !!document
            .querySelector('.widget-pane[data-widget-id="chat"]')
            .shadowRoot.querySelector(`.chat-msg[data-author="${id}"] .chat-name`),
        r.a.id,
      ),
    );
    // B records, whenever A's name changes, what every place that shows it says.
    await r.b.page.evaluate((id) => {
      const g = globalThis;
      g.__nameLog = [];
      let last = g.tfxApp.session.peers.get(id).name;
      g.tfxApp.session.on('peer-updated', ({ peer }) => {
        if (peer.peerId !== id || peer.name === last) return;
        last = peer.name;
        const q = (sel, root = document) => root.querySelector(sel)?.textContent ?? null;
        const intro = document.querySelector('.widget-pane[data-widget-id="intro"]').shadowRoot;
        const chat = document.querySelector('.widget-pane[data-widget-id="chat"]').shadowRoot;
        const pop = g.__xssPopup(id);
        g.__nameLog.push({
          session: peer.name,
          tile: q(`figure.tile[data-peer-id="${id}"] .tile-name`),
          panel: q(`#people-list li[data-peer-id="${id}"] .grow`),
          chat: q(`.chat-msg[data-author="${id}"] .chat-name`, chat),
          intro: q(`.intro-person[data-peer-id="${id}"] .card-name-text`, intro),
          pop: pop ? q('.card-name-text', pop) : '(none)',
        });
      });
    }, r.a.id);
  },
  async push(r, batch) {
    r.nameFrom = await r.b.page.evaluate(() => globalThis.__nameLog.length);
    // The server allows 20 messages a second per socket (bursts of 100): pace the renames.
    await r.a.page.evaluate(async (json) => {
      const s = globalThis.tfxApp.session;
      const names = JSON.parse(json);
      const start = performance.now();
      for (const [i, name] of names.entries()) {
        const due = start + i * 60;
        if (performance.now() < due)
          await new Promise((res) => setTimeout(res, due - performance.now()));
        s.setName(name);
      }
    }, texts(batch));
  },
  async check(r, batch) {
    // Each payload's name as the SDK and the server clean it; a name equal to the one before
    // (or empty: refused) changes nothing, so B records one entry per change.
    const names = [];
    let changes = 0;
    for (const p of batch) {
      const name = cleanName(p.text) || r.lastName;
      if (name !== r.lastName) changes++;
      r.lastName = name;
      names.push({ p, name, entry: changes - 1 });
    }
    await until(
      () => r.b.page.evaluate((n) => globalThis.__nameLog.length >= n, r.nameFrom + changes),
      120_000,
    );
    const log = await r.b.page.evaluate(
      ([from, n]) => globalThis.__nameLog.slice(from, from + n).map((v) => globalThis.__xssJson(v)),
      [r.nameFrom, changes],
    );
    const out = [];
    for (const { p, name, entry } of names) {
      // (entry -1: the first payloads kept the name of the batch before, checked then)
      const raw = log[entry] ?? r.lastEntry;
      const got = JSON.parse(raw);
      // What the server kept (B's copy) is what every place shows.
      const kept = got.session;
      const want = {
        session: env.server.fake ? kept : name,
        tile: kept,
        panel: kept,
        chat: kept,
        intro: kept,
        pop: got.pop === '(none)' ? '(none)' : kept,
      };
      const ok = JSON.stringify(got) === JSON.stringify(want);
      out.push({
        id: p.id,
        where: 'name@B',
        expected: ok ? 'ok' : asciiJson(want),
        shown: ok ? 'ok' : raw,
      });
    }
    r.lastEntry = log.at(-1) ?? r.lastEntry;
    return out;
  },
};

/**
 * A shared link whose every peer-given field is the payload: the URL (as a path after a marker),
 * title, description, site name and sharer's name. B and A must show each field as the share
 * widget's reader (readItem) cleans it — or, when the URL is not a safe http(s) one, no item.
 * @param {Payload} p
 */
const sharedLink = (p) => {
  // A state value is at most 32 KiB: each field gets the first 800 characters (the widget
  // shows at most a few hundred; longer ones are cut by the reader, unit-tested).
  const text = p.text.slice(0, 800).toWellFormed();
  return {
    kind: 'link',
    url: `http://xss.invalid/${p.id}/${text}`,
    title: text,
    description: text,
    siteName: text,
    name: text,
  };
};

/** @type {Sink} */
const shareSink = {
  name: 'shared links',
  batch: 100,
  scanRoots: ['.widget-pane[data-widget-id="share"]'],
  async prepare(r) {
    for (const peer of [r.a, r.b]) await openWidget(peer.page, 'share');
  },
  async push(r, batch) {
    // Straight into the widget's shared list, as a peer's page would (the composer only makes
    // checked links; a hostile peer writes anything).
    r.shareIds = await r.a.page.evaluate(
      (json) => {
        const state = globalThis.tfxApp.widgets.runtimes.get('share').state;
        return JSON.parse(json).map((item) => state.append('items', item));
      },
      asciiJson(batch.map(sharedLink)),
    );
  },
  async check(r, batch) {
    const want = batch.map((p) => {
      const item = readItem(sharedLink(p));
      if (!item) return null;
      const host = new URL(item.url).host;
      return {
        href: item.url,
        title: item.title ?? item.url,
        desc: item.description,
        site: item.siteName && item.siteName !== host ? `${item.siteName} · ${host}` : host,
      };
    });
    const shownCount = want.filter(Boolean).length;
    const out = [];
    for (const peer of [r.a, r.b]) {
      const read = () =>
        peer.page.evaluate((ids) => {
          const root = document.querySelector('.widget-pane[data-widget-id="share"]').shadowRoot;
          return ids.map((id) => {
            const el = root.querySelector(`.share-item[data-id="${CSS.escape(id)}"]`);
            if (!el) return null;
            return globalThis.__xssJson({
              // Chromium percent-encodes "|" in paths, Node's URL (the expectation) does not
              href:
                el.querySelector('a.share-card')?.getAttribute('href')?.replaceAll('%7C', '|') ??
                null,
              title: el.querySelector('.share-title')?.textContent ?? null,
              desc: el.querySelector('.share-desc')?.textContent ?? null,
              site: el.querySelector('.share-site')?.textContent ?? null,
            });
          });
        }, r.shareIds);
      let got = [];
      await until(async () => {
        got = await read();
        return got.filter(Boolean).length >= shownCount;
      }, 120_000);
      batch.forEach((p, i) => {
        const expected = want[i] ? asciiJson(want[i]) : null;
        const ok = got[i] === expected;
        out.push({
          id: p.id,
          where: `share@${peer.name}`,
          expected: ok ? 'ok' : expected,
          shown: ok ? 'ok' : got[i],
        });
      });
    }
    return out;
  },
};

/** @type {Sink[]} */
export const sinks = [chatSink, introSink, nameSink, shareSink];

// ---------------------------------------------------------------------------------------------

/** @type {Room} */
const r = /** @type {any} */ ({ chatCount: 0 });

/** Two peers in a room, once for the whole file (after the harness has its server and browser). */
let setUp;
const ready = () => (setUp ??= start());

async function start() {
  r.room = await createRoom(env.server.url, { name: 'XSS' });
  const join = async (name, o = {}) => {
    const hits = [];
    const { page } = await joinRoom(env.browser, env.server.url, r.room, name, {
      ...o,
      onPage: (page) => arm(page, hits),
    });
    return { page, name, hits, id: await page.evaluate(() => globalThis.tfxApp.session.peerId) };
  };
  r.a = await join('Ada', { ownerToken: r.room.ownerToken });
  r.b = await join('Bob');
  r.lastName = 'Ada';
  // Widget state then travels over the data channel (the relay would rate-limit a flood).
  for (const [x, y] of [
    [r.a, r.b],
    [r.b, r.a],
  ]) {
    await until(
      () =>
        x.page.evaluate(
          (id) => globalThis.tfxApp.session.links.get(id)?.channelOpen === true,
          y.id,
        ),
      120_000,
    );
    await x.page.waitForFunction(() => globalThis.tfxApp.widgets?.isMounted('intro'));
  }
  // No camera or microphone needed here: they would only take CPU from the checks.
  for (const p of [r.a, r.b]) {
    await p.page.evaluate(() => {
      globalThis.tfxApp.session.setVideoEnabled(false);
      globalThis.tfxApp.session.setMuted(true);
    });
  }
}

after(async () => {
  for (const p of [r.a, r.b]) await p?.page.context().close();
});

test(`the payloads: ${PAYLOADS.length} generated`, () => {
  assert.ok(PAYLOADS.length >= 500, `${PAYLOADS.length} payloads`);
});

for (const sink of sinks) {
  test(`xss: ${sink.name} — ${PAYLOADS.length} payloads, shown literally, nothing runs`, async () => {
    await ready();
    const t0 = Date.now();
    await sink.prepare?.(r);
    for (let i = 0; i < PAYLOADS.length; i += sink.batch) {
      const batch = PAYLOADS.slice(i, i + sink.batch);
      await sink.push(r, batch);
      const shown = await sink.check(r, batch);
      const wrong = shown.filter((s) => s.expected !== s.shown);
      assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} payloads not shown literally`);
      assert.ok(shown.length >= batch.length, 'every payload was checked');
      for (const peer of [r.a, r.b]) {
        assert.deepEqual(await hitsOf(peer), [], `something ran or loaded at ${peer.name}`);
        assert.deepEqual(
          await scan(peer.page, [...ROOTS, ...(sink.scanRoots ?? [])]),
          [],
          `markup got into ${peer.name}'s page`,
        );
      }
    }
    console.log(`# xss ${sink.name}: ${PAYLOADS.length} payloads in ${Date.now() - t0} ms`);
  });
}

test('xss: display names given at join, in the tiles, people list and "joined" toast', async () => {
  await ready();
  // A few nasty names through the pre-join screen (renames above took the whole list).
  const picks = PAYLOADS.filter((p) => /script|onerror|\u202E|javascript/.test(p.text)).slice(0, 3);
  for (const p of picks) {
    const hits = [];
    const { page } = await joinRoom(env.browser, env.server.url, r.room, p.text, {
      onPage: (pg) => arm(pg, hits),
    });
    const id = await page.evaluate(() => globalThis.tfxApp.session.peerId);
    const name = cleanName(p.text);
    const seen = await until(
      () =>
        r.b.page.evaluate((id) => {
          const kept = globalThis.tfxApp.session.peers.get(id)?.name;
          if (!kept) return null;
          const toast = globalThis.__toasts;
          return {
            kept,
            tile: document.querySelector(`figure.tile[data-peer-id="${id}"] .tile-name`)
              ?.textContent,
            panel: document.querySelector(`#people-list li[data-peer-id="${id}"] .grow`)
              ?.textContent,
            toast: toast.includes(`${kept} joined`),
          };
        }, id),
      120_000,
    );
    if (!env.server.fake) assert.equal(seen.kept, name, 'B knows the name the server kept');
    assert.deepEqual(seen, { kept: seen.kept, tile: seen.kept, panel: seen.kept, toast: true });
    assert.equal(
      await page.evaluate(
        () => document.querySelector('figure.tile[data-local="true"] .tile-name').textContent,
      ),
      `${name} (you)`,
    );
    assert.deepEqual([...(await hitsOf({ page, hits }))], []);
    assert.deepEqual(await scan(page, ROOTS), []);
    await page.context().close();
  }
  for (const peer of [r.a, r.b]) {
    assert.deepEqual(await hitsOf(peer), []);
    assert.deepEqual(await scan(peer.page, ROOTS), []);
  }
});

test('xss: nothing went off later either (timers, late loads)', async () => {
  await ready();
  await new Promise((res) => setTimeout(res, 1500));
  for (const peer of [r.a, r.b]) assert.deepEqual(await hitsOf(peer), []);
});
