package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tfx.sessions.config.Settings;

/**
 * Credentials from our issuer against a real coturn with a loopback-only test config: good ones
 * allocate and relay, wrong, expired and forged ones get 401, and a secret rotation keeps both
 * generations working while coturn lists both secrets.
 */
class TurnServerIT {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static IceServer issue(List<String> secrets, Clock clock, String subject) {
    Settings.Turn turn =
        new Settings.Turn(List.of(), List.of("turn:127.0.0.1:3478"), secrets, Duration.ofHours(1));
    return new IceServerProvider(turn, clock).forSubject(subject).get(0);
  }

  private static IceServer issue(List<String> secrets, String subject) {
    return issue(secrets, Clock.systemUTC(), subject);
  }

  /** Two relayed clients send 5 messages to each other through their allocations. */
  private static Coturn.ClientRun relay(Coturn coturn, IceServer creds) throws IOException {
    return coturn.uclient(
        creds, CLIENT_TIMEOUT, "-y", "-c", "-n", "5", "-m", "1", "-L", "127.0.0.1");
  }

  private static void assertAllocated(Coturn coturn, IceServer creds, Coturn.ClientRun run) {
    assertEquals(0, run.exitCode(), run.output() + "\n--- coturn:\n" + coturn.log());
    assertTrue(
        coturn.awaitLog(
            Duration.ofSeconds(2),
            "user <" + creds.username() + ">",
            "ALLOCATE processed, success"),
        coturn.log());
  }

  private static void assertRefusedWith401(Coturn coturn, IceServer creds, Coturn.ClientRun run) {
    assertEquals(255, run.exitCode(), run.output());
    assertTrue(run.output().contains("Cannot complete Allocation"), run.output());
    assertTrue(
        coturn.awaitLog(
            Duration.ofSeconds(2), "user <" + creds.username() + ">", "error 401: Unauthorized"),
        coturn.log());
    assertFalse(coturn.log().contains("username=<" + creds.username() + ">"), coturn.log());
  }

  @Test
  void issuedCredentialsAllocateAndRelay() throws IOException {
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("it-secret"))) {
      IceServer creds = issue(List.of("it-secret"), "room42");
      Coturn.ClientRun run = relay(coturn, creds);
      assertAllocated(coturn, creds, run);
      assertTrue(run.output().contains("Total lost packets 0"), run.output());
      System.out.printf(
          "[turn-it] coturn ready in %d ms (%s); allocate + relay 5 msgs in %d ms%n",
          coturn.startup().toMillis(), coturn.isolationUsed(), run.took().toMillis());
    }
  }

  @Test
  void credentialsSignedWithAnotherSecretGet401() throws IOException {
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("it-secret"))) {
      IceServer creds = issue(List.of("not-the-secret"), "room42");
      Coturn.ClientRun run = relay(coturn, creds);
      assertRefusedWith401(coturn, creds, run);
      System.out.printf("[turn-it] wrong secret refused in %d ms%n", run.took().toMillis());
    }
  }

  @Test
  void expiredCredentialsGet401() throws IOException {
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("it-secret"))) {
      // Issued two hours ago with a one-hour TTL: expired an hour ago, correctly signed.
      Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
      IceServer creds = issue(List.of("it-secret"), twoHoursAgo, "room42");
      assertRefusedWith401(coturn, creds, relay(coturn, creds));
    }
  }

  @Test
  void usernameWithPushedBackExpiryGets401() throws IOException {
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("it-secret"))) {
      IceServer real = issue(List.of("it-secret"), "room42");
      long later = Long.parseLong(real.username().split(":")[0]) + 86_400;
      IceServer forged = new IceServer(real.urls(), later + ":room42", real.credential());
      assertRefusedWith401(coturn, forged, relay(coturn, forged));
    }
  }

  @Test
  void usernameForAnotherSubjectGets401() throws IOException {
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("it-secret"))) {
      IceServer real = issue(List.of("it-secret"), "room42");
      String expiry = real.username().split(":")[0];
      IceServer forged = new IceServer(real.urls(), expiry + ":room43", real.credential());
      assertRefusedWith401(coturn, forged, relay(coturn, forged));
    }
  }

  /**
   * Rotation with static secrets (docs/developer/deployment-coturn.md): coturn restarted with
   * {@code new,old} accepts credentials of both generations; restarted with {@code new} only, the
   * old generation gets 401.
   */
  @Test
  void rotationWithTwoStaticSecretsThenOnlyTheNewOne() throws IOException {
    IceServer beforeRotation = issue(List.of("old-secret"), "room42");
    IceServer duringRotation = issue(List.of("new-secret", "old-secret"), "room43");
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("new-secret", "old-secret"))) {
      assertEquals(Coturn.Allocation.ALLOCATED, coturn.allocate(beforeRotation), coturn.log());
      assertEquals(Coturn.Allocation.ALLOCATED, coturn.allocate(duringRotation), coturn.log());
    }
    try (Coturn coturn = Coturn.withTestConfig(dir, List.of("new-secret"))) {
      assertEquals(Coturn.Allocation.UNAUTHORIZED, coturn.allocate(beforeRotation), coturn.log());
      assertEquals(Coturn.Allocation.ALLOCATED, coturn.allocate(duringRotation), coturn.log());
    }
  }
}
