package org.tfx.sessions.room;

/** A room as the record keeps it: only hashes of its secret, owner token and password. */
public record StoredRoom(
    RoomId id,
    String name,
    String secretHash,
    String ownerTokenHash,
    String passwordHash,
    boolean locked,
    int capacity) {}
