package org.tfx.sessions.it.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.tfx.sessions.it.support.ServerProcess;

/** The command that runs the built WAR in each kind of standalone server the ITs know. */
final class Servers {
  private Servers() {}

  static ServerProcess process(
      String kind,
      Path home,
      Path work,
      Path war,
      int port,
      String javaOpts,
      Map<String, String> settings)
      throws IOException, InterruptedException {
    return switch (kind) {
      case "tomcat" -> StandaloneTomcat.prepare(home, work, war, port, javaOpts, settings);
      case "payara" -> PayaraMicro.command(home, work, war, port, javaOpts, settings);
      case "wildfly" -> WildFly.command(home, work, war, port, javaOpts, settings);
      default -> throw new IllegalStateException("no standalone server of kind " + kind);
    };
  }
}
