// @ts-check
/** Participants' colours in the Code widget: classes cm-remote-c0 … cm-remote-c7 in code.css. */

export const CURSOR_COLOURS = 8;

/**
 * A stable colour for a participant: the same on every screen.
 * @param {string} peerId
 * @returns {number} 0 … CURSOR_COLOURS - 1
 */
export function colourOf(peerId) {
  let x = 0;
  for (let i = 0; i < peerId.length; i++) x = (Math.imul(x, 31) + peerId.charCodeAt(i)) | 0;
  return Math.abs(x) % CURSOR_COLOURS;
}
