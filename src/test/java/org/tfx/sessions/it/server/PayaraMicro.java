package org.tfx.sessions.it.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tfx.sessions.it.support.ServerProcess;

/**
 * Payara Micro with the WAR at {@code /}, as docs/developer/deployment.md runs it: settings as
 * {@code -D} options before {@code -jar}, and always {@code --nocluster} (no Hazelcast discovery on
 * the network).
 */
final class PayaraMicro {
  private PayaraMicro() {}

  static ServerProcess command(
      Path jar, Path work, Path war, int port, String javaOpts, Map<String, String> settings)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no Payara Micro jar at " + jar);
    }
    StandaloneTomcat.deleteTree(work);
    Files.createDirectories(work);
    Path preboot = work.resolve("preboot.asadmin");
    // -Dit.payara.preboot="cmd;cmd" adds asadmin commands, to try a listener setting.
    String extra = System.getProperty("it.payara.preboot", "").replace(";", "\n");
    // deployment.md's preboot commands: Grizzly adds X-Frame-Options: SAMEORIGIN to every response
    // without one, and refuses a body on DELETE (a method whose payload it calls undefined) with a
    // bare 400 and a dropped connection before the app can answer.
    String commands = SetupCommands.read(SetupCommands.PAYARA_PREBOOT);
    Files.writeString(preboot, commands + extra + "\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(javaOpts.split("\\s+")));
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--deploy",
            war.toString(),
            "--contextroot",
            "/",
            "--port",
            String.valueOf(port),
            "--nocluster",
            "--prebootcommandfile",
            preboot.toString(),
            "--rootdir",
            work.resolve("root").toString()));
    return new ServerProcess(command, Map.of(), work, work.resolve("payara.log"));
  }
}
