// @ts-check
/**
 * What a person types into the phone, checked and turned into SIP URIs. No DOM, no JsSIP: the
 * unit tests read this file.
 */

/** SIP user names of this server (SipAccount.USERNAME on the server). */
const USER = /^[a-z0-9][a-z0-9._-]{0,31}$/;
/** A host name or IPv4 address, optionally with a port. */
const HOST = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/i;

/**
 * The SIP URI to call for what was typed: `bob` → `sip:bob@domain`, `bob@host` → `sip:bob@host`,
 * `sip:bob@host` as is. Null when it is not something we can call.
 * @param {string} typed
 * @param {string} domain
 * @returns {string|null}
 */
export function targetUri(typed, domain) {
  const t = typed.trim().replace(/^sip:/i, '');
  const at = t.indexOf('@');
  const user = (at < 0 ? t : t.slice(0, at)).toLowerCase();
  const host = at < 0 ? domain : t.slice(at + 1);
  if (!USER.test(user) || !HOST.test(host)) return null;
  return `sip:${user}@${host}`;
}

/**
 * The account to sign in with: a user name of this server.
 * @param {string} typed
 * @returns {string|null}
 */
export function accountName(typed) {
  const u = typed.trim().toLowerCase();
  return USER.test(u) ? u : null;
}

/**
 * The WebSocket URL of the server's SIP endpoint, from the server's base URL.
 * @param {string} serverUrl e.g. https://meet.example.com
 */
export function webSocketUrl(serverUrl) {
  const u = new URL('/sip', serverUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.href;
}

/**
 * "1:05" for a call's length.
 * @param {number} seconds
 */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Why a call or registration ended (JsSIP's causes), as the key of the words for the person in
 * messages.js.
 * @param {string|undefined} cause
 * @returns {string}
 */
export function causeKey(cause) {
  switch (cause) {
    case 'Busy':
      return 'busy';
    case 'Rejected':
      return 'declined';
    case 'Not Found':
      return 'noSuchUser';
    case 'Unavailable':
    case 'Request Timeout':
    case 'No Answer':
      return 'unavailable';
    case 'Canceled':
      return 'cancelled';
    case 'Authentication Error':
      return 'wrongPassword';
    case 'User Denied Media Access':
      return 'noMicrophone';
    case 'Connection Error':
      return 'unreachable';
    default:
      return 'ended';
  }
}
