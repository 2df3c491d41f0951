// Browser tests of the Code widget (issue 6): two people type into the same file at the same
// time and end with the same text holding both inputs; a late joiner gets it; the language is
// shared; the others' cursors show with their names; the file survives a reload and downloads
// with the right extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useServerAndBrowser, createRoom, until, shot } from './harness.js';
import { openWidget, pane, joinQuietly } from './widgets.js';

const env = useServerAndBrowser();
/** Polls for a condition; generous, the machine may be busy. */
const soon = (fn, ms = 30_000) => until(fn, ms);

const join = (room, name, options) => joinQuietly(env, room, name, options);

/** The editor's text as shown (cursor labels and the placeholder are not text). */
function editorText(page) {
  return pane(page, 'code')
    .locator('.cm-content')
    .evaluate((content) =>
      [...content.querySelectorAll(':scope > .cm-line')]
        .map((line) => {
          const copy = line.cloneNode(true);
          copy.querySelectorAll('.cm-remote-caret, .cm-placeholder').forEach((x) => x.remove());
          return copy.textContent;
        })
        .join('\n'),
    );
}

async function openEditor(page) {
  await openWidget(page, 'code');
  await pane(page, 'code').locator('.cm-content').waitFor({ timeout: 20_000 });
}

/** Puts the caret at the start or the end of the file. */
async function caretTo(page, where) {
  await pane(page, 'code').locator('.cm-content').click();
  await page.keyboard.press(where === 'start' ? 'Control+Home' : 'Control+End');
}

/** Waits until every page shows the same text, and returns it. */
async function sameText(pages) {
  let texts = [];
  await soon(async () => {
    texts = await Promise.all(pages.map(editorText));
    return texts.every((t) => t === texts[0]);
  }).catch((e) => {
    throw new Error(`texts differ: ${JSON.stringify(texts)} (${e.message})`);
  });
  return texts[0];
}

const isSubsequence = (s, of) => {
  let j = 0;
  for (const ch of of) if (ch === s[j]) j++;
  return j === s.length;
};

test('code: simultaneous typing converges; late joiner, language, cursors, reload, download', async () => {
  const room = await createRoom(env.server.url, { name: 'Code' });
  const a = await join(room, 'Ada', {
    ownerToken: room.ownerToken,
  });
  const b = await join(room, 'Bob');
  await openEditor(a.page);
  await openEditor(b.page);

  // A live change is news however soon after B opened the widget: B is told who made it.
  await pane(a.page, 'code').locator('select.code-lang').selectOption('go');
  await soon(async () =>
    /Ada switched to Go/.test(await pane(b.page, 'code').locator('.code-notice').textContent()),
  );

  await caretTo(a.page, 'end');
  await a.page.keyboard.type('# shared file\n');
  assert.equal(await sameText([a.page, b.page]), '# shared file\n');

  // A at the end, B at the start: both type at once, keystrokes interleaving on the wire.
  await caretTo(a.page, 'end');
  await caretTo(b.page, 'start');
  const fromA = 'total = sum(values) + 40';
  const fromB = 'values = range(7) # warm up';
  await Promise.all([
    a.page.keyboard.type(fromA, { delay: 25 }),
    b.page.keyboard.type(fromB, { delay: 25 }),
  ]);
  const both = await sameText([a.page, b.page]);
  assert.ok(both.includes(fromA), both);
  assert.ok(both.includes(fromB), both);
  assert.equal(both.length, '# shared file\n'.length + fromA.length + fromB.length);

  // Both at the same spot, at the same time: nothing is lost, each input keeps its order.
  await caretTo(a.page, 'end');
  await caretTo(b.page, 'end');
  const sameSpotA = ' + alpha';
  const sameSpotB = ' - bravo';
  await Promise.all([
    a.page.keyboard.type(sameSpotA, { delay: 20 }),
    b.page.keyboard.type(sameSpotB, { delay: 20 }),
  ]);
  const merged = await sameText([a.page, b.page]);
  assert.equal(merged.length, both.length + sameSpotA.length + sameSpotB.length);
  assert.ok(isSubsequence(sameSpotA, merged.slice(both.length)), merged);
  assert.ok(isSubsequence(sameSpotB, merged.slice(both.length)), merged);

  // B sees A's cursor, with A's name from the room, and A among the people editing.
  const caret = pane(b.page, 'code').locator('.cm-remote-caret');
  await caret.first().waitFor();
  assert.equal(await caret.count(), 1);
  assert.equal(await caret.locator('.cm-remote-name').textContent(), 'Ada');
  assert.equal(
    await pane(b.page, 'code').locator('.code-person').getAttribute('title'),
    'Ada is editing',
  );
  // A selects a word: B sees the selection.
  await caretTo(a.page, 'start');
  await a.page.keyboard.press('Shift+End');
  await pane(b.page, 'code').locator('.cm-remote-sel').first().waitFor();

  // The language is the room's: A picks Python, B's editor follows and says who changed it.
  await pane(a.page, 'code').locator('select.code-lang').selectOption('python');
  await soon(
    async () =>
      (await pane(b.page, 'code').locator('.cm-content').getAttribute('data-language')) ===
      'python',
  );
  assert.equal(await pane(b.page, 'code').locator('select.code-lang').inputValue(), 'python');
  assert.match(
    await pane(b.page, 'code').locator('.code-notice').textContent(),
    /Ada switched to Python/,
  );
  // Highlighted as Python: the comment has its own colour.
  assert.ok((await pane(b.page, 'code').locator('.cm-line span').count()) > 3);

  // C joins late and gets the file and the language.
  const c = await join(room, 'Cyd');
  await openEditor(c.page);
  assert.equal(await sameText([a.page, c.page]), merged);
  assert.equal(await pane(c.page, 'code').locator('select.code-lang').inputValue(), 'python');
  await soon(
    async () =>
      (await pane(c.page, 'code').locator('.cm-content').getAttribute('data-language')) ===
      'python',
  );

  // While B's dock is closed, C types: it lands, B gets a badge and sees it when opening.
  await b.page.locator('#tfx-widget-dock button[aria-label="Close widgets"]').click();
  await caretTo(c.page, 'end');
  await c.page.keyboard.type('\nprint(total)');
  // The closed dock's button counts it; inside the dock, the widget's tab is marked.
  await b.page.locator('#widgets-btn .btn-badge:not([hidden])').waitFor();
  assert.equal(
    await b.page.locator('.dock-tab[data-widget-id="code"] .dock-badge').textContent(),
    '•',
  );
  await openWidget(b.page, 'code');
  const withC = await sameText([a.page, b.page, c.page]);
  assert.ok(withC.endsWith('\nprint(total)'), withC);

  // Download: the file with the language's extension.
  const [download] = await Promise.all([
    a.page.waitForEvent('download'),
    pane(a.page, 'code').locator('button.code-download').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'code.py');
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), withC);

  // B reloads: the same file.
  await b.page.reload();
  await b.page.locator('[data-screen="room"]').waitFor();
  await openEditor(b.page);
  assert.equal(await sameText([a.page, b.page]), withC);

  // Screenshot: C's editor on a wide dock, with the others' cursors.
  await c.page.locator('#tfx-widget-dock .dock-expand').click();
  await caretTo(b.page, 'end');
  await b.page.keyboard.type('\n\ndef mean(xs):\n    return sum(xs) / len(xs)');
  await sameText([a.page, b.page, c.page]);
  await caretTo(a.page, 'start');
  await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('Shift+End');
  await pane(c.page, 'code').locator('.cm-remote-sel').first().waitFor();
  await shot(c.page, 'widget-code');

  // Everyone else leaves; A reloads alone: the file comes back from this tab's own copy.
  await b.page.context().close();
  await c.page.context().close();
  const finalText = await editorText(a.page);
  await a.page.reload();
  await a.page.locator('[data-screen="room"]').waitFor();
  await openEditor(a.page);
  assert.equal(await editorText(a.page), finalText);
  assert.equal(await pane(a.page, 'code').locator('select.code-lang').inputValue(), 'python');
  await a.page.context().close();
});
