// Active-speaker detection (ui/app/speakers.js) and the spectrum bands (ui/app/audio-levels.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpeakerDetector, levelFromRms } from '../ui/app/speakers.js';
import { logBands } from '../ui/app/audio-levels.js';

/** Feeds `levels` every 100 ms for `ms`, from `t`; returns the time after. */
function feed(d, levels, t, ms) {
  for (let end = t + ms; t < end; t += 100) d.update(levels, t);
  return t;
}

test('levelFromRms: a dB scale from -60 dBFS (0) to -6 dBFS (1)', () => {
  assert.equal(levelFromRms(0), 0);
  assert.equal(levelFromRms(NaN), 0);
  assert.equal(levelFromRms(0.001), 0); // -60 dB
  assert.equal(levelFromRms(1), 1);
  assert.ok(Math.abs(levelFromRms(0.5012) - 1) < 1e-3); // -6 dB
  assert.ok(Math.abs(levelFromRms(10 ** (-33 / 20)) - 0.5) < 1e-9); // -33 dB: half way
});

test('speaking starts after the attack time, not on a single loud sample', () => {
  const d = new SpeakerDetector({ attackMs: 150 });
  assert.equal(d.update({ a: 0.9 }, 0), null, 'one sample is not speech');
  assert.equal(d.isSpeaking('a'), false);
  d.update({ a: 0.1 }, 100); // a click, then quiet
  d.update({ a: 0.9 }, 200);
  d.update({ a: 0.9 }, 300);
  const change = d.update({ a: 0.9 }, 400);
  assert.deepEqual(change, { speaking: ['a'], dominant: 'a' });
});

test('hysteresis: pauses between words and levels between the thresholds keep the ring', () => {
  const d = new SpeakerDetector({ on: 0.45, off: 0.33, attackMs: 100, releaseMs: 800 });
  let t = feed(d, { a: 0.8 }, 0, 300);
  assert.equal(d.isSpeaking('a'), true);
  // A 500 ms pause is shorter than the release time.
  t = feed(d, { a: 0 }, t, 500);
  assert.equal(d.isSpeaking('a'), true);
  // Soft speech below `on` but above `off` keeps speaking going as long as it lasts.
  t = feed(d, { a: 0.4 }, t, 3000);
  assert.equal(d.isSpeaking('a'), true);
  // …but it does not start speaking.
  const quiet = new SpeakerDetector({ on: 0.45, off: 0.33 });
  feed(quiet, { b: 0.4 }, 0, 3000);
  assert.equal(quiet.isSpeaking('b'), false);
  // Silence longer than the release time ends it.
  let changes = 0;
  for (let end = t + 1000; t < end; t += 100) if (d.update({ a: 0 }, t)) changes++;
  assert.equal(d.isSpeaking('a'), false);
  assert.equal(changes, 1, 'the ring goes once, without flicker');
});

test('a flickering level does not flicker the ring', () => {
  const d = new SpeakerDetector();
  let t = feed(d, { a: 0.9 }, 0, 500);
  let changes = 0;
  for (let i = 0; i < 60; i++, t += 100) if (d.update({ a: i % 2 ? 0.9 : 0.05 }, t)) changes++;
  assert.equal(changes, 0);
  assert.equal(d.isSpeaking('a'), true);
});

test('the loudest speaker: one at a time, switching only when clearly and lastingly louder', () => {
  const d = new SpeakerDetector({ switchMs: 700, margin: 0.06 });
  let t = feed(d, { a: 0.7, b: 0 }, 0, 600);
  assert.equal(d.dominant, 'a');
  // b starts, a little louder than a: not enough to take over.
  t = feed(d, { a: 0.7, b: 0.74 }, t, 3000);
  assert.deepEqual(d.state().speaking.sort(), ['a', 'b']);
  assert.equal(d.dominant, 'a');
  // b clearly louder, but only for a moment.
  t = feed(d, { a: 0.6, b: 0.95 }, t, 300);
  t = feed(d, { a: 0.7, b: 0.7 }, t, 1000);
  assert.equal(d.dominant, 'a');
  // b clearly louder for long enough.
  t = feed(d, { a: 0.55, b: 0.95 }, t, 2500);
  assert.equal(d.dominant, 'b');
  // When b stops, a (still speaking) takes over at once.
  t = feed(d, { a: 0.6, b: 0 }, t, 1000);
  assert.equal(d.dominant, 'a');
  // Nobody speaks: nobody is the loudest.
  feed(d, { a: 0, b: 0 }, t, 1500);
  assert.equal(d.dominant, null);
  assert.deepEqual(d.state(), { speaking: [], dominant: null });
});

test('participants that are gone are forgotten; bad levels count as silence', () => {
  const d = new SpeakerDetector();
  const t = feed(d, { a: 0.9, b: 0.5 }, 0, 600);
  assert.equal(d.isSpeaking('a'), true);
  const change = d.update({ b: 0.5 }, t);
  assert.deepEqual(change, { speaking: ['b'], dominant: 'b' });
  feed(d, new Map([['b', NaN]]), t + 100, 1200);
  assert.equal(d.isSpeaking('b'), false);
  assert.equal(d.level('b'), 0);
  assert.throws(() => new SpeakerDetector({ on: 0.3, off: 0.3 }), RangeError);
});

test('logBands: log-spaced bands, each the loudest bin inside', () => {
  const sampleRate = 48_000;
  const bins = new Uint8Array(512); // 46.875 Hz per bin
  bins[Math.round(440 / 46.875)] = 255; // a 440 Hz tone
  const bands = logBands(bins, sampleRate, 28);
  assert.equal(bands.length, 28);
  const loudest = bands.indexOf(Math.max(...bands));
  const ratio = Math.pow(12_000 / 60, 1 / 28);
  const lo = 60 * ratio ** loudest;
  const hi = lo * ratio;
  assert.ok(lo <= 440 + 47 && hi >= 440 - 47, `band ${lo}–${hi} Hz holds the tone`);
  assert.equal(Math.max(...bands), 1);
  assert.equal(bands.filter((b) => b > 0).length <= 3, true, 'the tone stays in its band');
  assert.deepEqual([...logBands(new Uint8Array(512), sampleRate, 8)], new Array(8).fill(0));
});
