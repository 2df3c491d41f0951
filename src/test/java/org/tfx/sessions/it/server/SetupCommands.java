package org.tfx.sessions.it.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The container set-up commands that docs/developer/deployment.md gives an operator, as files under
 * {@code src/test/resources/server-setup/}: the IT launchers and {@code bench/run.sh} read these
 * same files, and {@code SetupCommandsTest} checks that the guide shows every line of them.
 */
final class SetupCommands {
  /** Payara Micro's preboot commands (asadmin, one per line). */
  static final String PAYARA_PREBOOT = "payara-preboot.asadmin";

  /** WildFly's jboss-cli commands, run on an embedded server before the first start. */
  static final String WILDFLY_CLI = "wildfly.cli";

  private SetupCommands() {}

  static String read(String name) {
    try (InputStream in = SetupCommands.class.getResourceAsStream("/server-setup/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no server-setup/" + name + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
