package org.tfx.sessions.it.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tfx.sessions.it.support.ServerProcess;

/**
 * A standalone Tomcat set up the way docs/developer/deployment.md tells an operator to: the WAR as
 * {@code webapps/ROOT.war}, settings in {@code bin/setenv.sh}, started with {@code catalina.sh
 * run}. The distribution stays untouched; everything of this run lives in its own {@code
 * CATALINA_BASE}.
 */
final class StandaloneTomcat {
  static final String ERROR_REPORT_VALVE =
      "<Valve className=\"org.apache.catalina.valves.ErrorReportValve\" showReport=\"false\""
          + " showServerInfo=\"false\"/>";

  private StandaloneTomcat() {}

  static ServerProcess prepare(
      Path home, Path base, Path war, int port, String javaOpts, Map<String, String> settings)
      throws IOException {
    if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
      throw new IllegalStateException("no Tomcat distribution in " + home);
    }
    deleteTree(base);
    for (String dir : List.of("bin", "conf", "logs", "temp", "webapps", "work")) {
      Files.createDirectories(base.resolve(dir));
    }
    try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
      for (Path file : conf.filter(Files::isRegularFile).toList()) {
        Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
      }
    }
    Path serverXml = base.resolve("conf/server.xml");
    String xml = Files.readString(serverXml);
    String connector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";
    if (!xml.contains(connector) || !xml.contains("<Server port=\"8005\"")) {
      throw new IllegalStateException("unexpected server.xml in " + home);
    }
    xml =
        xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
            .replace(
                connector,
                "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
    // As deployment.md says: errors Tomcat answers before any web app sees the request (a
    // malformed URI) come from the host's report valve; without these it names Tomcat's version.
    if (!xml.contains("</Host>")) {
      throw new IllegalStateException("no <Host> in " + serverXml);
    }
    xml = xml.replace("</Host>", ERROR_REPORT_VALVE + "\n      </Host>");
    Files.writeString(serverXml, xml);
    Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(base.resolve("bin/setenv.sh"), setenv(javaOpts, settings));

    List<String> command =
        new ArrayList<>(List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"));
    Map<String, String> env =
        Map.of(
            "CATALINA_HOME", home.toString(),
            "CATALINA_BASE", base.toString(),
            "CATALINA_PID", base.resolve("tomcat.pid").toString(),
            "JAVA_HOME", System.getProperty("java.home"));
    return new ServerProcess(command, env, base, base.resolve("logs/console.log"));
  }

  /**
   * catalina.sh runs its options through {@code eval}: a value with {@code ;} (H2 URLs) or spaces
   * must be quoted a second time, inside the variable.
   */
  static String setenv(String javaOpts, Map<String, String> settings) {
    StringBuilder s = new StringBuilder("# Written by the IT run: the app's settings.\n");
    s.append("CATALINA_OPTS=\"$CATALINA_OPTS ").append(javaOpts);
    settings.forEach((k, v) -> s.append(' ').append(shellQuote("-D" + k + "=" + v)));
    return s.append("\"\n").toString();
  }

  private static String shellQuote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
