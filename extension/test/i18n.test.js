// The message catalogues: every language has exactly English's keys, the same placeholders and
// plural forms where English has them; every key the UI code names exists; the locale follows
// the browser's languages. (Which visible texts skip the catalogues is checked in the browser:
// e2e/ux.e2e.js runs the screens in the pseudo language.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUES, PSEUDO, pickLocale, translator } from '../ui/i18n/i18n.js';
import { LANGUAGES } from '../ui/i18n/locale.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const placeholders = (m) =>
  [...(typeof m === 'string' ? m : `${m.one} ${m.other}`).matchAll(/\{(\w+)\}/g)]
    .map((x) => x[1])
    .sort();

test('the app has a catalogue for every language the UI speaks', () => {
  assert.deepEqual(Object.keys(CATALOGUES).sort(), [...LANGUAGES].sort());
});

for (const [lang, cat] of Object.entries(CATALOGUES)) {
  test(`${lang}: the same keys, placeholders and plural forms as English`, () => {
    assert.deepEqual(Object.keys(cat).sort(), Object.keys(CATALOGUES.en).sort());
    for (const [key, msg] of Object.entries(CATALOGUES.en)) {
      const other = cat[key];
      assert.equal(typeof other, typeof msg, key);
      assert.deepEqual(new Set(placeholders(other)), new Set(placeholders(msg)), key);
      if (typeof other === 'string') assert.ok(other.trim(), `${lang} ${key} is empty`);
    }
  });
}

/** Keys the code in `dir` names as t('…') or tr('…'). */
function keysNamedIn(dir, { recursive = true, skip = () => false } = {}) {
  const named = new Set();
  for (const f of fs.readdirSync(dir, { recursive })) {
    if (!String(f).endsWith('.js') || skip(String(f))) continue;
    const src = fs.readFileSync(path.join(dir, String(f)), 'utf8');
    for (const m of src.matchAll(/\b(?:t|tr|say)\(\s*'([a-zA-Z][\w.-]*)'/g)) named.add(m[1]);
  }
  return named;
}

test('every key the app code names is in the catalogue', () => {
  const ui = path.join(here, '../ui');
  const named = keysNamedIn(ui, { skip: (f) => f.startsWith('widgets') });
  assert.ok(named.size > 50, `found ${named.size} keys`);
  for (const key of named) assert.ok(key in CATALOGUES.en, `no message ${key}`);
});

// The widgets' own catalogues: ui/widgets/messages.js (the kit) and widgets/<id>/messages.js.
const widgetCatalogues = [
  path.join(here, '../ui/widgets'),
  ...fs
    .readdirSync(path.join(here, '../widgets'))
    .map((d) => path.join(here, '../widgets', d))
    .filter((d) => fs.existsSync(path.join(d, 'messages.js'))),
];
for (const dir of widgetCatalogues) {
  const name = path.relative(path.join(here, '..'), dir);
  test(`${name}: every language has English's keys and placeholders; every key named exists`, async () => {
    const cats = (await import(path.join(dir, 'messages.js'))).default;
    assert.deepEqual(Object.keys(cats).sort(), [...LANGUAGES].sort(), 'languages');
    for (const [lang, cat] of Object.entries(cats)) {
      assert.deepEqual(Object.keys(cat).sort(), Object.keys(cats.en).sort(), lang);
      for (const [key, msg] of Object.entries(cats.en)) {
        assert.deepEqual(
          new Set(placeholders(cat[key])),
          new Set(placeholders(msg)),
          `${lang} ${key}`,
        );
      }
    }
    const named = keysNamedIn(dir, { recursive: false });
    assert.ok(named.size > 0, 'the code names its keys');
    for (const key of named) assert.ok(key in cats.en, `no message ${key}`);
  });
}

test('the locale follows the browser: first language we have, else English', () => {
  assert.equal(pickLocale(['de-AT', 'en-US']), 'de');
  assert.equal(pickLocale(['fr-FR', 'es-MX', 'de']), 'es');
  assert.equal(pickLocale(['fr', 'it']), 'en');
  assert.equal(pickLocale([]), 'en');
  assert.equal(pickLocale(['en-XA']), PSEUDO);
});

test('messages fill placeholders, pick plurals, and the pseudo language marks them', () => {
  const de = translator('de');
  assert.equal(de('room.count', { n: 1 }), '1 Person');
  assert.equal(de('room.count', { n: 3 }), '3 Personen');
  assert.equal(de('room.you', { name: 'Ada' }), 'Ada (du)');
  assert.equal(translator(PSEUDO)('call.mute'), '⟦Mute⟧');
  assert.throws(() => de('no.such.key'), /no message/);
});
