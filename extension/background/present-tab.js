// @ts-check
/**
 * The service worker's part of "Present this tab" (see ui/extension/present-tab.js for the
 * whole flow): find the room page, get a tab-capture stream id it may use, hand it over.
 */

/**
 * The extension's room pages (tabs and side panels), newest first.
 * @returns {Promise<Array<{tabId: number, documentUrl: string}>>}
 */
export async function roomContexts() {
  const base = chrome.runtime.getURL('room.html');
  const all = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.TAB, chrome.runtime.ContextType.SIDE_PANEL],
  });
  return all
    .filter((c) => (c.documentUrl ?? '').startsWith(base))
    .map((c) => ({ tabId: c.tabId, documentUrl: c.documentUrl ?? '' }))
    .reverse();
}

/**
 * The service worker's part: capture a tab for the room page.
 * @param {unknown} tabId the tab to present
 * @returns {Promise<{ok: boolean, error?: string, message?: string}>}
 */
export async function presentTab(tabId) {
  if (!Number.isInteger(tabId) || /** @type {number} */ (tabId) < 0) {
    return { ok: false, error: 'bad-tab' };
  }
  const rooms = await roomContexts();
  const room = rooms.find((r) => r.tabId >= 0) ?? rooms[0];
  if (!room) return { ok: false, error: 'no-room' };
  if (room.tabId === tabId) return { ok: false, error: 'same-tab' };
  let streamId;
  try {
    streamId = await chrome.tabCapture.getMediaStreamId(
      room.tabId >= 0
        ? { targetTabId: /** @type {number} */ (tabId), consumerTabId: room.tabId }
        : { targetTabId: /** @type {number} */ (tabId) },
    );
  } catch (err) {
    return {
      ok: false,
      error: 'capture',
      message: String(/** @type {any} */ (err)?.message ?? err),
    };
  }
  const answer = await chrome.runtime
    .sendMessage({ target: 'room', type: 'present-tab', data: { streamId, roomTabId: room.tabId } })
    .catch((err) => ({ ok: false, error: 'not-in-room', message: String(err?.message ?? err) }));
  return answer ?? { ok: false, error: 'not-in-room' };
}
