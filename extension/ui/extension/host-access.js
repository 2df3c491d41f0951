// @ts-check
/**
 * The extension holds no host permission up front. Calls to the server work when the server
 * answers CORS for the extension's origin; when it does not, we ask for access to that one
 * origin (optional host permission) and try again.
 */

/** @param {string} serverUrl */
export function originPattern(serverUrl) {
  return `${new URL(serverUrl).origin}/*`;
}

/**
 * @template T
 * @param {string} serverUrl
 * @param {() => Promise<T>} call
 * @returns {Promise<T>}
 */
export async function ensureHostAccess(serverUrl, call) {
  try {
    return await call();
  } catch (err) {
    if (/** @type {any} */ (err).code !== 'ERR_SERVER_UNREACHABLE') throw err;
    const origins = [originPattern(serverUrl)];
    if (await chrome.permissions.contains({ origins })) throw err;
    if (!(await chrome.permissions.request({ origins }))) throw err;
    return call();
  }
}
