package org.tfx.sessions.it.support;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.catalina.startup.Tomcat;

/**
 * The built WAR in an embedded Tomcat in a JVM of its own, so a test can kill it for real ({@code
 * kill -9}) and start it again on the same database.
 */
public final class StandaloneServer implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private final int port;
  private Process process;

  public StandaloneServer(Path workDir, Map<String, String> properties) throws Exception {
    this.port = freePort();
    this.log = workDir.resolve("server.log");
    Files.createDirectories(workDir);
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(StandaloneServer::belongsToLauncher)
            .collect(Collectors.joining(File.pathSeparator));
    command = new ArrayList<>();
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
  }

  private static boolean belongsToLauncher(String entry) {
    String name = new File(entry).getName();
    return name.startsWith("tomcat-embed-")
        || name.startsWith("tomcat-annotations-api")
        || name.startsWith("ecj-")
        || entry.endsWith("test-classes");
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the JVM and waits until {@code /health} answers 200. */
  public void start() throws Exception {
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server died; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(base().resolve("/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server not healthy within 60 s; see " + log);
  }

  /** SIGKILL: no shutdown hooks, no context destruction, nothing flushed by the app. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM: the container stops the web app normally. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Entry point of the forked JVM: {@code <war> <port> <baseDir>}. */
  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(args[2]);
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(Integer.parseInt(args[1]));
    tomcat.getConnector().setProperty("address", "127.0.0.1");
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
