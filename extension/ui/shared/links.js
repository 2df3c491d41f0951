// @ts-check
/** Invite links, room creation and the little state the UIs keep in the browser. */

/** Room ids are short, URL-safe and public. */
const ROOM_ID = /^[A-Za-z0-9_-]{4,64}$/;

/**
 * Reads an invite link (or its /r/ part) pasted by a user.
 * @param {string} text
 * @returns {{origin: string|null, roomId: string, secret: string}|null}
 */
export function parseInviteLink(text) {
  const s = String(text ?? '').trim();
  if (!s) return null;
  let url;
  try {
    url = new URL(s);
  } catch {
    try {
      url = new URL(s.startsWith('/') ? s : `/${s}`, 'http://invalid.invalid');
    } catch {
      return null;
    }
  }
  const m = url.pathname.match(/\/r\/([^/]+)\/?$/);
  const secret = decodeURIComponent(url.hash.replace(/^#/, ''));
  if (!m || !ROOM_ID.test(m[1]) || !secret) return null;
  return { origin: url.host === 'invalid.invalid' ? null : url.origin, roomId: m[1], secret };
}

/**
 * @param {string} serverUrl
 * @param {string} roomId
 * @param {string} secret
 */
export function inviteUrl(serverUrl, roomId, secret) {
  return `${serverUrl.replace(/\/+$/, '')}/r/${encodeURIComponent(roomId)}#${encodeURIComponent(secret)}`;
}

/** @param {string} roomId */
export function isRoomId(roomId) {
  return ROOM_ID.test(roomId);
}

/**
 * POST /api/rooms.
 * @param {string} serverUrl
 * @param {{name?: string, capacity?: number, password?: string}} body
 * @returns {Promise<{roomId: string, secret: string, ownerToken: string, joinUrl: string}>}
 */
export async function createRoom(serverUrl, body) {
  let res;
  try {
    res = await fetch(`${serverUrl.replace(/\/+$/, '')}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw Object.assign(new Error('Cannot reach the server'), {
      code: 'ERR_SERVER_UNREACHABLE',
      cause: err,
    });
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok)
    throw Object.assign(new Error(data.message || `HTTP ${res.status}`), { code: data.code });
  return data;
}

/**
 * GET /api/rooms/{id}.
 * @param {string} serverUrl
 * @param {string} roomId
 * @param {string} secret
 * @returns {Promise<{error?: 'wrong-secret'|'room-not-found', name?: string, locked?: boolean}>}
 * @throws when the server is unreachable
 */
export async function fetchRoomInfo(serverUrl, roomId, secret) {
  let res;
  try {
    res = await fetch(`${serverUrl.replace(/\/+$/, '')}/api/rooms/${encodeURIComponent(roomId)}`, {
      headers: { 'x-room-secret': secret },
    });
  } catch (err) {
    throw Object.assign(new Error('Cannot reach the server'), {
      code: 'ERR_SERVER_UNREACHABLE',
      cause: err,
    });
  }
  const body = await res.json().catch(() => ({}));
  if (res.status === 403 && body.code === 'wrong-secret') return { error: 'wrong-secret' };
  if (res.status === 404 && body.code === 'room-not-found') return { error: 'room-not-found' };
  // Anything else: let the signalling handshake decide.
  return res.ok ? body : {};
}

/** Owner tokens live in localStorage, keyed by room id, so the owner stays owner across tabs. */
export const ownerTokens = {
  /** @param {string} roomId */
  get(roomId) {
    try {
      return localStorage.getItem(`tfx.owner.${roomId}`) ?? undefined;
    } catch {
      return undefined;
    }
  },
  /** @param {string} roomId @param {string} token */
  set(roomId, token) {
    try {
      localStorage.setItem(`tfx.owner.${roomId}`, token);
    } catch {
      /* storage off: owner controls for this tab only */
    }
  },
};

/** Per-browser preferences: display name and chosen devices. */
export const prefs = {
  /** @returns {{name?: string, audioId?: string, videoId?: string, micOn?: boolean, camOn?: boolean}} */
  load() {
    try {
      return JSON.parse(localStorage.getItem('tfx.prefs') ?? '{}') ?? {};
    } catch {
      return {};
    }
  },
  /** @param {object} p */
  save(p) {
    try {
      localStorage.setItem('tfx.prefs', JSON.stringify({ ...prefs.load(), ...p }));
    } catch {
      /* ignore */
    }
  },
};

/**
 * What the server offers (GET /api/client-config).
 * @typedef {{embedOrigins: string[], translate: boolean, linkPreview: boolean, shareSources: string[], defaultCapacity: number, minCapacity: number, maxCapacity: number}} ClientConfig
 */

/**
 * GET /api/client-config, or null when the server cannot be asked (old server, offline): the
 * pages then leave out what depends on it rather than guess.
 * @param {string} serverUrl
 * @returns {Promise<ClientConfig|null>}
 */
export async function fetchClientConfig(serverUrl) {
  try {
    const res = await fetch(`${serverUrl.replace(/\/+$/, '')}/api/client-config`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return null;
    const c = await res.json();
    return Number.isInteger(c?.maxCapacity) ? c : null;
  } catch {
    return null;
  }
}
