// @ts-check
/** TFX Sessions client SDK: the only entry point UIs and widgets import. */
export { TfxSession, Channel, signalUrl } from './session.js';
export { TfxError, ERROR_CODES, mapErrorCode } from './errors.js';
export { memoryStorage } from './storage.js';
export { PROTOCOL_VERSION } from './codec.js';
export { SharedState, LIVE, CATCH_UP, LOADED, updateIsBy } from './shared-state.js';
export { DocSync } from './doc-sync.js';
export { Presence } from './presence.js';
