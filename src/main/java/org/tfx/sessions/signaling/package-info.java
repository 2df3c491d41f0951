/**
 * The signalling WebSocket: per-socket limits (frame size, rate, outbox, hello deadline), one
 * {@link org.tfx.sessions.signaling.Handler} per client message type that turns frames into room
 * commands or relays, and {@link org.tfx.sessions.signaling.EventFrames}, which turns the rooms'
 * events into frames for the sockets this node holds. The relay path reads live seats only: no
 * database, no locks.
 */
package org.tfx.sessions.signaling;
