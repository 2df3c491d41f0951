package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfx.sessions.config.Settings;

/**
 * The shipped coturn config, started by the shipped start-coturn.sh (only ports and addresses moved
 * to loopback): it allocates for our credentials but refuses to relay to loopback, private and
 * link-local peers, IPv4-mapped IPv6 included. Non-loopback peers only ever appear as the target of
 * a permission coturn refuses, and those tests run only where no packet can leave the machine (see
 * {@link Coturn.Isolation}).
 */
class CoturnProductionConfigIT {
  private static final String SECRET = "prod-it-secret";
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static IceServer issue(String secret, String subject) {
    Settings.Turn turn =
        new Settings.Turn(
            List.of(), List.of("turn:127.0.0.1:3478"), List.of(secret), Duration.ofHours(1));
    return new IceServerProvider(turn, Clock.systemUTC()).forSubject(subject).get(0);
  }

  private Coturn start() throws IOException {
    return Coturn.withProductionConfig(dir, Map.of("TURN_SECRETS", SECRET));
  }

  /** Asks for a channel to {@code peer} and expects coturn to answer 403 Forbidden IP. */
  private void assertPeerRefused(String peer, boolean ipv6) throws IOException {
    if (ipv6) {
      assumeTrue(Coturn.ipv6Loopback(), "no ::1 here");
    }
    try (Coturn coturn = start()) {
      IceServer creds = issue(SECRET, "deny-" + Math.abs(peer.hashCode()));
      Coturn.ClientRun run =
          ipv6
              ? coturn.uclient(
                  creds, CLIENT_TIMEOUT, "-x", "-c", "-n", "1", "-m", "1", "-e", peer, "-L", "::1")
              : coturn.uclient(
                  creds, CLIENT_TIMEOUT, "-c", "-n", "1", "-m", "1", "-e", peer, "-L", "127.0.0.1");
      assertEquals(255, run.exitCode(), run.output());
      assertTrue(run.output().contains("error 403 (Forbidden IP)"), run.output());
      String user = "user <" + creds.username() + ">";
      assertTrue(
          coturn.awaitLog(Duration.ofSeconds(2), user, "ALLOCATE processed, success"),
          coturn.log());
      assertTrue(
          coturn.awaitLog(Duration.ofSeconds(2), user, "CHANNEL_BIND processed, error 403"),
          coturn.log());
      assertFalse(coturn.log().contains("CHANNEL_BIND processed, success"), coturn.log());
    }
  }

  private static void assumeNoPacketCanLeave() {
    assumeTrue(
        Coturn.isolation().allowsNonLoopbackTargets(),
        "non-loopback peer targets are only used inside a network namespace holding only lo: "
            + "run as root (unshare -n) or inside `unshare -n` (.ci/run does so)");
  }

  @Test
  void refusesRelayTo127001() throws IOException {
    assertPeerRefused("127.0.0.1", false);
  }

  @Test
  void refusesRelayToIpv6Loopback() throws IOException {
    assertPeerRefused("::1", true);
  }

  @Test
  void refusesRelayToIpv4MappedLoopback() throws IOException {
    assertPeerRefused("::ffff:127.0.0.1", true);
  }

  @Test
  void refusesRelayToPrivateNetwork() throws IOException {
    assumeNoPacketCanLeave();
    assertPeerRefused("10.0.0.1", false);
  }

  @Test
  void refusesRelayToLinkLocal() throws IOException {
    assumeNoPacketCanLeave();
    assertPeerRefused("169.254.1.1", false);
  }

  /**
   * Guards against a deny list so broad that nothing works: coturn 4.6.1 treats any rule starting
   * at {@code ::} as matching every IPv4 address. A public peer must get its channel. The peer is
   * unreachable in the namespace, so the relayed datagrams die at the local stack.
   */
  @Test
  void grantsChannelToPublicPeer() throws IOException {
    assumeNoPacketCanLeave();
    try (Coturn coturn = start()) {
      IceServer creds = issue(SECRET, "public-peer");
      coturn.uclient(
          creds,
          Duration.ofSeconds(3),
          "-c",
          "-n",
          "1",
          "-m",
          "1",
          "-e",
          "203.0.114.1",
          "-L",
          "127.0.0.1");
      assertTrue(
          coturn.awaitLog(
              Duration.ofSeconds(2),
              "user <" + creds.username() + ">",
              "CHANNEL_BIND processed, success"),
          coturn.log());
    }
  }

  @Test
  void allocatesForIssuedCredentialsButRefusesWrongOnes() throws IOException {
    try (Coturn coturn = start()) {
      long t0 = System.nanoTime();
      assertAllocates(coturn, issue(SECRET, "room42"));
      long allocatedMs = (System.nanoTime() - t0) / 1_000_000;
      assertRefused(coturn, issue("guess", "room43"));
      System.out.printf(
          "[turn-it] production config: coturn ready in %d ms (%s), allocation in %d ms%n",
          coturn.startup().toMillis(), coturn.isolationUsed(), allocatedMs);
    }
  }

  /**
   * Rotation without restart: with TURN_USERDB, coturn reads the realm's secrets from the
   * turn_secret table at each authentication, so turnadmin adds and removes them live.
   */
  @Test
  void rotatesSecretsLiveThroughTheUserdb() throws IOException {
    String db = dir.resolve("turndb").toString();
    Coturn.turnadmin("-s", "old-secret", "-b", db, "-r", "test.local");
    try (Coturn coturn = Coturn.withProductionConfig(dir, Map.of("TURN_USERDB", db))) {
      IceServer old1 = issue("old-secret", "gen1");
      assertAllocates(coturn, old1);
      IceServer new1 = issue("new-secret", "gen2");
      assertRefused(coturn, new1);

      Coturn.turnadmin("-s", "new-secret", "-b", db, "-r", "test.local");
      assertAllocates(coturn, issue("old-secret", "gen1b"));
      assertAllocates(coturn, issue("new-secret", "gen2b"));

      Coturn.turnadmin("-X", "old-secret", "-b", db, "-r", "test.local");
      assertRefused(coturn, issue("old-secret", "gen1c"));
      assertAllocates(coturn, issue("new-secret", "gen2c"));
    }
  }

  private static void assertAllocates(Coturn coturn, IceServer creds) throws IOException {
    assertEquals(Coturn.Allocation.ALLOCATED, coturn.allocate(creds), coturn.log());
  }

  private static void assertRefused(Coturn coturn, IceServer creds) throws IOException {
    assertEquals(Coturn.Allocation.UNAUTHORIZED, coturn.allocate(creds), coturn.log());
  }
}
