package org.tfx.sessions.it.support;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;

/**
 * The setup of an IT that talks to the deployed WAR as a client through its REST API: the
 * deployment, the server's {@link #base} URI and an {@link #api} client of it, made anew before
 * each test (a subclass's own {@code @BeforeEach} runs after this one's). Subclasses keep their
 * {@code @ExtendWith(ArquillianExtension.class)} and {@code @RunAsClient}.
 */
public abstract class ApiIntegrationTest {

  @Deployment(testable = false)
  public static WebArchive war() {
    return Deployments.war();
  }

  @ArquillianResource protected URL url;
  protected URI base;
  protected Api api;

  @BeforeEach
  protected void connectApi() throws Exception {
    base = url.toURI();
    api = new Api(base);
  }
}
