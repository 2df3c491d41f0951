package org.tfx.sessions.it.sip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's sipp against the server's UDP or TCP listener, with the scenarios of {@code
 * src/test/resources/sip/sipp} (placeholders in capitals filled in per run). Each run keeps its
 * message trace in {@code target/sipp/}.
 */
public final class Sipp {
  public static final Path EXECUTABLE = Path.of("/usr/bin/sipp");
  private static final Path DIR = Path.of("target", "sipp").toAbsolutePath();
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** {@code u} (UDP) or {@code t} (TCP). */
  public enum Mode {
    UDP("u1"),
    TCP("t1");

    final String flag;

    Mode(String flag) {
      this.flag = flag;
    }
  }

  /** A finished run: its exit code (0: the scenario passed) and its message trace. */
  public record Result(int exit, String trace) {
    public boolean passed() {
      return exit == 0;
    }
  }

  private Sipp() {}

  public static int serverPort() {
    return Integer.getInteger("tfx.sip.port", 15060);
  }

  /** Writes a scenario from the resources with its placeholders replaced. */
  public static Path scenario(String name, Map<String, String> values) throws IOException {
    String text;
    try (InputStream in = Sipp.class.getResourceAsStream("/sip/sipp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no scenario " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    Files.createDirectories(DIR);
    Path file = DIR.resolve(RUNS.incrementAndGet() + "-" + name);
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    return file;
  }

  /** The command line of one sipp run from {@code localPort} as {@code user} to {@code service}. */
  static List<String> command(
      Path scenario,
      Mode mode,
      int localPort,
      String service,
      String user,
      String password,
      Path trace) {
    List<String> c =
        new ArrayList<>(
            List.of(
                EXECUTABLE.toString(),
                "-sf",
                scenario.toString(),
                "-s",
                service,
                "-i",
                "127.0.0.1",
                "-p",
                String.valueOf(localPort),
                "-m",
                "1",
                "-t",
                mode.flag,
                "-nostdin",
                "-trace_msg",
                "-message_file",
                trace.toString(),
                "-trace_err",
                "-error_file",
                trace + ".err"));
    if (user != null) {
      c.addAll(List.of("-au", user, "-ap", password));
    }
    c.add("127.0.0.1:" + serverPort());
    return c;
  }

  /** Runs a scenario to its end (or kills it after {@code seconds}). */
  public static Result run(
      Path scenario,
      Mode mode,
      int localPort,
      String service,
      String user,
      String password,
      int seconds)
      throws IOException, InterruptedException {
    Path trace = DIR.resolve(scenario.getFileName() + ".trace");
    List<String> c = command(scenario, mode, localPort, service, user, password, trace);
    c.addAll(List.of("-timeout", seconds + "s", "-timeout_error"));
    Process p = start(c);
    boolean done = p.waitFor(seconds + 5L, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    return new Result(done ? p.exitValue() : -1, read(trace));
  }

  /** A registered answering phone: registers {@code user}, then answers calls until closed. */
  public static final class Phone implements AutoCloseable {
    private final Process process;
    private final Path trace;

    Phone(Process process, Path trace) {
      this.process = process;
      this.trace = trace;
    }

    public static Phone register(
        Mode mode, int localPort, String user, String password, String answerScenario)
        throws IOException {
      Path reg = scenario("register-and-wait.xml", Map.of("WAIT_MS", "60000"));
      Path answer = scenario(answerScenario, Map.of());
      Path trace = DIR.resolve(reg.getFileName() + ".trace");
      List<String> c = command(reg, mode, localPort, user, user, password, trace);
      c.addAll(c.size() - 1, List.of("-oocsf", answer.toString()));
      return new Phone(start(c), trace);
    }

    public String trace() throws IOException {
      return read(trace);
    }

    public boolean alive() {
      return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static Process start(List<String> command) throws IOException {
    Files.createDirectories(DIR);
    return new ProcessBuilder(command)
        .directory(DIR.toFile())
        .redirectErrorStream(true)
        .redirectOutput(DIR.resolve("sipp-output.log").toFile())
        .start();
  }

  private static String read(Path trace) throws IOException {
    String text = Files.exists(trace) ? Files.readString(trace, StandardCharsets.ISO_8859_1) : "";
    Path err = Path.of(trace + ".err");
    return Files.exists(err) ? text + "\n--- errors ---\n" + Files.readString(err) : text;
  }
}
