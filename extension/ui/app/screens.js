// @ts-check
/**
 * Screen sharing in the room: capturing a screen, window or tab, and the screen tiles of the
 * grid (ours and everyone else's). The SDK does the sending and tells us what to show
 * (`screen-started` / `screen-ended`).
 */
import { t as tr } from '../i18n/i18n.js';
import { h, icon } from '../shared/dom.js';

/** @returns {boolean} whether this browser can capture a screen (not on most phones) */
export function canShareScreen() {
  return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;
}

/**
 * Asks the browser for a screen, window or tab (its own picker). Rejects with the browser's
 * `NotAllowedError` when the user cancels.
 * @returns {Promise<MediaStream>}
 */
export async function captureScreen() {
  const stream = await navigator.mediaDevices.getDisplayMedia(
    /** @type {any} */ ({
      video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } },
      // Tab or system sound when the user ticks "Share audio" in the picker.
      audio: true,
      // Sharing the meeting tab itself only shows a hall of mirrors.
      selfBrowserSurface: 'exclude',
      surfaceSwitching: 'include',
      systemAudio: 'include',
    }),
  );
  prepareScreenStream(stream);
  return stream;
}

/**
 * Tunes a screen capture for what screens show: sharp text rather than smooth motion.
 * @param {MediaStream} stream
 */
export function prepareScreenStream(stream) {
  for (const t of stream.getVideoTracks()) {
    if ('contentHint' in t) t.contentHint = 'detail';
  }
}

/**
 * @typedef {{el: HTMLElement, video: HTMLVideoElement, name: HTMLElement, peerId: string, local: boolean}} ScreenTile
 */

/**
 * The screen tiles in the grid: larger than camera tiles (the room's layout puts them first),
 * the picture letterboxed rather than cropped, with the sharer's name and a full-screen button;
 * our own tile shows what we share, muted, with a Stop button.
 * @param {{grid: HTMLElement, nameOf: (peerId: string) => string, onStop: () => void, onChange: () => void}} o
 */
export function screenTiles(o) {
  /** @type {Map<string, ScreenTile>} stream id → tile */
  const tiles = new Map();

  /** @param {ScreenTile} t */
  const label = (t) =>
    t.local ? tr('screen.yours') : tr('screen.of', { name: o.nameOf(t.peerId) });

  /**
   * @param {{peerId: string, streamId: string, stream: MediaStream, local: boolean}} share
   */
  function add(share) {
    if (tiles.has(share.streamId)) return;
    const video = /** @type {HTMLVideoElement} */ (
      h('video', { autoplay: true, playsInline: true, muted: share.local })
    );
    video.srcObject = share.stream;
    const name = h('span.tile-name');
    const full = h(
      'button.tile-btn',
      {
        type: 'button',
        'aria-label': tr('screen.fullScreen'),
        title: tr('screen.fullScreen'),
        onclick: () => toggleFullscreen(el),
      },
      icon('fullscreen'),
    );
    const stop = share.local
      ? h(
          'button.btn.small.danger.stop-share',
          { type: 'button', onclick: () => o.onStop() },
          icon('screenStop'),
          tr('call.stopSharing'),
        )
      : null;
    const el = h(
      'figure.tile.screen-share',
      {
        dataset: {
          screenOf: share.local ? 'local' : share.peerId,
          streamId: share.streamId,
          local: share.local ? 'true' : 'false',
        },
        ondblclick: () => toggleFullscreen(el),
      },
      video,
      h('figcaption', null, name, h('span.grow'), stop, full),
    );
    const t = { el, video, name, peerId: share.peerId, local: share.local };
    name.textContent = label(t);
    tiles.set(share.streamId, t);
    o.grid.appendChild(el);
    video.play().catch(() => {});
    o.onChange();
  }

  /** @param {string} streamId */
  function remove(streamId) {
    const t = tiles.get(streamId);
    if (!t) return;
    if (document.fullscreenElement === t.el) document.exitFullscreen().catch(() => {});
    t.video.srcObject = null;
    t.el.remove();
    tiles.delete(streamId);
    o.onChange();
  }

  /** @param {string} peerId the sharer whose name changed */
  function rename(peerId) {
    for (const t of tiles.values()) if (t.peerId === peerId) t.name.textContent = label(t);
  }

  return {
    add,
    remove,
    rename,
    get size() {
      return tiles.size;
    },
    dispose() {
      for (const id of [...tiles.keys()]) remove(id);
    },
  };
}

/** @param {HTMLElement} el */
function toggleFullscreen(el) {
  if (document.fullscreenElement === el) document.exitFullscreen().catch(() => {});
  else el.requestFullscreen?.().catch(() => {});
}
