/**
 * The signalling WebSocket: per-socket limits (frame size, rate, outbox, hello deadline), the live
 * registry of rooms and seats, and the service for joining, resuming, knocking, owner controls and
 * relaying. The relay path reads live seats only: no database, no locks.
 */
package org.tfx.sessions.signaling;
