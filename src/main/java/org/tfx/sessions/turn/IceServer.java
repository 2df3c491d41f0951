package org.tfx.sessions.turn;

import java.util.List;

/**
 * One entry of {@code RTCConfiguration.iceServers}. {@code username} and {@code credential} are
 * null for STUN.
 */
public record IceServer(List<String> urls, String username, String credential) {
  public static IceServer stun(List<String> urls) {
    return new IceServer(List.copyOf(urls), null, null);
  }
}
