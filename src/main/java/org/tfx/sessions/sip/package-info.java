/**
 * The SIP server in this WAR: {@link org.tfx.sessions.sip.SipServer} builds the transports, the
 * registrar and the proxy, feeds every message through one thread, and offers what the console
 * shows and changes. Sub-packages: {@code message} (JAIN-SIP parsing), {@code transport} (UDP, TCP,
 * WebSocket), {@code registrar} (accounts, digest, bindings), {@code proxy} (routing, transactions,
 * calls).
 */
package org.tfx.sessions.sip;
