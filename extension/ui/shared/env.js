// @ts-check
/** Where the UI runs (hosted web page or extension page) and which server it talks to. */

export const DEFAULT_SERVER_URL = 'http://localhost:8080';

export function isExtension() {
  return location.protocol === 'chrome-extension:';
}

/**
 * The extension's server: the user's choice (options page), else server.json that the server
 * put into the zip it served, else the default.
 * @returns {Promise<string>}
 */
export async function extensionServerUrl() {
  try {
    const { serverUrl } = await chrome.storage.local.get('serverUrl');
    if (typeof serverUrl === 'string' && serverUrl) return serverUrl;
  } catch {
    /* not in an extension context */
  }
  return bundledServerUrl();
}

/** @returns {Promise<string>} */
export async function bundledServerUrl() {
  try {
    const res = await fetch(chrome.runtime.getURL('server.json'));
    if (res.ok) {
      const j = await res.json();
      if (typeof j.serverUrl === 'string' && /^https?:\/\//.test(j.serverUrl)) {
        return j.serverUrl.replace(/\/+$/, '');
      }
    }
  } catch {
    /* no server.json: an unpacked build */
  }
  return DEFAULT_SERVER_URL;
}

/** @returns {Promise<string>} */
export async function serverUrl() {
  return isExtension() ? extensionServerUrl() : location.origin;
}

/**
 * The page that shows a room, in this environment.
 * @param {string} roomId
 * @param {string} secret
 */
export function roomPageUrl(roomId, secret) {
  const frag = `#${encodeURIComponent(secret)}`;
  if (isExtension()) {
    return chrome.runtime.getURL(`room.html?room=${encodeURIComponent(roomId)}${frag}`);
  }
  return `${location.origin}/r/${encodeURIComponent(roomId)}${frag}`;
}

/**
 * The room this page is for, if any: /r/{id}#secret on the web, room.html?room=id#secret in
 * the extension.
 * @returns {{roomId: string, secret: string}|null}
 */
export function currentRoute() {
  const secret = decodeURIComponent(location.hash.replace(/^#/, ''));
  const roomId = isExtension()
    ? new URLSearchParams(location.search).get('room')
    : (location.pathname.match(/^\/(?:.*\/)?r\/([^/]+)\/?$/)?.[1] ?? null);
  if (!roomId) return null;
  return { roomId: decodeURIComponent(roomId), secret };
}
