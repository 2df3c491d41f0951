package org.tfx.sessions.it.server;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.tomcat.embedded.Tomcat10EmbeddedContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Puts the {@link ExternalServerContainer} in the embedded Tomcat's place when the build asks for
 * another server ({@code -Dit.server=tomcat|payara|running}, set by the it-tomcat and it-payara
 * profiles). The ITs stay as they are: same {@code @Deployment}, same {@code @ArquillianResource
 * URL}.
 */
public final class ExternalServerExtension implements LoadableExtension {
  @Override
  public void register(ExtensionBuilder builder) {
    String server = System.getProperty("it.server", "embedded");
    if (!server.isBlank() && !server.equals("embedded")) {
      builder.override(
          DeployableContainer.class,
          Tomcat10EmbeddedContainer.class,
          ExternalServerContainer.class);
    }
  }
}
