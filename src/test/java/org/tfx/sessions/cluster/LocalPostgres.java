package org.tfx.sessions.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tfx.sessions.it.support.ServerProcess;

/**
 * A throw-away PostgreSQL cluster (Debian's server binaries) on a loopback port, with one database
 * {@code tfx} owned by {@code tfx}, as {@code .ci/with-postgres} makes one. Needs root, to act as
 * the postgres user (initdb refuses root).
 */
final class LocalPostgres implements AutoCloseable {
  static final String USER = "tfx";
  static final String PASSWORD = "tfx-it";

  private final Path dir;
  private final Path bin;
  private final int port;

  LocalPostgres(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    this.bin = serverBinaries();
    this.port = ServerProcess.freePort();
  }

  private static Path serverBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no PostgreSQL server under /usr/lib/postgresql:"
                          + " apt-get install postgresql (.ci/run installs it)"));
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/tfx";
  }

  void start() throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run("chown", "postgres:", dir.toString());
    Path data = dir.resolve("data");
    asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--no-sync");
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("postgres.log").toString(),
        "-w",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
    asPostgres(
        bin.resolve("psql").toString(),
        "-q",
        "-h",
        dir.toString(),
        "-p",
        String.valueOf(port),
        "-U",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        "postgres",
        "-c",
        "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'",
        "-c",
        "CREATE DATABASE tfx OWNER " + USER + " ENCODING 'UTF8'");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (Files.isDirectory(dir.resolve("data"))) {
      asPostgres(
          bin.resolve("pg_ctl").toString(),
          "-D",
          dir.resolve("data").toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    }
  }

  private void asPostgres(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    all.addAll(List.of(command));
    run(all.toArray(String[]::new));
  }

  private void run(String... command) throws IOException, InterruptedException {
    Path log = dir.resolve("setup.log");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed; see " + log + ":\n" + Files.readString(log));
    }
  }
}
