package org.tfx.sessions.it.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tfx.sessions.it.support.ServerProcess;

/**
 * WildFly (Undertow) with the WAR as {@code ROOT.war}, set up as docs/developer/deployment.md tells
 * an operator: its welcome page taken off {@code /}; {@code /console} left to the app (not
 * redirected to WildFly's management console); WebSocket frames answered on Undertow's I/O threads
 * ({@code dispatch-to-worker=false}); Undertow's permessage-deflate available, so that {@code
 * tfx.ws.deflate} decides as on the other containers; a request for {@code *} answered 400 before
 * it reaches the servlets (Undertow's servlet layer fails on it with a 500). Its own {@code
 * standalone} directory under the work directory, so the distribution stays untouched.
 */
final class WildFly {
  private WildFly() {}

  static ServerProcess command(
      Path home, Path work, Path war, int port, String javaOpts, Map<String, String> settings)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(home.resolve("jboss-modules.jar"))) {
      throw new IllegalStateException("no WildFly distribution at " + home);
    }
    StandaloneTomcat.deleteTree(work);
    Path base = work.resolve("standalone");
    copyTree(home.resolve("standalone"), base);
    configure(home, work, base);
    Files.copy(war, base.resolve("deployments").resolve("ROOT.war"));
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin").resolve("standalone.sh").toString());
    command.add("-Djboss.server.base.dir=" + base);
    command.add("-Djboss.http.port=" + port);
    command.add("-Djboss.management.http.port=" + ServerProcess.freePort());
    command.add("-Djboss.https.port=" + ServerProcess.freePort());
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    // In the background: the script then passes SIGTERM on to the JVM and waits for it.
    Map<String, String> env =
        Map.of(
            "JAVA_OPTS",
            javaOpts + " -Djava.net.preferIPv4Stack=true",
            "LAUNCH_JBOSS_IN_BACKGROUND",
            "1",
            "JAVA_HOME",
            System.getProperty("java.home"));
    return new ServerProcess(command, env, work, base.resolve("log").resolve("server.log"));
  }

  /**
   * Runs deployment.md's jboss-cli commands on the copied configuration with an embedded, offline
   * server.
   */
  private static void configure(Path home, Path work, Path base)
      throws IOException, InterruptedException {
    Path script = work.resolve("setup.cli");
    Files.writeString(
        script,
        "embed-server --server-config=standalone.xml --std-out=discard\n"
            + SetupCommands.read(SetupCommands.WILDFLY_CLI)
            + "stop-embedded-server\n");
    ProcessBuilder cli =
        new ProcessBuilder(
                home.resolve("bin").resolve("jboss-cli.sh").toString(), "--file=" + script)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("setup.log").toFile());
    cli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
    cli.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = cli.start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "jboss-cli could not configure WildFly: " + Files.readString(work.resolve("setup.log")));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
