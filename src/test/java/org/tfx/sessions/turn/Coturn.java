package org.tfx.sessions.turn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code turnserver} for integration tests, on loopback only, and in a network namespace of
 * its own whenever the machine allows it ({@code unshare -n}, as root): then neither coturn nor the
 * probing {@code turnutils_uclient} (joined with {@code nsenter}) can reach any interface but
 * {@code lo}, so a refused peer such as 10.0.0.1 can never receive a packet, even if the config
 * under test were wrong.
 *
 * <p>Outcomes are read from coturn's own {@code verbose} log, which names the user and the STUN
 * error code ({@code 401}, {@code 403 Forbidden IP}); turnutils_uclient prints no error code for a
 * refused allocation.
 */
final class Coturn implements AutoCloseable {

  /** Where the test traffic can go. */
  enum Isolation {
    /** Each coturn runs in a fresh namespace holding only {@code lo} (the safe default). */
    OWN_NAMESPACE,
    /** The whole JVM already runs where only {@code lo} exists (e.g. {@code unshare -n mvn …}). */
    ISOLATED_JVM,
    /** Neither: only loopback peers may be used as targets. */
    HOST;

    /** Whether a test may name a non-loopback peer, knowing no packet can leave the machine. */
    boolean allowsNonLoopbackTargets() {
      return this != HOST;
    }
  }

  static final String TURNSERVER = "turnserver";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern ADMIN_LOG = Pattern.compile("log file opened: (/var/log/turn_\\S+)");

  private final Process process;
  private final Isolation isolation;
  private final int port;
  private final StringBuffer log = new StringBuffer();
  private final Duration startup;

  private Coturn(List<String> command, Map<String, String> env, Isolation isolation, int port)
      throws IOException {
    requireInstalled(TURNSERVER);
    this.isolation = isolation;
    this.port = port;
    List<String> full = new ArrayList<>();
    if (isolation == Isolation.OWN_NAMESPACE) {
      // unshare, sh and (through start-coturn.sh) turnserver all exec: one pid, its namespace.
      full.addAll(List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$@\"", "sh"));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    process = pb.start();
    Thread reader = new Thread(this::pump, "coturn-log-" + port);
    reader.setDaemon(true);
    reader.start();
    if (!awaitLog("Total General servers", READY_TIMEOUT)) {
      close();
      fail("turnserver did not start within " + READY_TIMEOUT + ":\n" + log);
    }
    startup = Duration.ofNanos(System.nanoTime() - t0);
  }

  /**
   * coturn with a test-only config as in RECIPES: loopback listener and relay, {@code
   * allow-loopback-peers} so a full relay round trip works, secrets as given.
   */
  static Coturn withTestConfig(Path dir, List<String> secrets) throws IOException {
    int port = freePort();
    int minPort = relayRangeStart();
    StringBuilder conf = new StringBuilder();
    conf.append("listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\n")
        .append("listening-port=")
        .append(port)
        .append("\nmin-port=")
        .append(minPort)
        .append("\nmax-port=")
        .append(minPort + 39)
        .append("\nuse-auth-secret\nrealm=test.local\n")
        .append("allow-loopback-peers\n") // test config only: the shipped one denies loopback
        .append("no-cli\nno-tls\nno-dtls\nfingerprint\nno-multicast-peers\n")
        .append("log-file=stdout\nsimple-log\nverbose\n")
        .append("userdb=")
        .append(dir.resolve("turndb"))
        .append("\npidfile=")
        .append(dir.resolve("turnserver.pid"))
        .append('\n');
    for (String secret : secrets) {
      conf.append("static-auth-secret=").append(secret).append('\n');
    }
    Path file = dir.resolve("turnserver-test-" + port + ".conf");
    Files.writeString(file, conf);
    return new Coturn(List.of(TURNSERVER, "-c", file.toString()), Map.of(), isolation(), port);
  }

  /**
   * coturn exactly as shipped: {@code src/main/resources/coturn/start-coturn.sh} with its
   * turnserver.conf, only ports and listening/relay addresses set to loopback test values through
   * the script's environment. {@code env} adds TURN_SECRETS or TURN_USERDB.
   */
  static Coturn withProductionConfig(Path dir, Map<String, String> env) throws IOException {
    int port = freePort();
    int minPort = relayRangeStart();
    Map<String, String> all = new HashMap<>(env);
    all.put("TURN_REALM", "test.local");
    all.put("TURN_PORT", Integer.toString(port));
    all.put("TURN_MIN_PORT", Integer.toString(minPort));
    all.put("TURN_MAX_PORT", Integer.toString(minPort + 39));
    all.put("TURN_LISTEN_IPS", ipv6Loopback() ? "127.0.0.1,::1" : "127.0.0.1");
    all.put("TURN_RELAY_IPS", ipv6Loopback() ? "127.0.0.1,::1" : "127.0.0.1");
    all.put("TURN_RUN_DIR", dir.resolve("run").toString());
    all.put("TURN_PROC_USER", ""); // the test's temp files stay readable
    Path script = projectDir().resolve("src/main/resources/coturn/start-coturn.sh");
    List<String> command =
        List.of(
            "sh",
            script.toString(),
            "--verbose",
            "--userdb=" + env.getOrDefault("TURN_USERDB", dir.resolve("turndb").toString()),
            "--pidfile=" + dir.resolve("turnserver.pid"));
    return new Coturn(command, all, isolation(), port);
  }

  int port() {
    return port;
  }

  Duration startup() {
    return startup;
  }

  Isolation isolationUsed() {
    return isolation;
  }

  String log() {
    return log.toString();
  }

  /** One run of turnutils_uclient against this server, with the given TURN credentials. */
  record ClientRun(int exitCode, boolean timedOut, String output, Duration took) {}

  /**
   * Runs {@code turnutils_uclient -u USER -w PASSWORD}: the issued credential itself, as a browser
   * sends it (with {@code -W} the tool would sign usernames with the secret on its own).
   */
  ClientRun uclient(IceServer turn, Duration timeout, String... options) throws IOException {
    requireInstalled("turnutils_uclient");
    List<String> command = new ArrayList<>(inNamespace());
    command.add("turnutils_uclient");
    command.addAll(List.of(options));
    command.addAll(List.of("-p", Integer.toString(port), "-u", turn.username()));
    command.addAll(List.of("-w", turn.credential()));
    // The server address comes last; IPv6 runs pass -x and bind to ::1.
    command.add(List.of(options).contains("-x") ? "::1" : "127.0.0.1");
    return run(command, timeout);
  }

  /** What coturn answered to an allocation with some credentials. */
  enum Allocation {
    ALLOCATED,
    UNAUTHORIZED,
    NO_ANSWER
  }

  /**
   * Starts turnutils_uclient with {@code creds} and stops it as soon as coturn logged the outcome
   * of its allocation (the tool itself would idle for seconds before exiting).
   */
  Allocation allocate(IceServer creds) throws IOException {
    requireInstalled("turnutils_uclient");
    List<String> command = new ArrayList<>(inNamespace());
    command.addAll(List.of("turnutils_uclient", "-y", "-c", "-n", "1", "-m", "1"));
    command.addAll(List.of("-L", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of("-u", creds.username(), "-w", creds.credential(), "127.0.0.1"));
    Process client =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String user = "user <" + creds.username() + ">";
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : log().split("\n")) {
          if (line.contains(user) && line.contains("ALLOCATE processed, success")) {
            return Allocation.ALLOCATED;
          }
          if (line.contains(user) && line.contains("error 401: Unauthorized")) {
            return Allocation.UNAUTHORIZED;
          }
        }
        sleep(20);
      }
      return Allocation.NO_ANSWER;
    } finally {
      client.destroyForcibly();
    }
  }

  /** Runs turnadmin (no network) and removes the log file it insists on writing to /var/log. */
  static void turnadmin(String... args) throws IOException {
    requireInstalled("turnadmin");
    List<String> command = new ArrayList<>();
    command.add("turnadmin");
    command.addAll(List.of(args));
    ClientRun run = run(command, Duration.ofSeconds(10));
    assertTrue(run.exitCode() == 0, "turnadmin failed:\n" + run.output());
    Matcher m = ADMIN_LOG.matcher(run.output());
    while (m.find()) {
      Files.deleteIfExists(Path.of(m.group(1)));
    }
  }

  /** Waits until coturn logged a line containing every one of {@code parts}. */
  boolean awaitLog(Duration timeout, String... parts) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      for (String line : log().split("\n")) {
        if (containsAll(line, parts)) {
          return true;
        }
      }
      sleep(20);
    } while (System.nanoTime() < deadline && process.isAlive());
    return false;
  }

  private boolean awaitLog(String part, Duration timeout) {
    return awaitLog(timeout, part);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  // --- isolation ------------------------------------------------------------------------------

  /** Decided once per JVM: the machine does not change under the test. */
  static Isolation isolation() {
    return IsolationHolder.VALUE;
  }

  private static final class IsolationHolder {
    static final Isolation VALUE = detect();

    private static Isolation detect() {
      // -Dturn.it.isolation=HOST checks what a machine without namespaces runs and skips.
      String forced = System.getProperty("turn.it.isolation", "");
      if (!forced.isEmpty()) {
        return Isolation.valueOf(forced);
      }
      if (onlyLoopbackInterfaces()) {
        return Isolation.ISOLATED_JVM;
      }
      try {
        ClientRun probe =
            run(List.of("unshare", "-n", "sh", "-c", "ip link set lo up"), Duration.ofSeconds(5));
        if (probe.exitCode() == 0) {
          return Isolation.OWN_NAMESPACE;
        }
      } catch (IOException e) {
        // no unshare: fall through
      }
      return Isolation.HOST;
    }

    private static boolean onlyLoopbackInterfaces() {
      try {
        var interfaces = NetworkInterface.getNetworkInterfaces();
        while (interfaces.hasMoreElements()) {
          NetworkInterface ni = interfaces.nextElement();
          if (ni.isUp() && !ni.isLoopback()) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** Whether ::1 exists where coturn runs (always inside a fresh namespace). */
  static boolean ipv6Loopback() {
    if (isolation() == Isolation.OWN_NAMESPACE) {
      return true;
    }
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The network namespace coturn runs in, for {@code nsenter --net=…}. */
  String namespacePath() {
    return "/proc/" + process.pid() + "/ns/net";
  }

  private List<String> inNamespace() {
    return isolation == Isolation.OWN_NAMESPACE
        ? List.of("nsenter", "--net=" + namespacePath())
        : List.of();
  }

  // --- plumbing -------------------------------------------------------------------------------

  private static ClientRun run(List<String> command, Duration timeout) throws IOException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer out = new StringBuffer();
    Thread reader = new Thread(() -> copy(p, out), "uclient");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (!finished) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(2000);
      return new ClientRun(finished ? p.exitValue() : -1, !finished, out.toString(), took);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  private void pump() {
    copy(process, log);
  }

  private static void copy(Process p, StringBuffer sink) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sink.append(line).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean containsAll(String line, String... parts) {
    for (String part : parts) {
      if (!line.contains(part)) {
        return false;
      }
    }
    return true;
  }

  private static void requireInstalled(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return;
      }
    }
    fail(binary + " is not installed: apt-get install -y coturn (.ci/run does it)");
  }

  static Path projectDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException busyForUdp) {
          // try another
        }
      }
    }
    throw new IOException("no free TCP+UDP port on loopback");
  }

  /** 40 relay ports somewhere above the ephemeral range most systems use for tests. */
  private static int relayRangeStart() {
    return 20000 + 40 * ThreadLocalRandom.current().nextInt(250);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
