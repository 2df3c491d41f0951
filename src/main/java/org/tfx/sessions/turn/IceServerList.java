package org.tfx.sessions.turn;

import java.util.List;

/**
 * The body of a successful {@code GET /api/ice-servers}: the list for {@code
 * RTCConfiguration.iceServers}, whether a TURN server is in it, and how long its credentials last
 * ({@code null}, so absent from the JSON, without TURN). Public because JSON-B only reads public
 * types.
 */
public record IceServerList(List<IceServer> iceServers, boolean turn, Long ttlSeconds) {}
