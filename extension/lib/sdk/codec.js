// @ts-check
/**
 * Wire codec for signalling protocol v1 (docs/developer/protocol.md). The only module that
 * knows the frame shapes: everything else works with the decoded objects.
 */

export const PROTOCOL_VERSION = 1;
/** Frames larger than this make the server close the socket (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * @typedef {{id: string, name: string, locked: boolean, capacity: number, size: number, hasPassword: boolean}} RoomInfo
 * @typedef {{peerId: string, name: string, owner: boolean, muted: boolean, video: boolean, state: 'connected'|'lost', polite: boolean}} PeerInfo
 * @typedef {{type: string, [key: string]: any}} Frame
 */

/** @param {unknown} v */
const isObj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v */
const isStr = (v) => typeof v === 'string';
/** @param {unknown} v */
const isBool = (v) => typeof v === 'boolean';
/** @param {unknown} v */
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** @param {unknown} r @returns {boolean} */
function isRoom(r) {
  return isObj(r) && isStr(/** @type {any} */ (r).id);
}

/** @param {unknown} p @returns {boolean} */
function isPeer(p) {
  if (!isObj(p)) return false;
  const o = /** @type {any} */ (p);
  return isStr(o.peerId) && isStr(o.name);
}

/**
 * Server → client validators: one per type, each names the members the client relies on.
 * @type {Record<string, (m: any) => boolean>}
 */
const SERVER_TYPES = {
  welcome: (m) =>
    isStr(m.peerId) &&
    isStr(m.resumeToken) &&
    isRoom(m.room) &&
    Array.isArray(m.peers) &&
    m.peers.every(isPeer) &&
    (m.iceServers === undefined || Array.isArray(m.iceServers)),
  'peer-joined': (m) => isPeer(m.peer),
  'peer-left': (m) => isStr(m.peerId),
  'peer-updated': (m) => isPeer(m.peer),
  signal: (m) => isStr(m.from) && 'payload' in m,
  relay: (m) => isStr(m.from) && isStr(m.channel) && 'payload' in m,
  knocking: (m) => isStr(m.peerId) && isStr(m.name),
  'room-updated': (m) => isRoom(m.room),
  error: (m) => isStr(m.code),
  pong: (m) => m.ts === undefined || isNum(m.ts),
};

/**
 * @param {string} text one text frame from the server
 * @returns {{ok: true, msg: Frame} | {ok: false, reason: string}}
 */
export function decodeServerFrame(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'bad-json' };
  }
  if (!isObj(msg)) return { ok: false, reason: 'bad-json' };
  const check = SERVER_TYPES[msg.type];
  if (!check) return { ok: false, reason: 'unknown-type' };
  if (!check(msg)) return { ok: false, reason: 'invalid-message' };
  return { ok: true, msg };
}

/**
 * Normalises a peer object so that the UI can rely on every member.
 * @param {any} p
 * @returns {PeerInfo}
 */
export function normalizePeer(p) {
  return {
    peerId: p.peerId,
    name: isStr(p.name) ? p.name : '',
    owner: p.owner === true,
    muted: p.muted === true,
    video: p.video !== false,
    state: p.state === 'lost' ? 'lost' : 'connected',
    polite: p.polite === true,
  };
}

/**
 * @param {any} r
 * @returns {RoomInfo}
 */
export function normalizeRoom(r) {
  return {
    id: r.id,
    name: isStr(r.name) ? r.name : '',
    locked: r.locked === true,
    capacity: isNum(r.capacity) ? r.capacity : 0,
    size: isNum(r.size) ? r.size : 0,
    hasPassword: r.hasPassword === true,
  };
}

/**
 * Client → server validators: catch our own mistakes before the server has to.
 * @type {Record<string, (m: any) => boolean>}
 */
const CLIENT_TYPES = {
  hello: (m) =>
    m.version === PROTOCOL_VERSION &&
    isStr(m.roomId) &&
    isStr(m.secret) &&
    isStr(m.name) &&
    m.name.trim().length >= 1 &&
    m.name.trim().length <= 64,
  signal: (m) => isStr(m.to) && 'payload' in m,
  relay: (m) =>
    (m.to === undefined || isStr(m.to)) &&
    isStr(m.channel) &&
    m.channel.length >= 1 &&
    m.channel.length <= 64 &&
    'payload' in m,
  update: (m) =>
    (m.name === undefined || isStr(m.name)) &&
    (m.muted === undefined || isBool(m.muted)) &&
    (m.video === undefined || isBool(m.video)),
  lock: (m) => isBool(m.locked),
  admit: (m) => isStr(m.peerId),
  deny: (m) => isStr(m.peerId),
  kick: (m) => isStr(m.peerId),
  configure: (m) =>
    (m.capacity === undefined || Number.isInteger(m.capacity)) &&
    (m.password === undefined || isStr(m.password)),
  knock: () => true,
  leave: () => true,
  ping: (m) => m.ts === undefined || isNum(m.ts),
};

/**
 * Encodes a client message, refusing what the server would reject anyway.
 * @param {Frame} msg
 * @returns {string}
 * @throws {RangeError|TypeError}
 */
export function encodeClientFrame(msg) {
  const check = CLIENT_TYPES[msg.type];
  if (!check) throw new TypeError(`unknown client message type: ${msg.type}`);
  if (!check(msg)) throw new TypeError(`invalid ${msg.type} message`);
  const text = JSON.stringify(msg);
  if (utf8Length(text) > MAX_FRAME_BYTES) throw new RangeError(`${msg.type} frame exceeds 64 KiB`);
  return text;
}

/** A surrogate without its partner: not a character, and not expressible in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string as UTF-8 carries it (and as `String.prototype.toWellFormed` makes it): every lone
 * surrogate becomes U+FFFD. Text that travels as UTF-8 (Yjs updates, WebSocket and data channel
 * text) arrives so at peers; cleaning it before it is stored makes the author's copy the same.
 * @param {string} s
 * @returns {string}
 */
export function usvString(s) {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A JSON value with every string in it (object keys too) made well-formed: see {@link usvString}.
 * @param {unknown} value a JSON value
 * @returns {unknown}
 */
export function usvJson(value) {
  return JSON.parse(JSON.stringify(value), (_key, v) => {
    if (typeof v === 'string') return usvString(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [usvString(k), x]));
    }
    return v;
  });
}

/**
 * @param {string} s
 * @returns {number}
 */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Longest display name, in code points (the server refuses longer ones). */
export const MAX_NAME = 64;
/** Whitespace as Java's Character.isWhitespace/isSpaceChar see it: each becomes one space. */
// eslint-disable-next-line no-control-regex
const NAME_SPACE = /[\p{Z}\t\n\v\f\r\x1c-\x1f]/gu;
/** Control, format (bidi overrides, zero-width…), surrogate, private-use and unassigned. */
const NAME_DROP = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;
/**
 * Format characters emoji need: zero-width (non-)joiner and the tag characters of flags.
 * @param {string} c one code point
 */
const emojiFormat = (c) => {
  const cp = c.codePointAt(0) ?? 0;
  return cp === 0x200c || cp === 0x200d || (cp >= 0xe0020 && cp <= 0xe007f);
};

/**
 * Cleans text exactly as the server cleans display names (Fields.cleanName): NFC, every kind
 * of whitespace becomes a space, control and format characters (bidi overrides included) are
 * dropped except the joiners emoji need, runs of spaces fold into one, ends are trimmed.
 * @param {string} text
 * @returns {string}
 */
export function cleanText(text) {
  return String(text ?? '')
    .normalize('NFC')
    .replace(NAME_SPACE, ' ')
    .replace(NAME_DROP, (c) => (emojiFormat(c) ? c : ''))
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Cleans a display name the way the server does and cuts it to {@link MAX_NAME} code points,
 * so what this participant sees of its own name is what the others see.
 * @param {string} name
 * @returns {string}
 */
export function cleanName(name) {
  const cps = [...cleanText(name)];
  return cps.length <= MAX_NAME ? cps.join('') : cps.slice(0, MAX_NAME).join('').trim();
}
