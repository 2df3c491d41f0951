package org.tfx.sessions.signaling.protocol;

/**
 * A participant as others see it. {@code polite} is relative to the receiver of the frame: whether
 * the receiver plays the polite role towards this peer.
 */
public record PeerView(
    String peerId,
    String name,
    boolean owner,
    boolean muted,
    boolean video,
    boolean connected,
    boolean polite) {

  public String state() {
    return connected ? "connected" : "lost";
  }
}
