package org.tfx.sessions.signaling;

import java.util.concurrent.ScheduledFuture;
import org.tfx.sessions.signaling.protocol.PeerView;

/**
 * One participant's place in a live room. {@code link} is null while the seat is lost. Mutated only
 * under the room's lock; read without it on the relay path (hence volatile).
 */
final class Seat {
  final String peerId;
  final boolean owner;
  volatile String name;
  volatile boolean muted;
  volatile boolean video = true;
  volatile PeerLink link;
  volatile String resumeTokenHash;
  ScheduledFuture<?> expiry;

  Seat(String peerId, String name, boolean owner, String resumeTokenHash) {
    this.peerId = peerId;
    this.name = name;
    this.owner = owner;
    this.resumeTokenHash = resumeTokenHash;
  }

  boolean connected() {
    return link != null;
  }

  /** How {@code receiver} sees this seat; the lower peer id plays the polite side. */
  PeerView viewFor(String receiver) {
    return new PeerView(
        peerId, name, owner, muted, video, connected(), receiver.compareTo(peerId) < 0);
  }
}
