// @ts-check
/**
 * Thin MV3 service worker: no global state (Chrome stops it at will). It opens rooms for the
 * popup, which closes as soon as it has asked, and gets tab captures for "Present this tab".
 */
import { presentTab } from './present-tab.js';

chrome.runtime.onInstalled.addListener(() => {
  chrome.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
});

chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (!msg || msg.target !== 'background') return false;
  if (
    msg.type === 'open-room' &&
    typeof msg.data?.path === 'string' &&
    msg.data.path.startsWith('room.html?')
  ) {
    chrome.tabs.create({ url: chrome.runtime.getURL(msg.data.path) }).then(
      () => sendResponse({ ok: true }),
      (err) => sendResponse({ ok: false, error: String(err) }),
    );
    return true;
  }
  if (msg.type === 'present-tab') {
    presentTab(msg.data?.tabId).then(sendResponse, (err) =>
      sendResponse({ ok: false, error: 'failed', message: String(err?.message ?? err) }),
    );
    return true;
  }
  sendResponse({ ok: false, error: 'unknown message' });
  return false;
});
