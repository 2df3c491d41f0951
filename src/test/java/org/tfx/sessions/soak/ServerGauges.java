package org.tfx.sessions.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a long run must keep flat, read from outside the server JVM: heap in use right after a full
 * GC ({@code jcmd GC.run}, then {@code GC.heap_info}), live threads and open file descriptors
 * ({@code /proc}). Of the threads, those of Tomcat's connector ({@code http-nio-…}) are counted
 * apart: that pool grows on demand up to its configured size (200) whenever requests overlap, so in
 * a short run it can grow late without anything leaking.
 */
record ServerGauges(long seconds, long heapAfterGcKb, int threads, int poolThreads, int fds) {
  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /**
   * Pools that grow on demand up to a fixed size: Tomcat's connector (200), and the JVM's own
   * compiler and GC workers (the JVM adds them as load rises, up to one per core and a few).
   */
  private static final List<String> GROWING_POOLS =
      List.of("http-nio-", "C1 CompilerThre", "C2 CompilerThre", "GC Thread#", "G1 Conc#");

  static ServerGauges read(long pid, long seconds) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    long used = m.find() ? Long.parseLong(m.group(1)) : -1;
    int threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      }
    }
    int fds;
    try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      fds = (int) s.count();
    }
    return new ServerGauges(seconds, used, threads, poolThreads(pid), fds);
  }

  /** Threads whose name (the first 15 characters, as the kernel keeps it) is a growing pool's. */
  private static int poolThreads(long pid) throws IOException {
    int n = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm"));
          if (GROWING_POOLS.stream().anyMatch(name::startsWith)) {
            n++;
          }
        } catch (IOException ended) {
          // the thread ended between the listing and the read
        }
      }
    }
    return n;
  }

  /** Threads outside the growing pools: what must stay flat. */
  int ownThreads() {
    return threads - poolThreads;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }

  /** Least-squares slope of heap after GC over time, in KiB per hour. */
  static double heapSlopeKbPerHour(List<ServerGauges> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = samples.stream().mapToDouble(ServerGauges::seconds).average().orElse(0);
    double my = samples.stream().mapToDouble(ServerGauges::heapAfterGcKb).average().orElse(0);
    double num = 0;
    double den = 0;
    for (ServerGauges g : samples) {
      num += (g.seconds() - mx) * (g.heapAfterGcKb() - my);
      den += (g.seconds() - mx) * (g.seconds() - mx);
    }
    return den == 0 ? 0 : num / den * 3600;
  }
}
