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

const here = path.dirname(fileURLToPath(import.meta.url));
const placeholders = (m) =>
  [...(typeof m === 'string' ? m : `${m.one} ${m.other}`).matchAll(/\{(\w+)\}/g)]
    .map((x) => x[1])
    .sort();

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

test('every key the UI code names is in the catalogue', () => {
  const files = fs
    .readdirSync(path.join(here, '../ui'), { recursive: true })
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(here, '../ui', f));
  const named = new Set();
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\b(?:t|tr)\(\s*'([a-zA-Z][\w.-]*)'/g)) named.add(m[1]);
  }
  assert.ok(named.size > 50, `found ${named.size} keys`);
  for (const key of named) assert.ok(key in CATALOGUES.en, `no message ${key}`);
});

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
