package org.tfx.sessions.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's packages depend on each other without cycles, and only the composition root ({@code
 * app}) knows everything: nothing imports it. Read from the sources, so a new import that closes a
 * cycle fails here, in the unit stage.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/tfx/sessions");
  private static final Pattern REFERENCE =
      Pattern.compile("org\\.tfx\\.sessions\\.([a-z.]+)\\.[A-Z]");

  @Test
  void noPackageCyclesAndNothingImportsTheCompositionRoot() {
    Map<String, Set<String>> deps = dependencies();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
      if (e.getValue().contains("app")) {
        problems.add(e.getKey() + " uses app");
      }
      if (reachable(e.getKey(), deps).contains(e.getKey())) {
        problems.add(e.getKey() + " is on a cycle: " + e.getValue());
      }
    }
    assertEquals(List.of(), problems, "package dependencies " + deps);
  }

  private static Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg =
            SOURCES
                .relativize(file.getParent())
                .toString()
                .replace(file.getFileSystem().getSeparator(), ".");
        Set<String> used = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deps;
  }

  private static Set<String> reachable(String from, Map<String, Set<String>> deps) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(deps.getOrDefault(from, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(deps.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }
}
