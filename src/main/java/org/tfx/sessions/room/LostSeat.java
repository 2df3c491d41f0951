package org.tfx.sessions.room;

/** A seat that was lost (socket dropped or server restarted), as read back from the store. */
public record LostSeat(String peerId, String name, boolean owner, String resumeTokenHash) {}
