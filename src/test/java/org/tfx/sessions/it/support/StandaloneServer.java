package org.tfx.sessions.it.support;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The built WAR in an embedded Tomcat in a JVM of its own, so a test can kill it for real ({@code
 * kill -9}) and start it again on the same database.
 */
public final class StandaloneServer implements AutoCloseable {
  private static final String CONNECTOR_PREFIX = "connector.";
  private final int port;
  private final ServerProcess process;

  public StandaloneServer(Path workDir, Map<String, String> properties) throws Exception {
    this.port = ServerProcess.freePort();
    Files.createDirectories(workDir);
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(StandaloneServer::belongsToLauncher)
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(
        List.of(
            "-cp",
            classpath,
            StandaloneServer.class.getName(),
            new File(System.getProperty("it.war", "target/tfx-sessions.war")).getAbsolutePath(),
            String.valueOf(port),
            workDir.resolve("tomcat").toString()));
    this.process = new ServerProcess(command, Map.of(), workDir, workDir.resolve("server.log"));
  }

  private static boolean belongsToLauncher(String entry) {
    String name = new File(entry).getName();
    return name.startsWith("tomcat-embed-")
        || name.startsWith("tomcat-annotations-api")
        || name.startsWith("ecj-")
        || entry.endsWith("test-classes");
  }

  /** The server JVM's process id. */
  public long pid() {
    return process.pid();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the JVM and waits until {@code /health} answers 200. */
  public void start() throws Exception {
    start(Duration.ofSeconds(60));
  }

  /** Starts the JVM and waits up to {@code timeout} until {@code /health} answers 200. */
  public void start(Duration timeout) throws Exception {
    process.start(base(), timeout);
  }

  /** SIGKILL: no shutdown hooks, no context destruction, nothing flushed by the app. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM: the container stops the web app normally. */
  public void stop() throws InterruptedException {
    process.stop(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    try {
      process.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Entry point of the forked JVM: {@code <war> <port> <baseDir>}. System properties named {@code
   * connector.<attribute>} set attributes of the HTTP connector, as {@code <Connector>} attributes
   * do in a standalone Tomcat's server.xml (the benchmark compares settings this way).
   */
  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(args[2]);
    tomcat.setHostname("127.0.0.1");
    Connector connector =
        new Connector(System.getProperty(CONNECTOR_PREFIX + "protocol", "HTTP/1.1"));
    connector.setPort(Integer.parseInt(args[1]));
    connector.setProperty("address", "127.0.0.1");
    for (String name : System.getProperties().stringPropertyNames()) {
      if (!name.startsWith(CONNECTOR_PREFIX) || name.equals(CONNECTOR_PREFIX + "protocol")) {
        continue;
      }
      String attribute = name.substring(CONNECTOR_PREFIX.length());
      if (!connector.setProperty(attribute, System.getProperty(name))) {
        throw new IllegalArgumentException("unknown connector attribute " + attribute);
      }
    }
    tomcat.setConnector(connector);
    tomcat.getHost().setAppBase(args[2]);
    tomcat.addWebapp("", args[0]);
    tomcat.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    tomcat.stop();
                    tomcat.destroy();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    tomcat.getServer().await();
  }
}
