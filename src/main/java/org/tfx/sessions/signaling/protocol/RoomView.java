package org.tfx.sessions.signaling.protocol;

/** Public facts about a room, as sent in {@code welcome} and {@code room-updated}. */
public record RoomView(
    String id, String name, boolean locked, int capacity, int size, boolean hasPassword) {}
