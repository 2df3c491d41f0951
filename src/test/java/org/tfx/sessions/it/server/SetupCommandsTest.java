package org.tfx.sessions.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deployment guide tells operators exactly what the ITs and the benchmark set up. */
class SetupCommandsTest {
  @ParameterizedTest
  @ValueSource(strings = {SetupCommands.PAYARA_PREBOOT, SetupCommands.WILDFLY_CLI})
  void theDeploymentGuideShowsEveryCommand(String file) throws Exception {
    String guide = Files.readString(Path.of("docs/developer/deployment.md"));
    List<String> commands = SetupCommands.read(file).lines().filter(l -> !l.isBlank()).toList();
    assertFalse(commands.isEmpty(), file);
    List<String> missing = commands.stream().filter(c -> !guide.contains(c + "\n")).toList();
    assertEquals(List.of(), missing, "lines of " + file + " not in deployment.md");
  }
}
