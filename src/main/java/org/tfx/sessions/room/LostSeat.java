package org.tfx.sessions.room;

import java.time.Instant;

/** A seat that was lost (socket dropped or server restarted), as read back from the store. */
public record LostSeat(
    String peerId, String name, boolean owner, Instant lostAt, String resumeTokenHash) {}
