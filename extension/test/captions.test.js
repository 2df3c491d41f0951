// Captions: checking what peers send, the board of live and finished captions, cutting long
// speech, and the speech-recognition state machine against a fake Web Speech API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CaptionBoard,
  HOLD_MS,
  LIVE_TTL_MS,
  MAX_TEXT,
  captionId,
  captionPieces,
  excessOwn,
  readFinal,
  readLive,
} from '../widgets/captions/model.js';
import { SpeechCaptions, recognitionClass } from '../widgets/captions/speech.js';

test('readLive accepts a well-formed live caption and nothing else', () => {
  assert.deepEqual(readLive({ live: { id: 'abc_1', text: 'Hello', lang: 'en', via: 'speech' } }), {
    id: 'abc_1',
    text: 'Hello',
    lang: 'en',
    via: 'speech',
  });
  // Unknown `via` is typed; a bad language is unknown; over-long text is cut.
  assert.deepEqual(readLive({ live: { id: 'x', text: 'y'.repeat(900), lang: '<b>', via: 1 } }), {
    id: 'x',
    text: 'y'.repeat(MAX_TEXT),
    lang: null,
    via: 'typed',
  });
  for (const bad of [
    null,
    'live',
    { live: null },
    { live: { text: 'no id' } },
    { live: { id: 'a b', text: 'x' } },
    { live: { id: '../x', text: 'x' } },
    { live: { id: 'x'.repeat(41), text: 'x' } },
    { live: { id: 'ok', text: 42 } },
    { typing: true },
  ]) {
    assert.equal(readLive(bad), null, JSON.stringify(bad));
  }
  // An empty text is valid: it takes the caption away.
  assert.equal(readLive({ live: { id: 'k', text: '' } })?.text, '');
});

test('readFinal needs an id and some text; names and languages are checked', () => {
  assert.deepEqual(readFinal({ id: 'k1', text: 'Hi', lang: 'pt_br', name: 'Ada', via: 'typed' }), {
    id: 'k1',
    text: 'Hi',
    lang: 'pt-BR',
    name: 'Ada',
    via: 'typed',
  });
  assert.equal(readFinal({ id: 'k1', text: '   ' }), null);
  assert.equal(readFinal({ text: 'no id' }), null);
  assert.equal(readFinal({ id: 'k', text: 'x', name: 'N'.repeat(100) }).name.length, 64);
  assert.equal(readFinal({ id: 'k', text: 'x', name: { html: '<img>' } }).name, '');
});

test('the board: live captions per speaker, replaced as they grow, gone when finished', () => {
  const b = new CaptionBoard();
  const live = (id, text) => ({ id, text, lang: 'en', via: 'typed' });
  assert.equal(b.live('ada', live('c1', 'Good'), 0), true);
  assert.equal(b.live('ada', live('c1', 'Good'), 50), false, 'same text: nothing to redraw');
  assert.equal(b.live('ada', live('c1', 'Good morning'), 100), true);
  assert.equal(b.live('bob', live('c9', 'Hallo'), 100), true);
  assert.deepEqual(
    b.lives().map(([s, l]) => [s, l.text]),
    [
      ['ada', 'Good morning'],
      ['bob', 'Hallo'],
    ],
  );
  assert.deepEqual(b.onTile('ada'), { kind: 'live', live: live('c1', 'Good morning') });
  // Finished (it arrived in the shared list): the live line goes, the tile keeps it a while.
  b.finish('ada', 'c1', 200, true);
  assert.deepEqual(
    b.lives().map(([s]) => s),
    ['bob'],
  );
  assert.deepEqual(b.onTile('ada'), { kind: 'final', id: 'c1' });
  // A live update of a finished caption arriving late is ignored.
  assert.equal(b.live('ada', live('c1', 'Good morning every'), 250), false);
  // The next caption replaces the held one on the tile.
  b.live('ada', live('c2', 'How'), 300);
  assert.equal(b.onTile('ada').kind, 'live');
  // Empty text takes a live caption away (only the speaker's current one).
  assert.equal(b.live('ada', live('other', ''), 310), false);
  assert.equal(b.live('ada', live('c2', ''), 320), true);
  assert.deepEqual(b.onTile('ada'), { kind: 'final', id: 'c1' });
});

test('the board forgets silent live captions and old finished ones; history is not shown on tiles', () => {
  const b = new CaptionBoard();
  b.live('ada', { id: 'c1', text: 'Hello', lang: null, via: 'speech' }, 0);
  b.finish('bob', 'b1', 0, true);
  b.finish('cyd', 'h1', 0, false); // history from before we joined
  assert.deepEqual(b.speakers().sort(), ['ada', 'bob']);
  assert.equal(b.expire(HOLD_MS - 1), false);
  assert.equal(b.expire(HOLD_MS + 1), true);
  assert.deepEqual(b.speakers(), ['ada']);
  assert.equal(b.expire(LIVE_TTL_MS + 1), true);
  assert.deepEqual(b.speakers(), []);
  b.live('ada', { id: 'c3', text: 'x', lang: null, via: 'typed' }, 0);
  b.drop('ada');
  assert.equal(b.onTile('ada'), null);
});

test('captionPieces: whitespace folded, long speech cut at words under the limit', () => {
  assert.deepEqual(captionPieces('  hello \n  world  '), ['hello world']);
  assert.deepEqual(captionPieces('   '), []);
  const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
  const pieces = captionPieces(words);
  assert.ok(pieces.length > 1);
  assert.ok(pieces.every((p) => p.length <= MAX_TEXT));
  assert.equal(pieces.join(' '), words);
  const blob = 'x'.repeat(MAX_TEXT * 2 + 3);
  assert.deepEqual(
    captionPieces(blob).map((p) => p.length),
    [MAX_TEXT, MAX_TEXT, 3],
  );
});

test('captionId is a valid, fresh id; excessOwn trims only the author’s oldest', () => {
  const ids = new Set(Array.from({ length: 100 }, captionId));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.ok(readLive({ live: { id, text: 'x' } }));
  const items = [
    { id: '1', author: 'a' },
    { id: '2', author: 'b' },
    { id: '3', author: 'a' },
    { id: '4', author: 'a' },
  ];
  assert.deepEqual(excessOwn(items, 'a', 2), ['1']);
  assert.deepEqual(excessOwn(items, 'b', 2), []);
});

/** A fake SpeechRecognition: records calls; the test fires its events. */
function fakeSpeechApi({ onDevice = 'unavailable' } = {}) {
  const made = [];
  class FakeRecognition {
    constructor() {
      this.processLocally = false;
      this.started = null;
      made.push(this);
    }
    start(track) {
      this.started = track ?? 'default-mic';
      queueMicrotask(() => this.onstart?.());
    }
    abort() {
      this.aborted = true;
      queueMicrotask(() => this.onend?.());
    }
    result(parts, resultIndex = 0) {
      const results = parts.map(([transcript, isFinal]) =>
        Object.assign([{ transcript }], { isFinal }),
      );
      this.onresult?.({ resultIndex, results });
    }
  }
  FakeRecognition.available = async () => onDevice;
  return { g: { webkitSpeechRecognition: FakeRecognition }, made };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** SpeechCaptions on a fake API, in English, on the default microphone, discarding output. */
const speechOn = (g, o = {}) =>
  new SpeechCaptions({
    global: g,
    lang: () => 'en',
    track: () => null,
    onText: () => {},
    onStatus: () => {},
    ...o,
  });

test('speech: results become live text and finished captions; the call’s track is used', async () => {
  const { g, made } = fakeSpeechApi();
  const texts = [];
  const states = [];
  const track = { kind: 'audio', id: 't1' };
  const s = new SpeechCaptions({
    global: g,
    lang: () => 'de',
    track: () => track,
    onText: (t, final) => texts.push([t, final]),
    onStatus: (st) => states.push(st.state),
  });
  assert.equal(s.supported, true);
  await s.start();
  await tick();
  const r = made[0];
  assert.equal(r.lang, 'de');
  assert.equal(r.continuous, true);
  assert.equal(r.interimResults, true);
  assert.equal(r.started, track);
  assert.equal(r.processLocally, false);
  assert.deepEqual(states, ['starting', 'listening']);
  r.result([['guten', false]]);
  r.result([
    ['guten Morgen', true],
    [' zusammen', false],
  ]);
  assert.deepEqual(texts, [
    ['guten', false],
    ['guten Morgen', true],
    [' zusammen', false],
  ]);
  // Recognition ends after silence: it is restarted while wanted.
  r.onend();
  await tick();
  assert.equal(made.length, 2);
  s.stop();
  await tick();
  assert.equal(s.status.state, 'off');
  assert.equal(made.length, 2, 'no restart after stop');
});

test('speech: on-device recognition is used when the device has the language', async () => {
  const { g, made } = fakeSpeechApi({ onDevice: 'available' });
  const s = speechOn(g);
  await s.start();
  await tick();
  assert.equal(made[0].processLocally, true);
  assert.equal(made[0].started, 'default-mic');
  assert.equal(s.status.onDevice, true);
});

test('speech: "network" (Chromium without Google’s servers) and friends end in "unavailable"', async () => {
  for (const [error, reason] of [
    ['network', /Google’s speech service/],
    ['not-allowed', /not allowed/],
    ['language-not-supported', /does not know your language/],
    ['audio-capture', /no microphone/],
  ]) {
    const { g, made } = fakeSpeechApi();
    const s = speechOn(g);
    await s.start();
    await tick();
    made[0].onerror({ error });
    made[0].onend();
    await tick();
    assert.equal(s.status.state, 'unavailable', error);
    assert.match(s.status.reason, reason);
    assert.equal(made.length, 1, 'no restart after a fatal error');
  }
  // "no-speech" is not fatal: recognition goes on.
  const { g, made } = fakeSpeechApi();
  const s = speechOn(g);
  await s.start();
  await tick();
  made[0].onerror({ error: 'no-speech' });
  made[0].onend();
  await tick();
  assert.equal(made.length, 2);
  s.stop();
});

test('speech: endless stopping is given up; no API at all is "unavailable" from the start', async () => {
  let now = 0;
  const { g, made } = fakeSpeechApi();
  const s = speechOn(g, { now: () => now });
  await s.start();
  for (let i = 0; i < 20; i++) {
    await tick();
    made.at(-1).onend?.();
    now += 1000;
  }
  await tick();
  assert.equal(s.status.state, 'unavailable');
  assert.match(s.status.reason, /keeps stopping/);
  assert.ok(made.length <= 13);

  assert.equal(recognitionClass({}), null);
  const none = speechOn({});
  assert.equal(none.supported, false);
  assert.equal(none.status.state, 'unavailable');
});
