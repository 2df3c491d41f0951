// @ts-check
/**
 * Helpers for built-in widgets (bundled into each widget that imports them). Everything that
 * puts peer text on screen goes through text nodes: nothing here parses HTML.
 */
export { h, append, clear, replace, pathIcon } from '../shared/dom.js';

/** A URL in running text: http(s) only; trailing punctuation is not part of it. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"»”’]+$/;

/**
 * Splits text into plain parts and safe links.
 * @param {string} text
 * @returns {Array<{text: string, href?: string}>}
 */
export function linkify(text) {
  /** @type {Array<{text: string, href?: string}>} */
  const out = [];
  let last = 0;
  for (const m of String(text).matchAll(URL_IN_TEXT)) {
    let raw = m[0];
    const trail = raw.match(TRAILING)?.[0] ?? '';
    // Keep a closing bracket that closes one opened inside the URL (Wikipedia-style links).
    if (trail && trail.startsWith(')') && (raw.match(/\(/g)?.length ?? 0) > 0) {
      raw = raw.slice(0, raw.length - trail.length + 1);
    } else if (trail) {
      raw = raw.slice(0, raw.length - trail.length);
    }
    const href = safeHttpUrl(raw);
    const start = /** @type {number} */ (m.index);
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/**
 * @param {string} raw
 * @returns {string|null} the normalised URL when it is a plain http(s) URL
 */
export function safeHttpUrl(raw) {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.username || u.password) return null;
    return u.href;
  } catch {
    return null;
  }
}

/**
 * Text with clickable links, as DOM nodes; links open in a new tab without a referrer.
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function richText(text) {
  const frag = document.createDocumentFragment();
  for (const part of linkify(text)) {
    if (!part.href) {
      frag.appendChild(document.createTextNode(part.text));
      continue;
    }
    const a = document.createElement('a');
    a.href = part.href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    a.referrerPolicy = 'no-referrer';
    a.textContent = part.text;
    frag.appendChild(a);
  }
  return frag;
}

/**
 * @param {number} ms a time from `Date.now()`
 * @returns {string} e.g. "14:05", in the viewer's locale
 */
export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * Up to two initials of a name, for avatars.
 * @param {string} name
 */
export function initials(name) {
  const words = String(name).trim().split(/\s+/).filter(Boolean);
  const chars = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return (
    chars
      .map((w) => [...w][0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

/**
 * Whether a replicated list only grew at its end since it was rendered (so the new items can be
 * appended) rather than changed in the middle (render it all again).
 * @param {string[]} rendered item ids in the order they are on screen
 * @param {string[]} ids item ids in the list now
 */
export function onlyAppended(rendered, ids) {
  return rendered.length <= ids.length && rendered.every((id, i) => ids[i] === id);
}

/**
 * Keeps a muted `<video>` showing the video this participant sends (what the others see, after
 * the outgoing video pipeline): playing while the widget is visible, paused while it is hidden.
 * @param {any} ctx the widget context (docs/developer/widget-api.md)
 * @param {HTMLVideoElement} video
 * @param {(live: boolean) => void} [onLive] told, each time the preview changes, whether it
 *   shows live video
 * @returns {() => void} stops following the outgoing video and empties the preview
 */
export function previewOutgoingVideo(ctx, video, onLive = () => {}) {
  /** @param {MediaStreamTrack|null} track */
  const show = (track) => {
    const on = !!track && track.readyState === 'live';
    video.srcObject = on ? new MediaStream([/** @type {MediaStreamTrack} */ (track)]) : null;
    onLive(on);
    if (on && ctx.visible) video.play().catch(() => {});
  };
  const off = ctx.media.onOutgoingVideo(show);
  show(ctx.media.outgoingVideo());
  ctx.on('show', () => show(ctx.media.outgoingVideo()));
  ctx.on('hide', () => video.pause());
  return () => {
    off();
    video.srcObject = null;
  };
}
