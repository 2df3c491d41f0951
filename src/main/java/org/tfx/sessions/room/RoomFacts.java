package org.tfx.sessions.room;

/** What anyone in a room may know about it. {@code size} counts seats, connected or lost. */
public record RoomFacts(
    RoomId id, String name, boolean locked, int capacity, int size, boolean hasPassword) {}
