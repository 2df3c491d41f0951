/**
 * Rooms: the live room aggregate ({@link org.tfx.sessions.room.LiveRoom}), the one place of every
 * room rule — secret, owner, password, lock, knocking, capacity, resume and take-over, kick, grace.
 * A {@link org.tfx.sessions.room.RoomCommand} goes in, an {@link org.tfx.sessions.room.Outcome} for
 * its sender and {@link org.tfx.sessions.room.RoomEvent}s come out; the {@link
 * org.tfx.sessions.room.RoomRecord} keeps the events and the {@link
 * org.tfx.sessions.room.RoomEvents} bus hands them on. Also: creating rooms and checking access for
 * the REST side ({@link org.tfx.sessions.room.RoomService}), secrets and passwords.
 */
package org.tfx.sessions.room;
