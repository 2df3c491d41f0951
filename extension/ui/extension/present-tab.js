// @ts-check
/**
 * "Present this tab" in the extension: the toolbar popup asks the service worker for a tab
 * capture of the tab the user is on (chrome.tabCapture, allowed because the user clicked the
 * extension there), and the room page that is in the meeting turns the stream id into a
 * MediaStream and shares it like any screen. No picker, one click.
 *
 * The service worker's part is background/present-tab.js. Messages (all `{target, type, data}`):
 * - popup → service worker: `{target: 'background', type: 'present-tab', data: {tabId}}`
 *   → `{ok: true}` or `{ok: false, error: 'no-room'|'same-tab'|'capture'|'not-in-room'|…}`
 * - service worker → room pages: `{target: 'room', type: 'present-tab', data: {streamId,
 *   roomTabId}}`; only the page whose tab is `roomTabId` (-1: the side panel) answers.
 */
import { prepareScreenStream } from '../app/screens.js';
import { t } from '../i18n/i18n.js';

/** @typedef {import('../../lib/sdk/session.js').TfxSession} TfxSession */

/**
 * Opens a tab capture by stream id (with the tab's sound when Chrome gives it), and keeps the
 * tab's sound audible here: Chrome mutes a captured tab for the user.
 * @param {string} streamId
 * @returns {Promise<MediaStream>}
 */
export async function openTabCapture(streamId) {
  const source = { chromeMediaSource: 'tab', chromeMediaSourceId: streamId };
  const video = { mandatory: { ...source, maxWidth: 1920, maxHeight: 1080, maxFrameRate: 30 } };
  /** @type {MediaStream} */
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(
      /** @type {any} */ ({ video, audio: { mandatory: source } }),
    );
  } catch {
    // A tab capture without sound is still worth presenting; the id is good for one more try.
    stream = await navigator.mediaDevices.getUserMedia(/** @type {any} */ ({ video }));
  }
  prepareScreenStream(stream);
  const audio = stream.getAudioTracks()[0];
  if (audio) {
    const ac = new AudioContext();
    ac.createMediaStreamSource(new MediaStream([audio])).connect(ac.destination);
    audio.addEventListener('ended', () => ac.close().catch(() => {}));
    stream.getVideoTracks()[0]?.addEventListener('ended', () => ac.close().catch(() => {}));
  }
  return stream;
}

/**
 * The room page's part: answer `present-tab` by sharing the captured tab.
 * @param {TfxSession} session
 * @param {(text: string) => void} notify
 * @returns {() => void} stops listening
 */
export function listenForTabShare(session, notify) {
  let myTabId = -1;
  chrome.tabs
    .getCurrent()
    .then((t) => (myTabId = t?.id ?? -1))
    .catch(() => {});
  /**
   * @param {any} msg
   * @param {chrome.runtime.MessageSender} sender
   * @param {(r: any) => void} sendResponse
   */
  const onMessage = (msg, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || msg?.target !== 'room' || msg.type !== 'present-tab') {
      return false;
    }
    if (msg.data?.roomTabId !== myTabId || typeof msg.data?.streamId !== 'string') return false;
    if (session.state === 'ended') {
      sendResponse({ ok: false, error: 'not-in-room' });
      return false;
    }
    openTabCapture(msg.data.streamId)
      .then((stream) => session.startScreenShare(stream))
      .then(
        () => sendResponse({ ok: true }),
        (err) => {
          notify(t('present.failed'));
          sendResponse({ ok: false, error: 'capture', message: String(err?.message ?? err) });
        },
      );
    return true;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  return () => chrome.runtime.onMessage.removeListener(onMessage);
}
