package org.tfx.sessions.manual;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (Maven {@code prepare-package}): {@code ManualBuild <docs dir> <output dir>}. Renders
 * every doc to check links, anchors and file names, and fails the build on any problem; then writes
 * the fixed file list the server may serve ({@code WEB-INF/manual/manifest.txt}), those files
 * ({@code WEB-INF/manual/docs/…}) and the search index, for the WAR plugin to pick up.
 */
public final class ManualBuild {
  private ManualBuild() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ManualBuild <docs dir> <output dir>");
    }
    Path docsDir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<String> problems = new ArrayList<>();
    DocSet docs = DocSet.fromDirectory(docsDir, problems);
    Manual manual = Manual.build(docs, null);
    problems.addAll(manual.problems());
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the manuals in " + docsDir + " have problems:\n  " + String.join("\n  ", problems));
    }

    deleteTree(out);
    Path target = out.resolve(Manual.WEB_INF.substring(1));
    for (String name : docs.names()) {
      Path file = target.resolve(Manual.DOCS).resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, docs.bytes(name));
    }
    Files.writeString(target.resolve(Manual.MANIFEST), docs.manifest(), StandardCharsets.UTF_8);
    Files.writeString(
        target.resolve(Manual.SEARCH_INDEX),
        SearchIndex.json(manual.pages()),
        StandardCharsets.UTF_8);
    System.out.printf(
        "manual: %d files (%d pages) listed in %s%n",
        docs.names().size(), manual.pages().size(), target.resolve(Manual.MANIFEST));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
