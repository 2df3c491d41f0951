package org.tfx.sessions.room;

/** Where a message between two participants goes, or why it cannot go. */
public sealed interface Route {
  Refused NOT_JOINED = new Refused(Refusal.NOT_JOINED, "join the room with hello first");
  Refused PEER_NOT_FOUND =
      new Refused(Refusal.PEER_NOT_FOUND, "nobody with that id is in the room");
  Refused PEER_UNAVAILABLE = new Refused(Refusal.PEER_UNAVAILABLE, "that peer is reconnecting");

  /** The peer's node cannot be reached now (the bus between nodes is down): try again later. */
  Refused PEER_UNREACHABLE =
      new Refused(Refusal.PEER_UNAVAILABLE, "that peer cannot be reached right now");

  /** Deliver to the socket {@code link}. */
  record To(LinkId link) implements Route {}

  record Refused(Refusal reason, String message) implements Route {}
}
