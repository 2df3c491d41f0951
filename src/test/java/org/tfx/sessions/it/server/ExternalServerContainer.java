package org.tfx.sessions.it.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.tfx.sessions.it.support.ServerProcess;
import org.tfx.sessions.it.support.SignalClient;

/**
 * Runs the ITs against the built WAR in a server outside the test JVM: a standalone Tomcat, Payara
 * Micro or WildFly that this container starts once for the whole run (with the WAR deployed at
 * {@code /}) and stops at the end, or a server that is already running.
 *
 * <p>The WAR is deployed once, at start, exactly as it came out of the build; {@code deploy} only
 * tells Arquillian where it is. So test classes share one application (and its database), as they
 * would share a production server.
 *
 * <p>Every {@code tfx.*} system property of the test JVM (Failsafe's {@code
 * systemPropertyVariables}) is handed to the server, so it runs with the same settings as the
 * embedded Tomcat would.
 *
 * <p>Why not the published adapters (tried on 2026-12-07 with this WAR, in the same loopback-only
 * namespace, three test classes that each deploy it and GET /health):
 *
 * <ul>
 *   <li>{@code fish.payara.arquillian:arquillian-payara-micro-managed:3.1} runs the WAR unchanged,
 *       but starts a new Payara Micro JVM for every deployment, i.e. every test class: 15.7, 15.8
 *       and 17.8 s per class here. The payara stage has 12 IT classes, so about 190 s of start-ups
 *       instead of one (~15 s): the stage would go from ~131 s to ~310 s. It also has no hook to
 *       wait for a working {@code /signal} (see {@link #awaitSignalling}); the preboot command
 *       would go through its {@code extraMicroOptions}.
 *   <li>{@code org.jboss.arquillian.container:arquillian-tomcat-managed-10:1.2.4.Final} (1.2.0 is
 *       not on Maven Central) runs it too, once its {@code CATALINA_BASE} is prepared by hand: it
 *       does not set the connector port (the first try waited 120 s on its {@code bindHttpPort}
 *       while Tomcat listened on server.xml's 8080), and it deploys through the manager web app, so
 *       the base needs the manager app, a {@code manager-script} user in tomcat-users.xml, and it
 *       opens an unauthenticated JMX port (fixed, 8089). Then: 12.6 s for the first class (start
 *       and deploy), 7.1 and 7.2 s for each further one (undeploy and deploy again, Hibernate and
 *       Flyway start each time) — for the 12 classes of the tomcat stage about 90 s of deployments
 *       instead of one start (~5 s). Settings would be one fixed {@code javaVmArguments} string
 *       instead of the test JVM's {@code tfx.*} properties, and the server would not be the one
 *       deployment.md tells an operator to run (ROOT.war, bin/setenv.sh, no manager app).
 * </ul>
 *
 * <p>So this container stays: one server per run, set up as the operator's, with the same settings
 * as the embedded stage. What the adapters would save (the process start/stop in {@link
 * org.tfx.sessions.it.support.ServerProcess}) is small next to what they would add.
 */
public final class ExternalServerContainer
    implements DeployableContainer<ExternalServerConfiguration> {
  private ExternalServerConfiguration config;
  private URI base;
  private ServerProcess process;

  @Override
  public Class<ExternalServerConfiguration> getConfigurationClass() {
    return ExternalServerConfiguration.class;
  }

  @Override
  public void setup(ExternalServerConfiguration configuration) {
    this.config = configuration;
  }

  @Override
  public void start() throws LifecycleException {
    Duration timeout = Duration.ofSeconds(config.getStartupTimeoutSeconds());
    try {
      if (config.getServer().equals("running")) {
        base = URI.create(config.getBaseUrl());
        ServerProcess.awaitHealthy(base, timeout, () -> true, "the server at " + base);
        return;
      }
      int port = ServerProcess.freePort();
      base = URI.create("http://127.0.0.1:" + port);
      Path work = Path.of(config.getWorkDir()).toAbsolutePath();
      Files.createDirectories(work);
      Path war = Path.of(config.getWar()).toAbsolutePath();
      Path home = Path.of(config.getHome()).toAbsolutePath();
      process =
          Servers.process(
              config.getServer(), home, work, war, port, config.getJavaOpts(), appSettings());
      System.out.printf("starting %s on %s (log: %s)%n", config.getServer(), base, process.log());
      // For the tests that check what the server says about its container at start.
      System.setProperty("it.server.log", process.log().toString());
      long t0 = System.nanoTime();
      process.start(base, timeout);
      System.out.printf(
          "%s healthy after %d ms%n", config.getServer(), (System.nanoTime() - t0) / 1_000_000);
      awaitSignalling(base, timeout);
    } catch (IOException | RuntimeException e) {
      stopQuietly();
      throw new LifecycleException("cannot start " + config.getServer() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopQuietly();
      throw new LifecycleException("interrupted while starting " + config.getServer(), e);
    }
  }

  /**
   * Payara's first WebSocket upgrade after start sometimes dies inside the container (an NPE in its
   * upgrade handler, before the app sees it), so the first test's join never got a welcome. The
   * tests are about the app, so wait until a ping round-trips over {@code /signal}.
   */
  private static void awaitSignalling(URI base, Duration timeout) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      try (SignalClient probe = SignalClient.connect(base)) {
        probe.send("{\"type\":\"ping\"}");
        probe.next("pong", Duration.ofSeconds(3));
        System.out.printf(
            "signalling ready after %d ms (%d attempts)%n",
            (System.nanoTime() - t0) / 1_000_000, attempts);
        return;
      } catch (RuntimeException | AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no pong over /signal within " + timeout, e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The app's settings as the test JVM has them. */
  private static Map<String, String> appSettings() {
    Map<String, String> settings = new TreeMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("tfx.")) {
                settings.put(name, System.getProperty(name));
              }
            });
    return settings;
  }

  @Override
  public void stop() throws LifecycleException {
    try {
      if (process != null) {
        process.stop(Duration.ofSeconds(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LifecycleException("interrupted while stopping", e);
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (LifecycleException e) {
      // already failing; the start error is the one to report
    }
  }

  @Override
  public ProtocolDescription getDefaultProtocol() {
    return new ProtocolDescription("Servlet 5.0");
  }

  @Override
  public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
    if (!archive.getName().equals("ROOT.war")) {
      // Anything but Deployments.war() would be silently replaced by the built WAR.
      throw new DeploymentException(
          "external servers run the built WAR only (Deployments.war()), not " + archive.getName());
    }
    // One servlet at the root context, as the embedded adapter reports it: the injected URL is
    // then http://host:port/ with its trailing slash, which tests resolve relative paths against.
    HTTPContext context = new HTTPContext(base.getHost(), base.getPort());
    context.add(new Servlet("default", ""));
    return new ProtocolMetaData().addContext(context);
  }

  @Override
  public void undeploy(Archive<?> archive) {
    // The WAR stays deployed until the server stops.
  }
}
