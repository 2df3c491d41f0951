package org.tfx.sessions.turn;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tfx.sessions.config.SettingKey;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.config.SettingsException;

/**
 * Builds the ICE server list a client gets: STUN as configured, TURN with fresh credentials signed
 * with the first configured secret. The other secrets matter only to coturn, which must accept all
 * of them during a rotation (see docs/developer/deployment-coturn.md); the app never verifies.
 *
 * <p>Immutable and thread-safe; the composition root hands one instance to {@code GET
 * /api/ice-servers} and to signalling (for the {@code welcome}).
 */
public final class IceServerProvider {
  /** Shorter credentials would expire while ICE still runs or a relayed call reconnects. */
  static final Duration MIN_TTL = Duration.ofMinutes(1);

  private final List<String> stunUrls;
  private final List<String> turnUrls;
  private final List<String> secrets;
  private final Duration ttl;
  private final Clock clock;

  public IceServerProvider(Settings.Turn turn, Clock clock) {
    this.stunUrls = IceUrls.stun(turn.stunUrls());
    this.turnUrls = IceUrls.turn(turn.turnUrls());
    this.secrets = List.copyOf(turn.secrets());
    this.ttl = turn.ttl();
    this.clock = clock;
    if (ttl.compareTo(MIN_TTL) < 0) {
      throw new SettingsException(
          SettingKey.TURN_TTL.property() + " must be at least " + MIN_TTL.toSeconds() + "s");
    }
    if (!turnUrls.isEmpty() && secrets.isEmpty()) {
      throw new SettingsException(
          SettingKey.TURN_URLS.property()
              + " is set but "
              + SettingKey.TURN_SECRETS.property()
              + " ("
              + SettingKey.TURN_SECRETS.environmentVariable()
              + ") is empty: coturn would refuse every client");
    }
  }

  /** Whether clients get a TURN server (else only STUN, or nothing: direct connections only). */
  public boolean turnEnabled() {
    return !turnUrls.isEmpty();
  }

  /** How long issued credentials stay valid. */
  public Duration ttl() {
    return ttl;
  }

  /** ICE servers for one subject (a peer id or room id) that ends up in the TURN username. */
  public List<IceServer> forSubject(String subject) {
    List<IceServer> servers = new ArrayList<>(2);
    if (!stunUrls.isEmpty()) {
      servers.add(IceServer.stun(stunUrls));
    }
    if (turnEnabled()) {
      TurnCredentials c = TurnCredentials.issue(secrets.get(0), clock.instant().plus(ttl), subject);
      servers.add(new IceServer(turnUrls, c.username(), c.credential()));
    }
    return List.copyOf(servers);
  }
}
