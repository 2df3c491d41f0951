package org.tfx.sessions.it.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.tfx.sessions.it.support.ServerProcess;
import org.tfx.sessions.it.support.StandaloneServer;

/**
 * The built WAR once more, on the container of this stage ({@code it.server}: embedded Tomcat in a
 * JVM of its own, a standalone Tomcat, or Payara Micro), with the stage's settings and a test's own
 * on top: for settings that must differ from the shared deployment's (a small socket cap, say). It
 * gets a database of its own.
 */
public final class ExtraServer implements AutoCloseable {
  private final URI base;
  private final AutoCloseable stop;

  private ExtraServer(URI base, AutoCloseable stop) {
    this.base = base;
    this.stop = stop;
  }

  /** Whether this stage can start one (not when the tests run against an existing server). */
  public static boolean available() {
    return !System.getProperty("it.server", "embedded").equals("running");
  }

  public static ExtraServer start(String name, Map<String, String> overrides) throws Exception {
    String kind = System.getProperty("it.server", "embedded");
    Path work =
        Files.createDirectories(Path.of("target", "it-extra", kind + "-" + name)).toAbsolutePath();
    StandaloneTomcat.deleteTree(work.resolve("db"));
    Map<String, String> settings = new TreeMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(n -> settings.put(n, System.getProperty(n)));
    settings.keySet().removeIf(n -> !n.startsWith("tfx."));
    settings.put("tfx.db.url", "jdbc:h2:file:" + work.resolve("db/tfx"));
    settings.put("tfx.db.user", "sa");
    settings.put("tfx.db.password", "");
    settings.putAll(overrides);
    Duration timeout = Duration.ofSeconds(120);
    if (kind.equals("embedded")) {
      StandaloneServer server = new StandaloneServer(work.resolve("embedded"), settings);
      server.start(timeout);
      return new ExtraServer(server.base(), server);
    }
    int port = ServerProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    Path home = Path.of(System.getProperty("it.server.home")).toAbsolutePath();
    Path war = Path.of(System.getProperty("it.war")).toAbsolutePath();
    ServerProcess process =
        Servers.process(kind, home, work.resolve("server"), war, port, "-Xmx512m", settings);
    process.start(base, timeout);
    return new ExtraServer(base, () -> process.stop(Duration.ofSeconds(20)));
  }

  public URI base() {
    return base;
  }

  @Override
  public void close() throws Exception {
    stop.close();
  }
}
