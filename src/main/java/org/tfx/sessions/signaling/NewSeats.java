package org.tfx.sessions.signaling;

import org.tfx.sessions.room.PeerId;
import org.tfx.sessions.room.Secrets;

/**
 * Ids and resume tokens for seats about to be asked for. The clear token stays with the socket that
 * will hand it out; the room only ever sees its hash.
 */
final class NewSeats {
  private static final int PEER_ID_LENGTH = 12;

  private final Secrets secrets;

  NewSeats(Secrets secrets) {
    this.secrets = secrets;
  }

  PeerId peerId() {
    return new PeerId(secrets.id(PEER_ID_LENGTH));
  }

  /** An opaque single-use resume token (144 random bits). */
  String resumeToken() {
    return secrets.secret();
  }
}
