package org.tfx.sessions.turn;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.tfx.sessions.config.Settings;

/** Builds the ICE server list a client gets: STUN as configured, TURN with fresh credentials. */
public final class IceServerProvider {
  private final Settings.Turn turn;
  private final Clock clock;

  public IceServerProvider(Settings.Turn turn, Clock clock) {
    this.turn = turn;
    this.clock = clock;
  }

  /** ICE servers for one subject (a peer id or room id) that end up in the TURN username. */
  public List<IceServer> forSubject(String subject) {
    List<IceServer> servers = new ArrayList<>();
    if (!turn.stunUrls().isEmpty()) {
      servers.add(IceServer.stun(turn.stunUrls()));
    }
    if (turn.enabled()) {
      TurnCredentials c =
          TurnCredentials.issue(turn.secrets().get(0), clock.instant().plus(turn.ttl()), subject);
      servers.add(new IceServer(List.copyOf(turn.turnUrls()), c.username(), c.credential()));
    }
    return List.copyOf(servers);
  }
}
