/**
 * The proxy (RFC 3261 16): stateful, forking to every device of a callee with the first 2xx winning
 * and the other branches cancelled, Record-Route on both sides (RFC 5658, so dialogs keep crossing
 * WebSocket and UDP/TCP through us), loop detection, Max-Forwards, CANCEL, in-dialog routing by
 * Route headers and Record-Route flow tokens, and the list of calls in progress. All of it runs on
 * the one SIP thread, so none of its state needs locks.
 */
package org.tfx.sessions.sip.proxy;
