/**
 * How SIP messages come and go: UDP and TCP listeners ({@link
 * org.tfx.sessions.sip.transport.NetworkListeners}, which the console can stop, start and move),
 * SIP over WebSocket at {@code /sip} (RFC 7118, {@link
 * org.tfx.sessions.sip.transport.SipWebSocketEndpoint}), and the {@link
 * org.tfx.sessions.sip.transport.Flow} each message arrived on, which answers go back over.
 * Everything that arrives passes a per-source flood limit first; nothing here understands SIP
 * beyond finding where one message ends on a stream.
 */
package org.tfx.sessions.sip.transport;
