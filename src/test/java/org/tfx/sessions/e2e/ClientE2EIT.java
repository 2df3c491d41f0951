package org.tfx.sessions.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.tfx.sessions.it.support.StandaloneServer;

/**
 * The client's browser tests (extension/e2e, Node + playwright-core driving headless Chromium)
 * against the real WAR: two and three peers with media, data channel, reload, signalling drop,
 * leave; the unpacked extension; the extension zip, the room page and CORS. The WAR runs in a JVM
 * of its own; the tests get its address in {@code TFX_SERVER_URL}.
 *
 * <p>Runs only where nothing but loopback exists (as in {@code .ci/run}), because browsers gather
 * candidates on every interface; screenshots for the manuals land in {@code target/screenshots/}.
 */
class ClientE2EIT {
  private static final Path EXTENSION = Path.of("extension").toAbsolutePath();

  /**
   * The server's settings for the browser tests, shared with {@code e2e/with-war.sh} and the tests
   * themselves (the embedding site, share sources, the tutorial's sample third-party widget, the
   * suite's TURN server): {@code extension/e2e/real-server.json}.
   */
  private static final Path SETTINGS = EXTENSION.resolve("e2e/real-server.json");

  /** Settings in {@link #SETTINGS} whose value is a path from the repository root. */
  private static final Set<String> PATHS = Set.of("tfx.widgets.thirdParty");

  /** Longest the whole browser suite may take. */
  private static final long SUITE_MINUTES = 25;

  @Test
  void browserSuitePassesAgainstTheWar() throws Exception {
    Path war = Path.of(System.getProperty("it.war", "target/tfx-sessions.war"));
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
    assumeTrue(
        Files.isDirectory(EXTENSION.resolve("node_modules/playwright-core")),
        "extension/node_modules missing: npm ci in extension/");
    assumeTrue(warHasClient(war), "the WAR has no web client (extension/dist/web not packaged)");
    assumeTrue(onlyLoopback(), "browser tests run only in a loopback-only network namespace");

    Path dir =
        Files.createTempDirectory(Files.createDirectories(Path.of("target", "client-e2e")), "run")
            .toAbsolutePath();
    Map<String, String> props = new HashMap<>(settings());
    props.put("tfx.db.url", "jdbc:h2:file:" + dir.resolve("db/tfx"));
    try (StandaloneServer server = new StandaloneServer(dir, props)) {
      server.start();
      Path log = dir.resolve("e2e.log");
      ProcessBuilder node =
          new ProcessBuilder(concat(List.of("node", "--test", "--test-concurrency=1"), suites()))
              .directory(EXTENSION.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      node.environment().put("TFX_SERVER_URL", server.base().toString());
      node.environment()
          .put("TFX_SCREENSHOTS", Path.of("target", "screenshots").toAbsolutePath().toString());
      Process p = node.start();
      boolean done = p.waitFor(SUITE_MINUTES, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(0, done ? p.exitValue() : -1, () -> failure(done, output, log));
    }
  }

  /** What a failed run reports: each failed browser test with its error, or the time-out. */
  private static String failure(boolean done, String tap, Path log) {
    String why = done ? TapFailures.summary(tap) : "timed out after " + SUITE_MINUTES + " min";
    return "browser suite failed (" + why + "); log: " + log;
  }

  /** {@link #SETTINGS}, repository paths made absolute. */
  private static Map<String, String> settings() throws IOException {
    Map<String, String> out = new HashMap<>();
    try (JsonReader r = Json.createReader(Files.newBufferedReader(SETTINGS))) {
      r.readObject()
          .forEach(
              (k, v) -> {
                String value = ((JsonString) v).getString();
                out.put(k, PATHS.contains(k) ? Path.of(value).toAbsolutePath().toString() : value);
              });
    }
    return out;
  }

  /** Every browser test file of the client: {@code extension/e2e/*.e2e.js}, in name order. */
  private static List<String> suites() throws IOException {
    try (var files = Files.list(EXTENSION.resolve("e2e"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".e2e.js"))
          .sorted()
          .map(n -> "e2e/" + n)
          .toList();
    }
  }

  private static boolean warHasClient(Path war) throws IOException {
    if (!Files.isRegularFile(war)) {
      return false;
    }
    try (ZipFile zip = new ZipFile(war.toFile())) {
      return zip.getEntry("app/index.html") != null
          && zip.getEntry("WEB-INF/extension/manifest.json") != null;
    }
  }

  private static boolean onlyLoopback() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
