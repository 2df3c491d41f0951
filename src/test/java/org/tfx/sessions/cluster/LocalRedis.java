package org.tfx.sessions.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.tfx.sessions.it.support.ServerProcess;

/**
 * A throw-away Redis (Debian's redis-server) on a loopback port, in memory only, as a child of the
 * test: killed for real and started again on the same port when a test wants Redis to restart.
 */
final class LocalRedis implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/bin/redis-server");

  private final Path dir;
  private final int port;
  private Process process;

  LocalRedis(Path dir) throws IOException {
    if (!Files.isExecutable(SERVER)) {
      throw new IllegalStateException(
          "redis-server is missing: apt-get install redis-server (.ci/run installs it)");
    }
    this.dir = Files.createDirectories(dir);
    this.port = ServerProcess.freePort();
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                List.of(
                    SERVER.toString(),
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port);
  }

  /** SIGKILL: Redis is gone with everything it held. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
