/**
 * TURN and STUN for peers that cannot reach each other directly. The server never relays media: it
 * hands each client a list of ICE servers with short-lived TURN REST credentials ({@link
 * org.tfx.sessions.turn.TurnCredentials}) that a coturn configured with {@code use-auth-secret} and
 * the same shared secret accepts. {@link org.tfx.sessions.turn.IceServerProvider} builds that list
 * for the signalling {@code welcome} and for {@code GET /api/ice-servers} ({@link
 * org.tfx.sessions.turn.IceServersServlet}). The coturn side (hardened config, start script) ships
 * in {@code src/main/resources/coturn/}; docs/developer/deployment-coturn.md explains both.
 */
package org.tfx.sessions.turn;
