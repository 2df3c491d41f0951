package org.tfx.sessions.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A server JVM started from a command line, with its output in a log file. It is ready when {@code
 * /health} answers 200: containers answer 404 or 500 while they deploy, so any other status means
 * "not yet".
 */
public final class ServerProcess {
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path directory;
  private final Path log;
  private Process process;

  public ServerProcess(
      List<String> command, Map<String, String> environment, Path directory, Path log) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.directory = directory;
    this.log = log;
  }

  public Path log() {
    return log;
  }

  /** The server JVM's process id (for jcmd and /proc), once started. */
  public long pid() {
    return process.pid();
  }

  /** Starts the process and waits until {@code base}/health answers 200. */
  public void start(URI base, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    process = builder.start();
    Process started = process;
    // A test JVM that ends without stopping us (Ctrl-C, a crashed fork) must not leave a server.
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    try {
      awaitHealthy(base, timeout, process::isAlive, "the server (log: " + log + ")");
    } catch (IllegalStateException e) {
      // 137 = SIGKILL from outside (OOM killer, a stray pkill), 143 = SIGTERM.
      String exit = process.isAlive() ? "still running" : "exit " + process.exitValue();
      throw new IllegalStateException(e.getMessage() + " (" + exit + ")", e);
    }
  }

  /**
   * Waits until {@code base}/health answers 200, giving up early when {@code alive} turns false.
   */
  public static void awaitHealthy(URI base, Duration timeout, BooleanSupplier alive, String what)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    HttpRequest health =
        HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(what + " exited before it was healthy");
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(what + " not healthy within " + timeout);
  }

  /** SIGTERM, so the container stops the web app normally; SIGKILL if it hangs. */
  public void stop(Duration patience) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    // The JVM's own children (none expected) go first, then the JVM itself.
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  /** SIGKILL: no shutdown hooks, no context destruction, nothing flushed by the app. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  /** A port nothing listens on right now, for a server about to start. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }
}
