// @ts-check

/**
 * Protocol error code → SDK error code. Every code in the protocol spec is listed; an unknown
 * code maps to ERR_PROTOCOL.
 * @type {Readonly<Record<string, string>>}
 */
export const ERROR_CODES = Object.freeze({
  'bad-json': 'ERR_PROTOCOL',
  'unknown-type': 'ERR_PROTOCOL',
  'invalid-message': 'ERR_INVALID_MESSAGE',
  'unsupported-version': 'ERR_UNSUPPORTED_VERSION',
  'hello-required': 'ERR_PROTOCOL',
  'already-joined': 'ERR_PROTOCOL',
  'room-not-found': 'ERR_ROOM_NOT_FOUND',
  'wrong-secret': 'ERR_WRONG_SECRET',
  'password-required': 'ERR_PASSWORD_REQUIRED',
  'wrong-password': 'ERR_WRONG_PASSWORD',
  'room-locked': 'ERR_ROOM_LOCKED',
  'room-full': 'ERR_ROOM_FULL',
  'not-owner': 'ERR_NOT_OWNER',
  'peer-not-found': 'ERR_PEER_NOT_FOUND',
  'peer-unavailable': 'ERR_PEER_UNAVAILABLE',
  'not-knocking': 'ERR_NOT_KNOCKING',
  'knock-denied': 'ERR_KNOCK_DENIED',
  kicked: 'ERR_KICKED',
  'rate-limited': 'ERR_RATE_LIMITED',
  unavailable: 'ERR_SERVER_UNAVAILABLE',
  internal: 'ERR_SERVER_INTERNAL',
});

/** Protocol codes after which the server closes the socket: reconnecting would not help. */
const TERMINAL = new Set(['room-not-found', 'wrong-secret', 'room-full', 'knock-denied', 'kicked']);

/** Protocol codes that stop a join until the user acts (password, knock). */
const NEEDS_USER = new Set(['password-required', 'wrong-password', 'room-locked']);

/** An error the SDK reports through its `error` event. */
export class TfxError extends Error {
  /**
   * @param {string} code SDK code, e.g. ERR_ROOM_FULL
   * @param {string} message
   * @param {{protocolCode?: string, ref?: string, fatal?: boolean, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'TfxError';
    this.code = code;
    this.protocolCode = details.protocolCode;
    this.ref = details.ref;
    /** true when the session is over and will not reconnect */
    this.fatal = details.fatal ?? false;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

/**
 * @param {string} protocolCode
 * @returns {string}
 */
export function mapErrorCode(protocolCode) {
  return ERROR_CODES[protocolCode] ?? 'ERR_PROTOCOL';
}

/**
 * @param {string} protocolCode
 * @returns {boolean} whether the server closes the socket after this error
 */
export function isTerminal(protocolCode) {
  return TERMINAL.has(protocolCode);
}

/**
 * @param {string} protocolCode
 * @returns {boolean} whether the join waits for the user (password or knock)
 */
export function needsUser(protocolCode) {
  return NEEDS_USER.has(protocolCode);
}

/**
 * Turns a protocol `error` frame into a TfxError.
 * @param {{code: string, message?: string, ref?: string}} frame
 * @returns {TfxError}
 */
export function fromProtocolError(frame) {
  return new TfxError(mapErrorCode(frame.code), frame.message || frame.code, {
    protocolCode: frame.code,
    ref: frame.ref,
    fatal: isTerminal(frame.code),
  });
}
