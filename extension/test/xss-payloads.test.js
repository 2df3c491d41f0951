// The generated XSS payload list of the browser suite (e2e/xss-payloads.js): big enough, varied,
// stable, and every payload marked with its own number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePayloads, asciiJson, FAMILIES, PROBE } from '../e2e/xss-payloads.js';

const payloads = generatePayloads();

test('at least 500 distinct payloads with distinct ids, the same every time', () => {
  assert.ok(payloads.length >= 500, `${payloads.length}`);
  assert.equal(new Set(payloads.map((p) => p.text)).size, payloads.length);
  assert.equal(new Set(payloads.map((p) => p.id)).size, payloads.length);
  assert.deepEqual(generatePayloads(), payloads);
});

test('every family is there, none marginal', () => {
  const count = new Map();
  for (const p of payloads) count.set(p.family, (count.get(p.family) ?? 0) + 1);
  assert.deepEqual([...count.keys()].sort(), [...FAMILIES].sort());
  for (const [family, n] of count) assert.ok(n >= 10, `${family}: ${n}`);
  for (const f of ['script-tag', 'event-handler', 'url-scheme', 'svg-mathml', 'polyglot']) {
    assert.ok(FAMILIES.includes(f), f);
  }
});

test('the classic vectors are covered', () => {
  const all = payloads.map((p) => p.text);
  const has = (re) => all.some((t) => re.test(t));
  const must = [
    /<script>/,
    /<img src=x onerror=/,
    /<svg\/onload=/,
    /javascript:/,
    /data:text\/html/,
    /vbscript:/,
    /<math>/,
    /<template>/,
    /<style>/,
    /srcdoc=/,
    /&#\d+;/, // entities
    /<ScRiPt>/, // case
    /<img\tsrc/, // whitespace
    /"><script>/, // attribute breakout
    /jaVasCript:\/\*-\/\*`/, // polyglot
    /\u202E/, // right-to-left override
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, // lone surrogate
  ];
  for (const re of must) assert.ok(has(re), String(re));
  assert.ok(
    all.some((t) => t.length > 4000),
    'longer than a chat message may be',
  );
  assert.ok(
    all.some((t) => t.length > 64 && t.length < 200),
    'longer than a name may be',
  );
});

test('each payload carries its own number (or hides it in an encoding)', () => {
  for (const p of payloads) {
    const plain =
      p.text.includes(`(${p.id})`) ||
      p.text.includes(`${PROBE}${p.id}`) ||
      p.text.includes(`\`${p.id}\``) ||
      p.text.includes(`[${p.id}]`) ||
      p.text.includes(`(${p.id}`) ||
      p.text.toUpperCase().includes(`(${p.id})`);
    const encoded = /&#|&lpar;|fromCharCode|atob\(|base64,|%3C|encodeURI|%28/.test(p.text);
    assert.ok(plain || encoded, `${p.id}: ${p.text.slice(0, 120)}`);
  }
});

test('asciiJson carries any string exactly, in ASCII', () => {
  const texts = payloads.map((p) => p.text);
  const json = asciiJson(texts);
  assert.ok(/^[\x20-\x7e]*$/.test(json));
  assert.deepEqual(JSON.parse(json), texts);
});
