// @ts-check
/**
 * MediaRecorder writes WebM "live": no duration in the header (players show no length and
 * cannot seek well). This puts the duration in: it finds Segment ▸ Info and writes a Duration
 * element (float64, in TimecodeScale units) there, or overwrites the one that is there.
 * Pure byte work on the file's first bytes, no DOM; anything unexpected leaves the file as it is.
 */

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
};
/** How much of the file we look at: Info comes right after the EBML header. */
const HEAD_BYTES = 64 * 1024;

/**
 * @param {Uint8Array} b
 * @param {number} pos
 * @returns {{id: number, len: number}|null} an element id (marker bits kept)
 */
function readId(b, pos) {
  const first = b[pos];
  if (first === undefined || first === 0) return null;
  const len = Math.clz32(first) - 23;
  if (len > 4 || pos + len > b.length) return null;
  let id = 0;
  for (let i = 0; i < len; i++) id = id * 256 + b[pos + i];
  return { id, len };
}

/**
 * @param {Uint8Array} b
 * @param {number} pos
 * @returns {{size: number, len: number, unknown: boolean}|null} an element data size
 */
function readSize(b, pos) {
  const first = b[pos];
  if (first === undefined || first === 0) return null;
  const len = Math.clz32(first) - 23;
  if (len > 8 || pos + len > b.length) return null;
  let size = first & (0xff >> len);
  let allOnes = size === 0xff >> len;
  for (let i = 1; i < len; i++) {
    size = size * 256 + b[pos + i];
    if (b[pos + i] !== 0xff) allOnes = false;
  }
  return { size, len, unknown: allOnes };
}

/**
 * A size as an EBML variable-length integer of `len` bytes (or the fewest that hold it).
 * @param {number} size
 * @param {number} [len]
 */
export function encodeSize(size, len) {
  let n = 1;
  while (n < 8 && size >= 2 ** (7 * n) - 1) n++;
  n = Math.max(n, len ?? 0);
  const out = new Uint8Array(n);
  let v = size;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0] |= 0x80 >> (n - 1);
  return out;
}

/** @param {number} value */
function float64(value) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return out;
}

/**
 * @param {Uint8Array} b
 * @param {number} start
 * @param {number} end
 * @returns {Array<{id: number, start: number, dataStart: number, size: number, sizeLen: number, unknown: boolean}>}
 */
function children(b, start, end) {
  const out = [];
  let pos = start;
  while (pos < end) {
    const id = readId(b, pos);
    if (!id) break;
    const size = readSize(b, pos + id.len);
    if (!size) break;
    const dataStart = pos + id.len + size.len;
    out.push({
      id: id.id,
      start: pos,
      dataStart,
      size: size.size,
      sizeLen: size.len,
      unknown: size.unknown,
    });
    if (size.unknown) break;
    pos = dataStart + size.size;
  }
  return out;
}

/**
 * Writes the duration into the head of a WebM file.
 * @param {Uint8Array} head the file's first bytes (at least up to the end of Segment ▸ Info)
 * @param {number} durationMs
 * @returns {{head: Uint8Array, consumed: number}|null} the new head, and how many bytes of the
 *   old file it replaces; null when the file does not look as expected
 */
export function patchDuration(head, durationMs) {
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) return null;
  const top = children(head, 0, head.length);
  if (top[0]?.id !== ID.EBML || top[1]?.id !== ID.Segment) return null;
  const seg = top[1];
  const segEnd = seg.unknown ? head.length : Math.min(head.length, seg.dataStart + seg.size);
  const inSeg = children(head, seg.dataStart, segEnd);
  const info = inSeg.find((c) => c.id === ID.Info);
  if (!info || info.unknown || info.dataStart + info.size > head.length) return null;
  const fields = children(head, info.dataStart, info.dataStart + info.size);
  const scaleEl = fields.find((c) => c.id === ID.TimecodeScale);
  let scale = 1_000_000;
  if (scaleEl) {
    scale = 0;
    for (let i = 0; i < scaleEl.size; i++) scale = scale * 256 + head[scaleEl.dataStart + i];
    if (!(scale > 0)) return null;
  }
  const value = (durationMs * 1_000_000) / scale;
  const existing = fields.find((c) => c.id === ID.Duration);
  if (existing) {
    const out = head.slice(0, info.dataStart + info.size);
    if (existing.size === 8) out.set(float64(value), existing.dataStart);
    else if (existing.size === 4) new DataView(out.buffer).setFloat32(existing.dataStart, value);
    else return null;
    return { head: out, consumed: out.length };
  }
  // Inserting bytes moves everything after Info: positions a SeekHead holds would go wrong.
  if (inSeg.some((c) => c.id === ID.SeekHead)) return null;
  const duration = new Uint8Array([0x44, 0x89, 0x88, ...float64(value)]);
  const infoSize = encodeSize(info.size + duration.length, info.sizeLen);
  const infoIdLen = info.dataStart - info.sizeLen - info.start;
  const parts = [
    head.subarray(0, seg.start),
    head.subarray(seg.start, seg.dataStart - seg.sizeLen),
    seg.unknown
      ? head.subarray(seg.dataStart - seg.sizeLen, seg.dataStart)
      : encodeSize(seg.size + duration.length + infoSize.length - info.sizeLen, seg.sizeLen),
    head.subarray(seg.dataStart, info.start + infoIdLen),
    infoSize,
    head.subarray(info.dataStart, info.dataStart + info.size),
    duration,
  ];
  const len = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { head: out, consumed: info.dataStart + info.size };
}

/**
 * The recorded file with its duration written in; the file unchanged when that fails.
 * @param {Blob} blob
 * @param {number} durationMs
 * @returns {Promise<Blob>}
 */
export async function withDuration(blob, durationMs) {
  try {
    const first = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
    const patched = patchDuration(first, durationMs);
    if (!patched) return blob;
    const head = /** @type {Uint8Array<ArrayBuffer>} */ (patched.head);
    return new Blob([head, blob.slice(patched.consumed)], { type: blob.type });
  } catch {
    return blob;
  }
}
