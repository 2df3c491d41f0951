// Unit tests of the Introductions widget's card rules (widgets/intro/card.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COLORS,
  JoinWindows,
  LIMITS,
  cardKey,
  cleanField,
  defaultColor,
  makeCard,
  peerOfKey,
  readCard,
  sameCard,
} from '../widgets/intro/card.js';

const entry = (value, author = 'p1') => ({ value, author, time: 1 });

test('card keys name the participant', () => {
  assert.equal(cardKey('p1'), 'card:p1');
  assert.equal(peerOfKey('card:p1'), 'p1');
  for (const k of ['card:', 'cards:p1', 'p1', '', 'Card:p1']) assert.equal(peerOfKey(k), null, k);
});

test('a card counts only when its author is the participant the key names', () => {
  const value = { role: 'Designer', about: 'Hi', color: 'teal' };
  assert.deepEqual(readCard(entry(value, 'p1'), 'p1'), value);
  assert.equal(readCard(entry(value, 'p2'), 'p1'), null, 'written by someone else');
  assert.equal(readCard(entry(value, ''), 'p1'), null);
  assert.equal(readCard(entry(value, 'p1'), ''), null);
  assert.equal(readCard(undefined, 'p1'), null);
  assert.equal(readCard(null, 'p1'), null);
});

test('values of the wrong shape are not cards', () => {
  const bad = [
    null,
    'Designer',
    42,
    true,
    [],
    ['Designer'],
    {},
    { role: '', about: '' },
    { role: '   ', about: '\u202E\u200B' }, // nothing left after cleaning
    { role: 7 },
    { role: 'ok', about: { html: '<b>' } },
    { role: 'x'.repeat(1001) }, // absurdly long: refused, not cut
    { role: 'ok', about: 'y'.repeat(1001) },
  ];
  for (const v of bad) assert.equal(readCard(entry(v), 'p1'), null, JSON.stringify(v));
});

test('card text is cleaned like names and cut to the limits', () => {
  const card = readCard(
    entry({
      role: '  Lead\u202E engineer\n\t',
      about: 'line one\nline two \u0007 <img src=x onerror=alert(1)>',
      color: 'coral',
      extra: 'ignored',
    }),
    'p1',
  );
  assert.deepEqual(card, {
    role: 'Lead engineer',
    about: 'line one line two <img src=x onerror=alert(1)>',
    color: 'coral',
  });
  const long = readCard(entry({ role: 'r'.repeat(200), about: '😀'.repeat(400) }), 'p1');
  assert.equal(long.role.length, LIMITS.role);
  assert.equal([...long.about].length, LIMITS.about, 'cut by code points: no half emoji');
  assert.equal(long.about, '😀'.repeat(LIMITS.about));
  assert.equal(cleanField('ab cd', 3), 'ab', 'a cut never ends in a space');
  assert.equal(cleanField(undefined, 10), '');
  assert.equal(cleanField({ toString: () => 'x' }, 10), '');
});

test('colours: one of the palette, else a stable default per participant', () => {
  const ids = COLORS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const color of ['', 'red', 'javascript:alert(1)', '#fff', null, 3]) {
    const card = readCard(entry({ role: 'x', color }), 'p1');
    assert.equal(card.color, defaultColor('p1'));
  }
  assert.ok(ids.includes(defaultColor('anything')));
  assert.equal(defaultColor('abc'), defaultColor('abc'));
  const spread = new Set(['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8'].map(defaultColor));
  assert.ok(spread.size >= 3, 'defaults differ between participants');
});

test('makeCard keeps what the form gives, or says there is nothing', () => {
  assert.deepEqual(makeCard({ role: ' PM ', about: '', color: 'sky' }), {
    role: 'PM',
    about: '',
    color: 'sky',
  });
  assert.deepEqual(makeCard({ about: 'only this' }), { role: '', about: 'only this', color: '' });
  assert.equal(makeCard({ role: ' ', about: '\n' }), null);
  assert.equal(makeCard({}), null);
  assert.ok(sameCard(makeCard({ role: 'a' }), makeCard({ role: 'a ' })));
  assert.ok(!sameCard(makeCard({ role: 'a' }), makeCard({ role: 'b' })));
  assert.ok(!sameCard(makeCard({ role: 'a' }), null));
  assert.ok(sameCard(null, null));
});

test('join windows: a card pops up once per arrival, within the window', () => {
  const w = new JoinWindows(1000);
  // Not arriving: nothing pops up.
  assert.equal(w.take('p1', 0), false);
  // We join: everyone here counts as arriving, once each.
  w.selfJoined(100);
  assert.equal(w.take('p1', 500), true);
  assert.equal(w.take('p1', 600), false, 'only once');
  assert.equal(w.take('p2', 1100), true, 'the window is inclusive');
  assert.equal(w.take('p3', 1101), false, 'window over');
  // Someone joins later: their card pops up when it comes, within their window.
  w.peerJoined('p3', 5000);
  assert.equal(w.take('p3', 5800), true);
  assert.equal(w.take('p3', 5900), false);
  // They leave and come back: a new arrival.
  w.peerLeft('p3');
  w.peerJoined('p3', 9000);
  assert.equal(w.take('p3', 9001), true);
  // A card that comes after the window does not pop up.
  w.peerJoined('p4', 10_000);
  assert.equal(w.take('p4', 11_001), false);
});

test('join windows: cards shown before a reload are not shown again', () => {
  const w = new JoinWindows(1000);
  w.markShown(['p1']);
  w.selfJoined(0);
  assert.equal(w.take('p1', 10), false);
  assert.equal(w.take('p2', 10), true);
  // …but a real new arrival of p1 is.
  w.peerJoined('p1', 20);
  assert.equal(w.take('p1', 30), true);
});
