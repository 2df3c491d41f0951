// The participant's language (ui/widgets/language.js): tags from peers, "same language", the
// default choice and the names shown in the picker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LANGUAGES,
  cleanLanguage,
  languageLabel,
  pickLanguage,
  sameLanguage,
} from '../ui/widgets/language.js';

test('cleanLanguage canonicalises tags and refuses anything else', () => {
  assert.equal(cleanLanguage('de'), 'de');
  assert.equal(cleanLanguage('EN-us'), 'en-US');
  assert.equal(cleanLanguage('pt_br'), 'pt-BR');
  assert.equal(cleanLanguage('zh-hans'), 'zh-Hans');
  assert.equal(cleanLanguage('es-419'), 'es-419');
  for (const bad of [
    '',
    'e',
    'english',
    'de-',
    '<script>',
    'de DE',
    42,
    null,
    {},
    'x'.repeat(20),
  ]) {
    assert.equal(cleanLanguage(bad), null, String(bad));
  }
});

test('sameLanguage: regions do not matter, Chinese scripts do', () => {
  assert.equal(sameLanguage('en', 'en-GB'), true);
  assert.equal(sameLanguage('pt-BR', 'pt'), true);
  assert.equal(sameLanguage('de', 'en'), false);
  assert.equal(sameLanguage('zh', 'zh-Hans'), true);
  assert.equal(sameLanguage('zh-Hans', 'zh-Hant'), false);
  assert.equal(sameLanguage('zh-TW', 'zh-Hant'), true);
});

test('pickLanguage: the saved choice, else the first browser language we offer, else English', () => {
  const store = (v) => ({ getItem: () => v });
  assert.equal(pickLanguage(store('fr'), ['de-DE']), 'fr');
  assert.equal(pickLanguage(store('bogus tag'), ['de-DE', 'en']), 'de');
  assert.equal(pickLanguage(store(null), ['xx-YY', 'it-CH']), 'it');
  assert.equal(pickLanguage(null, []), 'en');
  const throwing = {
    getItem() {
      throw new Error('SecurityError');
    },
  };
  assert.equal(pickLanguage(throwing, ['nl']), 'nl');
});

test('every offered language has a readable label', () => {
  assert.equal(languageLabel('de'), 'Deutsch (German)');
  assert.equal(languageLabel('en'), 'English');
  for (const code of LANGUAGES) {
    const label = languageLabel(code);
    assert.ok(label && label !== code, `${code} → ${label}`);
  }
});
