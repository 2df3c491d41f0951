// @ts-check
/**
 * Adds TFLite model metadata (input normalisation, colour space) to a `.tflite` model that has
 * none, so that MediaPipe Tasks can run it.
 *
 * Why: the npm packages that ship MediaPipe's face detection and selfie segmentation models
 * (`@mediapipe/face_detection`, `@mediapipe/selfie_segmentation`, Apache-2.0) ship them without
 * metadata, and the runtime that runs them well on a CPU (`@mediapipe/tasks-vision`, TFLite with
 * XNNPACK in WebAssembly) refuses float models whose metadata does not say how to normalise
 * the input image. The fix is the metadata the official tooling would write: a `ModelMetadata`
 * flatbuffer (schema `metadata_schema.fbs`, identifier `M001`) stored in a new model buffer and
 * listed under the name `TFLITE_METADATA` in the model's `metadata` (schema `schema.fbs`).
 *
 * How: flatbuffers only point forwards (unsigned offsets), so a new root `Model` table is put
 * in front of the untouched original bytes; its fields point at the original vectors, except
 * `buffers` and `metadata`, which are new vectors listing the original entries plus ours. The
 * prefix is a multiple of 16 bytes, so the original weights keep their alignment.
 */

const FILE_ID = 'TFL3';
const METADATA_NAME = 'TFLITE_METADATA';
const METADATA_ID = 'M001';

/**
 * A node of a flatbuffer under construction.
 * @typedef {{kind: 'table', fields: Array<Field|null>}
 *   | {kind: 'vec', items: Array<Node|Ref>}
 *   | {kind: 'f32s', values: number[]}
 *   | {kind: 'bytes', bytes: Uint8Array, align: number}
 *   | {kind: 'str', text: string}} Node
 * @typedef {{ref: number}} Ref an absolute position in the final buffer
 * @typedef {{t: 'u8'|'u32'|'f32'}|{t: 'off'}} FieldType
 * @typedef {{t: 'u8'|'u32'|'f32', v: number}|{t: 'off', v: Node|Ref}} Field
 */

/** @param {number} n @param {number} a */
const alignUp = (n, a) => Math.ceil(n / a) * a;

/**
 * Lays nodes out front to back (parents before children, so every offset points forwards) and
 * writes them. `refs` in the tree are absolute positions of bytes that follow the result.
 */
class ForwardWriter {
  constructor() {
    /** @type {Map<Node, number>} */
    this.pos = new Map();
    /** @type {Map<Node, number>} */
    this.vtablePos = new Map();
    /** @type {Node[]} in layout order */
    this.order = [];
    this.size = 0;
  }

  /**
   * @param {Node} node
   * @param {number} start
   */
  layout(node, start) {
    this.size = start;
    this._place(node);
    return this.size;
  }

  /** @param {Node} n */
  _place(n) {
    if (this.pos.has(n)) return;
    if (n.kind === 'table') {
      // vtable (u16s) right before the table; the table starts 4-aligned.
      const vtSize = 4 + 2 * n.fields.length;
      let at = alignUp(this.size, 2);
      let tableAt = alignUp(at + vtSize, 8);
      at = tableAt - vtSize;
      this.vtablePos.set(n, at);
      this.pos.set(n, tableAt);
      this.size = tableAt + tableSize(n);
    } else if (n.kind === 'vec' || n.kind === 'f32s') {
      const at = alignUp(this.size, 4);
      this.pos.set(n, at);
      this.size = at + 4 + 4 * (n.kind === 'vec' ? n.items.length : n.values.length);
    } else if (n.kind === 'bytes') {
      // The length prefix sits right before the aligned data.
      const data = alignUp(this.size + 4, n.align);
      this.pos.set(n, data - 4);
      this.size = data + n.bytes.length;
    } else {
      const at = alignUp(this.size, 4);
      this.pos.set(n, at);
      this.size = at + 4 + new TextEncoder().encode(n.text).length + 1;
    }
    this.order.push(n);
    for (const child of children(n)) this._place(child);
  }

  /**
   * @param {DataView} dv
   * @param {Uint8Array} out
   */
  write(dv, out) {
    /** @param {Node|Ref} x */
    const where = (x) => ('ref' in x ? x.ref : /** @type {number} */ (this.pos.get(x)));
    for (const n of this.order) {
      const at = /** @type {number} */ (this.pos.get(n));
      if (n.kind === 'table') {
        const vt = /** @type {number} */ (this.vtablePos.get(n));
        const offsets = fieldOffsets(n);
        dv.setUint16(vt, 4 + 2 * n.fields.length, true);
        dv.setUint16(vt + 2, tableSize(n), true);
        n.fields.forEach((f, i) => dv.setUint16(vt + 4 + 2 * i, f ? offsets[i] : 0, true));
        dv.setInt32(at, at - vt, true);
        n.fields.forEach((f, i) => {
          if (!f) return;
          const p = at + offsets[i];
          if (f.t === 'u8') dv.setUint8(p, f.v);
          else if (f.t === 'u32') dv.setUint32(p, f.v, true);
          else if (f.t === 'f32') dv.setFloat32(p, f.v, true);
          else dv.setUint32(p, where(f.v) - p, true);
        });
      } else if (n.kind === 'vec') {
        dv.setUint32(at, n.items.length, true);
        n.items.forEach((item, i) => {
          const p = at + 4 + 4 * i;
          dv.setUint32(p, where(item) - p, true);
        });
      } else if (n.kind === 'f32s') {
        dv.setUint32(at, n.values.length, true);
        n.values.forEach((v, i) => dv.setFloat32(at + 4 + 4 * i, v, true));
      } else if (n.kind === 'bytes') {
        dv.setUint32(at, n.bytes.length, true);
        out.set(n.bytes, at + 4);
      } else {
        const b = new TextEncoder().encode(n.text);
        dv.setUint32(at, b.length, true);
        out.set(b, at + 4);
      }
    }
  }
}

/** @param {Node} n @returns {Node[]} */
function children(n) {
  if (n.kind === 'table') {
    return n.fields.flatMap((f) => (f && f.t === 'off' && !('ref' in f.v) ? [f.v] : []));
  }
  if (n.kind === 'vec') return n.items.flatMap((x) => ('ref' in x ? [] : [x]));
  return [];
}

/** @param {{fields: Array<Field|null>}} n field offsets inside the table (after the soffset) */
function fieldOffsets(n) {
  let at = 4;
  return n.fields.map((f) => {
    if (!f) return 0;
    const size = f.t === 'u8' ? 1 : 4;
    at = alignUp(at, size);
    const o = at;
    at += size;
    return o;
  });
}

/** @param {{fields: Array<Field|null>}} n */
function tableSize(n) {
  const offs = fieldOffsets(n);
  let end = 4;
  n.fields.forEach((f, i) => {
    if (f) end = Math.max(end, offs[i] + (f.t === 'u8' ? 1 : 4));
  });
  return alignUp(end, 4);
}

/**
 * Builds a standalone flatbuffer with `root` as its root table.
 * @param {Node} root
 * @param {string} fileId four characters
 */
function finish(root, fileId) {
  const w = new ForwardWriter();
  const size = w.layout(root, 8);
  const out = new Uint8Array(alignUp(size, 8));
  const dv = new DataView(out.buffer);
  w.write(dv, out);
  dv.setUint32(0, /** @type {number} */ (w.pos.get(root)), true);
  out.set(new TextEncoder().encode(fileId), 4);
  return out;
}

/** A reader for the few fields of an existing flatbuffer we need. */
class Reader {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  root() {
    return this.dv.getUint32(0, true);
  }
  /**
   * Position of a field's value in a table, or 0 when absent.
   * @param {number} table
   * @param {number} field
   */
  field(table, field) {
    const vt = table - this.dv.getInt32(table, true);
    const vtSize = this.dv.getUint16(vt, true);
    const o = 4 + 2 * field < vtSize ? this.dv.getUint16(vt + 4 + 2 * field, true) : 0;
    return o ? table + o : 0;
  }
  /** @param {number} at position of a uoffset */
  deref(at) {
    return at + this.dv.getUint32(at, true);
  }
  /** @param {number} vec @returns {number[]} positions of the elements' targets */
  offsets(vec) {
    const n = this.dv.getUint32(vec, true);
    return Array.from({ length: n }, (_, i) => this.deref(vec + 4 + 4 * i));
  }
  /** @param {number} str */
  string(str) {
    const n = this.dv.getUint32(str, true);
    return new TextDecoder().decode(this.bytes.subarray(str + 4, str + 4 + n));
  }
}

/**
 * @typedef {object} InputSpec
 * @property {number[]} mean per channel (or one for all)
 * @property {number[]} std per channel (or one for all)
 * @property {string} [name]
 */

/**
 * The metadata flatbuffer: one subgraph, one RGB image input with normalisation options.
 * @param {InputSpec & {modelName: string}} spec
 * @returns {Uint8Array}
 */
export function buildMetadata(spec) {
  /** @param {string} text @returns {Field} */
  const str = (text) => ({ t: 'off', v: { kind: 'str', text } });
  // NormalizationOptions {mean:[float], std:[float]}
  const normalization = {
    kind: /** @type {const} */ ('table'),
    fields: [
      { t: 'off', v: { kind: 'f32s', values: spec.mean } },
      { t: 'off', v: { kind: 'f32s', values: spec.std } },
    ],
  };
  // ProcessUnit {options_type: ProcessUnitOptions (1 = NormalizationOptions), options}
  const processUnit = {
    kind: /** @type {const} */ ('table'),
    fields: [
      { t: 'u8', v: 1 },
      { t: 'off', v: normalization },
    ],
  };
  // ImageProperties {color_space: RGB (1)}
  const imageProps = { kind: /** @type {const} */ ('table'), fields: [{ t: 'u8', v: 1 }] };
  // Content {content_properties_type: ImageProperties (2), content_properties}
  const content = {
    kind: /** @type {const} */ ('table'),
    fields: [
      { t: 'u8', v: 2 },
      { t: 'off', v: imageProps },
    ],
  };
  // TensorMetadata {name, description, dimension_names, content, process_units}
  const input = {
    kind: /** @type {const} */ ('table'),
    fields: [
      str(spec.name ?? 'image'),
      null,
      null,
      { t: 'off', v: content },
      { t: 'off', v: { kind: 'vec', items: [processUnit] } },
    ],
  };
  // SubGraphMetadata {name, description, input_tensor_metadata}
  const subgraph = {
    kind: /** @type {const} */ ('table'),
    fields: [null, null, { t: 'off', v: { kind: 'vec', items: [input] } }],
  };
  // ModelMetadata {name, description, version, subgraph_metadata, author, license,
  //   associated_files, min_parser_version}
  /** @type {Node} */
  const model = {
    kind: 'table',
    fields: [
      str(spec.modelName),
      null,
      null,
      { t: 'off', v: { kind: 'vec', items: [subgraph] } },
      null,
      null,
      null,
      str('1.0.0'),
    ],
  };
  return finish(model, METADATA_ID);
}

/**
 * Whether a model already carries `TFLITE_METADATA`.
 * @param {Uint8Array} model
 */
export function hasMetadata(model) {
  const r = new Reader(model);
  const root = r.root();
  const metaField = r.field(root, 6);
  if (!metaField) return false;
  return r.offsets(r.deref(metaField)).some((m) => {
    const name = r.field(m, 0);
    return name !== 0 && r.string(r.deref(name)) === METADATA_NAME;
  });
}

/**
 * Returns a copy of a `.tflite` model with image-input metadata added (the model unchanged
 * when it has metadata already).
 * @param {Uint8Array} model the original `.tflite` bytes
 * @param {InputSpec & {modelName: string}} spec
 * @returns {Uint8Array}
 */
export function withInputMetadata(model, spec) {
  const id = new TextDecoder().decode(model.subarray(4, 8));
  if (id !== FILE_ID) throw new Error('not a TFLite model (no TFL3 identifier)');
  if (hasMetadata(model)) return model;
  const r = new Reader(model);
  const root = r.root();
  const meta = buildMetadata(spec);

  // The original model's bytes follow our prefix; `shift` is added to every old position.
  // Two passes: lay out with a guess of the prefix size, then with the real one (rounded to 16).
  /** @param {number} shift @returns {{node: Node, w: ForwardWriter, size: number}} */
  const plan = (shift) => {
    /** @param {number} field @returns {Field|null} */
    const keep = (field) => {
      const at = r.field(root, field);
      return at ? { t: 'off', v: { ref: r.deref(at) + shift } } : null;
    };
    const oldBuffers = r.field(root, 4) ? r.offsets(r.deref(r.field(root, 4))) : [];
    const oldMeta = r.field(root, 6) ? r.offsets(r.deref(r.field(root, 6))) : [];
    const versionAt = r.field(root, 0);
    /** @type {Node} */
    const newBuffer = {
      kind: 'table',
      fields: [{ t: 'off', v: { kind: 'bytes', bytes: meta, align: 16 } }],
    };
    /** @type {Node} */
    const newMeta = {
      kind: 'table',
      fields: [
        { t: 'off', v: { kind: 'str', text: METADATA_NAME } },
        { t: 'u32', v: oldBuffers.length },
      ],
    };
    /** @type {Node} */
    const node = {
      kind: 'table',
      fields: [
        { t: 'u32', v: versionAt ? r.dv.getUint32(versionAt, true) : 3 },
        keep(1),
        keep(2),
        keep(3),
        {
          t: 'off',
          v: { kind: 'vec', items: [...oldBuffers.map((b) => ({ ref: b + shift })), newBuffer] },
        },
        keep(5),
        {
          t: 'off',
          v: { kind: 'vec', items: [...oldMeta.map((m) => ({ ref: m + shift })), newMeta] },
        },
        keep(7),
      ],
    };
    const w = new ForwardWriter();
    const size = w.layout(node, 8);
    return { node, w, size };
  };
  let shift = alignUp(plan(1 << 20).size, 16);
  let p = plan(shift);
  while (alignUp(p.size, 16) !== shift) {
    shift = alignUp(p.size, 16);
    p = plan(shift);
  }
  const out = new Uint8Array(shift + model.length);
  out.set(model, shift);
  const dv = new DataView(out.buffer);
  p.w.write(dv, out);
  dv.setUint32(0, /** @type {number} */ (p.w.pos.get(p.node)), true);
  out.set(new TextEncoder().encode(FILE_ID), 4);
  return out;
}
