// @ts-check
/**
 * Messages between the room page and a sandboxed widget frame, over a MessagePort that the page
 * hands to the frame (`{tfx: "widget-bridge", v: 1}` with the port, posted to the frame window).
 * Both sides validate everything they receive: the frame runs code we do not trust, and the page
 * must not take a frame's word for anything beyond its own widget.
 *
 * frame → page requests:
 *   {t: "ready"}                                   → page answers {t: "init", …}
 *   {t: "send", to, msg} · {t: "broadcast", msg}   widget messages
 *   {t: "state", op: "set", key, value}            replicated state writes
 *   {t: "state", op: "append", list, value, rid}   → {t: "result", rid, id}
 *   {t: "state", op: "remove", id} · {t: "state", op: "clear", list}
 *   {t: "presence", value}                         our presence (null clears)
 *   {t: "ui", op: "badge", value} · {t: "ui", op: "notify", text} · {t: "ui", op: "open"|"close"}
 * page → frame:
 *   {t: "init", widget, self, peers, state: {entries, lists}, presence, visible}
 *   {t: "event", name, data}          message, peer-joined, peer-left, peer-updated, show, hide,
 *                                     reconnected
 *   {t: "state", entries, lists, local, catchUp}   changed keys (entry or null) and whole
 *                                     changed lists
 *   {t: "presence", presence}        every other participant's presence: [{peerId, value}]
 *   {t: "result", rid, id?, error?} · {t: "error", code, message}
 */

export const BRIDGE_HELLO = 'widget-bridge';
export const BRIDGE_VERSION = 1;

/** Events forwarded to a sandboxed widget. */
export const FRAME_EVENTS = Object.freeze([
  'message',
  'peer-joined',
  'peer-left',
  'peer-updated',
  'show',
  'hide',
  'reconnected',
]);

/** @param {unknown} v */
const str = (v, max = 256) => typeof v === 'string' && v.length <= max;

/**
 * Checks a request from a frame. Values (`msg`, `value`) are checked for size by the runtime.
 * @param {any} r
 * @returns {string|null} null when valid, else what is wrong
 */
export function checkFrameRequest(r) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not an object';
  switch (r.t) {
    case 'ready':
      return null;
    case 'send':
      return str(r.to, 64) ? null : 'send needs "to"';
    case 'broadcast':
      return 'msg' in r ? null : 'broadcast needs "msg"';
    case 'state':
      switch (r.op) {
        case 'set':
          return str(r.key) ? null : 'set needs "key"';
        case 'append':
          return str(r.list) && str(r.rid, 32) ? null : 'append needs "list" and "rid"';
        case 'remove':
          return str(r.id, 80) ? null : 'remove needs "id"';
        case 'clear':
          return str(r.list) ? null : 'clear needs "list"';
        default:
          return 'unknown state op';
      }
    case 'presence':
      return 'value' in r ? null : 'presence needs "value"';
    case 'ui':
      switch (r.op) {
        case 'badge':
          return r.value === null || typeof r.value === 'number' || str(r.value, 8)
            ? null
            : 'badge needs a number, a short string or null';
        case 'notify':
          return str(r.text, 1000) ? null : 'notify needs "text"';
        case 'open':
        case 'close':
          return null;
        default:
          return 'unknown ui op';
      }
    default:
      return 'unknown request';
  }
}
