package org.tfx.sessions.it.server;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Where the ITs find their server (the {@code external} container in arquillian.xml). {@code
 * server} is {@code tomcat} (an unpacked Tomcat distribution in {@code home}), {@code payara} (the
 * Payara Micro jar in {@code home}) or {@code running} (a server someone else started, at {@code
 * baseUrl}).
 */
public final class ExternalServerConfiguration implements ContainerConfiguration {
  private String server = "";
  private String home = "";
  private String war = "";
  private String workDir = "target/it-server";
  private String baseUrl = "";
  private String javaOpts = "-Xmx512m";
  private int startupTimeoutSeconds = 180;

  @Override
  public void validate() throws ConfigurationException {
    switch (server) {
      case "tomcat", "payara", "wildfly" -> {
        if (home.isBlank() || war.isBlank()) {
          throw new ConfigurationException(server + " needs 'home' and 'war'");
        }
      }
      case "running" -> {
        if (baseUrl.isBlank()) {
          throw new ConfigurationException("a running server needs 'baseUrl'");
        }
      }
      default ->
          throw new ConfigurationException(
              "server must be tomcat, payara, wildfly or running, not '" + server + "'");
    }
  }

  public String getServer() {
    return server;
  }

  public void setServer(String server) {
    this.server = server.trim();
  }

  public String getHome() {
    return home;
  }

  public void setHome(String home) {
    this.home = home.trim();
  }

  public String getWar() {
    return war;
  }

  public void setWar(String war) {
    this.war = war.trim();
  }

  public String getWorkDir() {
    return workDir;
  }

  public void setWorkDir(String workDir) {
    this.workDir = workDir.trim();
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl.trim();
  }

  public String getJavaOpts() {
    return javaOpts;
  }

  public void setJavaOpts(String javaOpts) {
    this.javaOpts = javaOpts.trim();
  }

  public int getStartupTimeoutSeconds() {
    return startupTimeoutSeconds;
  }

  public void setStartupTimeoutSeconds(int startupTimeoutSeconds) {
    this.startupTimeoutSeconds = startupTimeoutSeconds;
  }
}
