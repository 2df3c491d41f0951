package org.tfx.sessions.room;

import java.time.Instant;

/**
 * Everything the room knows of one seat. {@code link} is the socket it is attached to, null while
 * the seat is lost; {@code lostAt} is when it was lost (null while attached).
 */
public record SeatState(
    PeerId peer,
    String name,
    boolean owner,
    boolean muted,
    boolean video,
    LinkId link,
    String tokenHash,
    Instant lostAt) {

  /** A seat just taken: attached, microphone on, camera on. */
  public static SeatState taken(
      PeerId peer, String name, boolean owner, LinkId link, String tokenHash) {
    return new SeatState(peer, name, owner, false, true, link, tokenHash, null);
  }

  /** A seat without a socket since {@code lostAt}, as read back from the record. */
  public static SeatState lost(
      PeerId peer, String name, boolean owner, String tokenHash, Instant lostAt) {
    return new SeatState(peer, name, owner, false, true, null, tokenHash, lostAt);
  }

  public boolean connected() {
    return link != null;
  }
}
