// The recording widget's pure parts: tile layout, the WebM duration patch, and who counts as
// recording for the room's indicator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridRects, layoutTiles, fitRect } from '../widgets/recording/layout.js';
import { patchDuration, encodeSize, withDuration } from '../widgets/recording/webm.js';
import {
  activeRecorders,
  indicatorText,
  clock,
  listNames,
  readEntry,
} from '../widgets/recording/indicator.js';

// ---- layout ----

const inside = (r, W, H) => r.x >= 0 && r.y >= 0 && r.x + r.w <= W && r.y + r.h <= H;
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test('layout: tiles stay inside the picture, never overlap, and keep 16:9', () => {
  for (const [cams, screens] of [
    [1, 0],
    [2, 0],
    [3, 0],
    [5, 0],
    [9, 0],
    [1, 1],
    [2, 1],
    [4, 2],
    [0, 1],
    [12, 3],
  ]) {
    const l = layoutTiles(cams, screens, 1280, 720);
    assert.equal(l.cameras.length, cams);
    assert.equal(l.screens.length, screens);
    const all = [...l.screens, ...l.cameras];
    for (const r of all) {
      assert.ok(inside(r, 1280, 720), `${cams}/${screens}: ${JSON.stringify(r)}`);
      assert.ok(Math.abs(r.w / r.h - 16 / 9) < 0.02, `${cams}/${screens}: 16:9`);
    }
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++)
        assert.ok(!overlap(all[i], all[j]), `${cams}/${screens}: ${i} overlaps ${j}`);
    if (screens && cams) {
      // Screens are larger than cameras and above them.
      assert.ok(l.screens[0].w > l.cameras[0].w * 1.5);
      assert.ok(Math.max(...l.screens.map((r) => r.y + r.h)) <= l.cameras[0].y);
    }
  }
  // Two people side by side, as large as the width allows.
  const two = gridRects(2, { x: 0, y: 0, w: 1000, h: 300 }, 10);
  assert.equal(two[0].y, two[1].y);
  assert.equal(two[0].w, 495);
  assert.deepEqual(layoutTiles(0, 0, 1280, 720), { cameras: [], screens: [] });
});

test('fitRect: cover crops the middle, contain letterboxes', () => {
  const dst = { x: 0, y: 0, w: 160, h: 90 };
  assert.deepEqual(fitRect(100, 100, dst, 'cover'), {
    sx: 0,
    sy: 21.875,
    sw: 100,
    sh: 56.25,
    dx: 0,
    dy: 0,
    dw: 160,
    dh: 90,
  });
  const c = fitRect(100, 100, dst, 'contain');
  assert.deepEqual([c.dx, c.dy, c.dw, c.dh], [35, 0, 90, 90]);
  const wide = fitRect(400, 100, dst, 'contain');
  assert.deepEqual([wide.dx, wide.dy, wide.dw, wide.dh], [0, 25, 160, 40]);
  assert.equal(fitRect(0, 0, dst, 'cover').dw, 0);
});

// ---- WebM duration ----

/** EBML element: id bytes + size vint + data. */
const el = (idBytes, data) => new Uint8Array([...idBytes, ...encodeSize(data.length), ...data]);
const cat = (...parts) => new Uint8Array(parts.flatMap((p) => [...p]));
const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const SEGMENT = [0x18, 0x53, 0x80, 0x67];
const INFO = [0x15, 0x49, 0xa9, 0x66];
const TRACKS = [0x16, 0x54, 0xae, 0x6b];
const CLUSTER = [0x1f, 0x43, 0xb6, 0x75];

/** A file shaped like Chrome's MediaRecorder output: live segment, Info without Duration. */
function liveWebm({ scale = [0x0f, 0x42, 0x40], infoSizeLen = 1, extraInfo = [] } = {}) {
  const header = el(EBML, el([0x42, 0x82], [...Buffer.from('webm')]));
  const infoData = cat(
    el([0x2a, 0xd7, 0xb1], scale), // TimecodeScale
    el([0x4d, 0x80], [...Buffer.from('Chrome')]), // MuxingApp
    ...extraInfo,
  );
  const info = cat(INFO, encodeSize(infoData.length, infoSizeLen), infoData);
  const rest = cat(el(TRACKS, [1, 2, 3]), el(CLUSTER, [9, 9, 9, 9]));
  const unknown = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  return { file: cat(header, SEGMENT, unknown, info, rest), rest };
}

/** Reads Duration (float64/32) from Segment ▸ Info, the way a player does. */
function readDuration(b) {
  const dv = new DataView(b.buffer, b.byteOffset);
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 0x44 && b[i + 1] === 0x89) {
      if (b[i + 2] === 0x88) return dv.getFloat64(i + 3);
      if (b[i + 2] === 0x84) return dv.getFloat32(i + 3);
    }
  }
  return null;
}

test('webm: Duration is inserted into Info, and everything after it is untouched', () => {
  for (const infoSizeLen of [1, 8]) {
    const { file, rest } = liveWebm({ infoSizeLen });
    const p = patchDuration(file, 3250);
    assert.ok(p, `info size of ${infoSizeLen} bytes`);
    const out = cat(p.head, file.subarray(p.consumed));
    assert.equal(out.length, file.length + 11);
    assert.equal(readDuration(out), 3250);
    assert.deepEqual(out.subarray(out.length - rest.length), rest);
    // Info's size grew by the 11 bytes of the element.
    const infoAt = out.findIndex((_, i) => INFO.every((v, k) => out[i + k] === v));
    const sizeLen = Math.clz32(out[infoAt + 4]) - 23;
    assert.equal(sizeLen, infoSizeLen);
  }
});

test('webm: duration follows TimecodeScale; an existing Duration is overwritten in place', () => {
  // Scale 1 ms → 1,000,000 ns (the default); 0.5 ms → values double.
  const half = liveWebm({ scale: [0x07, 0xa1, 0x20] });
  const p = patchDuration(half.file, 1000);
  assert.equal(readDuration(p.head), 2000);

  const withOld = liveWebm({ extraInfo: [el([0x44, 0x89], [0, 0, 0, 0, 0, 0, 0, 0])] });
  const q = patchDuration(withOld.file, 4200);
  const out = cat(q.head, withOld.file.subarray(q.consumed));
  assert.equal(out.length, withOld.file.length);
  assert.equal(readDuration(out), 4200);
});

test('webm: files that do not look right are left alone', () => {
  const { file } = liveWebm();
  assert.equal(patchDuration(file, 0), null);
  assert.equal(patchDuration(file, NaN), null);
  assert.equal(patchDuration(new Uint8Array([1, 2, 3]), 1000), null);
  assert.equal(patchDuration(new Uint8Array(0), 1000), null);
  assert.equal(patchDuration(file.subarray(0, 30), 1000), null, 'Info cut off');
  const seekHead = cat(
    el(EBML, []),
    SEGMENT,
    [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    el([0x11, 0x4d, 0x9b, 0x74], [0]),
    el(INFO, el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40])),
  );
  assert.equal(patchDuration(seekHead, 1000), null, 'a SeekHead would point wrong');
});

test('webm: withDuration patches a Blob and returns the original when it cannot', async () => {
  const { file } = liveWebm();
  const blob = new Blob([file], { type: 'video/webm' });
  const fixed = await withDuration(blob, 1500);
  assert.equal(fixed.type, 'video/webm');
  assert.equal(readDuration(new Uint8Array(await fixed.arrayBuffer())), 1500);
  const junk = new Blob([new Uint8Array([9, 9, 9])]);
  assert.equal(await withDuration(junk, 1500), junk);
});

// ---- indicator ----

test('indicator: only entries their own author wrote, of people in the room, count', () => {
  const room = {
    selfId: 'me',
    present: (id) => ['ada', 'bob'].includes(id),
    nameOf: (id) => ({ ada: 'Ada', bob: 'Bob', me: 'Me' })[id],
  };
  const entries = [
    { key: 'rec:bob', value: { name: 'Bob', since: 20 }, author: 'bob' },
    { key: 'rec:ada', value: { name: 'Old Ada', since: 10 }, author: 'ada' },
    { key: 'rec:gone', value: { name: 'Gone', since: 5 }, author: 'gone' }, // left the room
    { key: 'rec:ada2', value: { name: 'Fake', since: 1 }, author: 'bob' }, // spoofed
    { key: 'rec:bob', value: 'junk', author: 'bob' },
    { key: 'other', value: { name: 'X' }, author: 'x' },
  ];
  const r = activeRecorders(entries, room);
  assert.deepEqual(
    r.map((x) => [x.peerId, x.name, x.self]),
    [
      ['ada', 'Ada', false],
      ['bob', 'Bob', false],
    ],
  );
  assert.equal(indicatorText(r), '● Recording by Ada and Bob');
  const mine = activeRecorders(
    [...entries, { key: 'rec:me', value: { name: 'Me', since: 30 }, author: 'me' }],
    room,
  );
  assert.equal(mine[0].self, true);
  assert.equal(indicatorText(mine, 65_000), '● Recording · 1:05 · also Ada and Bob');
  assert.equal(indicatorText([mine[0]], 7000), '● Recording · 0:07');
  assert.equal(indicatorText([]), null);
});

test('indicator helpers: names, clock, entry checks', () => {
  assert.equal(listNames(['Ada']), 'Ada');
  assert.equal(listNames(['Ada', 'Bob', 'Cyd']), 'Ada, Bob and Cyd');
  assert.equal(listNames(['A', 'B', 'C', 'D', 'E']), 'A, B and 3 more');
  assert.equal(clock(0), '0:00');
  assert.equal(clock(3_723_000), '1:02:03');
  assert.equal(readEntry({ name: 'x'.repeat(100), since: 'no' }).name.length, 64);
  assert.equal(readEntry({ name: 'Ada', since: 'no' }).since, 0);
  assert.equal(readEntry(null), null);
  assert.equal(readEntry({ since: 1 }), null);
});
