// The TFLite metadata writer: a model gets TFLITE_METADATA with the input normalisation, every
// original field survives, and the weights keep their alignment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildMetadata, hasMetadata, withInputMetadata } from '../ui/media/tflite-metadata.js';

const MODELS = [
  'node_modules/@mediapipe/face_detection/face_detection_short_range.tflite',
  'node_modules/@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite',
];

/** A tiny flatbuffer reader, independent of the writer under test. */
function reader(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const field = (table, i) => {
    const vt = table - dv.getInt32(table, true);
    const size = dv.getUint16(vt, true);
    const o = 4 + 2 * i < size ? dv.getUint16(vt + 4 + 2 * i, true) : 0;
    return o ? table + o : 0;
  };
  const deref = (at) => at + dv.getUint32(at, true);
  const vec = (at) => {
    const n = dv.getUint32(at, true);
    return Array.from({ length: n }, (_, i) => deref(at + 4 + 4 * i));
  };
  const str = (at) =>
    new TextDecoder().decode(bytes.subarray(at + 4, at + 4 + dv.getUint32(at, true)));
  const floats = (at) =>
    Array.from({ length: dv.getUint32(at, true) }, (_, i) => dv.getFloat32(at + 4 + 4 * i, true));
  return { dv, field, deref, vec, str, floats, root: dv.getUint32(0, true) };
}

test('metadata: one RGB image input with normalisation mean/std', () => {
  const m = buildMetadata({ modelName: 'fd', mean: [127.5], std: [127.5] });
  assert.equal(new TextDecoder().decode(m.subarray(4, 8)), 'M001');
  const r = reader(m);
  assert.equal(r.str(r.deref(r.field(r.root, 0))), 'fd');
  assert.equal(r.str(r.deref(r.field(r.root, 7))), '1.0.0');
  const [sub] = r.vec(r.deref(r.field(r.root, 3)));
  const [input] = r.vec(r.deref(r.field(sub, 2)));
  const content = r.deref(r.field(input, 3));
  assert.equal(r.dv.getUint8(r.field(content, 0)), 2, 'ImageProperties');
  assert.equal(r.dv.getUint8(r.field(r.deref(r.field(content, 1)), 0)), 1, 'RGB');
  const [unit] = r.vec(r.deref(r.field(input, 4)));
  assert.equal(r.dv.getUint8(r.field(unit, 0)), 1, 'NormalizationOptions');
  const norm = r.deref(r.field(unit, 1));
  assert.deepEqual(r.floats(r.deref(r.field(norm, 0))), [127.5]);
  assert.deepEqual(r.floats(r.deref(r.field(norm, 1))), [127.5]);
});

for (const file of MODELS) {
  test(`withInputMetadata keeps every field of ${file.split('/').pop()}`, () => {
    const model = new Uint8Array(fs.readFileSync(file));
    assert.equal(hasMetadata(model), false);
    const out = withInputMetadata(model, { modelName: 'x', mean: [0], std: [255] });
    assert.equal(hasMetadata(out), true);
    assert.equal(new TextDecoder().decode(out.subarray(4, 8)), 'TFL3');
    const shift = out.length - model.length;
    assert.equal(shift % 16, 0, 'weights keep 16-byte alignment');
    assert.deepEqual(out.subarray(shift), model, 'the original bytes follow unchanged');

    const a = reader(model);
    const b = reader(out);
    // version, operator codes, subgraphs, description: same values / same targets.
    assert.equal(
      b.dv.getUint32(b.field(b.root, 0), true),
      a.dv.getUint32(a.field(a.root, 0), true),
    );
    for (const f of [1, 2, 3]) {
      if (!a.field(a.root, f)) continue;
      assert.equal(b.deref(b.field(b.root, f)), a.deref(a.field(a.root, f)) + shift, `field ${f}`);
    }
    const oldBuffers = a.vec(a.deref(a.field(a.root, 4)));
    const newBuffers = b.vec(b.deref(b.field(b.root, 4)));
    assert.equal(newBuffers.length, oldBuffers.length + 1);
    oldBuffers.forEach((p, i) => assert.equal(newBuffers[i], p + shift));
    const metas = b.vec(b.deref(b.field(b.root, 6)));
    const ours = metas.find((m) => b.str(b.deref(b.field(m, 0))) === 'TFLITE_METADATA');
    const index = b.dv.getUint32(b.field(ours, 1), true);
    assert.equal(index, oldBuffers.length);
    const data = b.deref(b.field(newBuffers[index], 0));
    assert.equal((data + 4) % 16, 0, 'metadata bytes aligned');
    const bytes = out.subarray(data + 4, data + 4 + b.dv.getUint32(data, true));
    assert.equal(new TextDecoder().decode(bytes.subarray(4, 8)), 'M001');
    // Adding twice changes nothing.
    assert.equal(withInputMetadata(out, { modelName: 'x', mean: [0], std: [255] }), out);
  });
}

test('withInputMetadata refuses what is not a TFLite model', () => {
  assert.throws(() =>
    withInputMetadata(new Uint8Array(64), { modelName: 'x', mean: [0], std: [1] }),
  );
});
