package org.tfx.sessions.app;

import jakarta.websocket.Extension;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The permessage-deflate extension the endpoint declares when {@code tfx.ws.deflate} is on. Tyrus
 * (Payara) has no implementation unless the endpoint brings one, so the WAR bundles Tyrus's and
 * hands it over there (loaded by name: elsewhere its Tyrus base classes are missing). Every other
 * container gets the extension by name only: Tomcat builds its own from the name (and offers it
 * even when nothing is declared), Undertow (WildFly) negotiates only what the endpoint declares and
 * then uses its own, once its {@code per-message-deflate} websockets setting is on.
 */
final class Deflate {
  private static final System.Logger LOG = System.getLogger(Deflate.class.getName());
  private static final String TYRUS_DEFLATE =
      "org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension";
  private static final String NAME = "permessage-deflate";

  private Deflate() {}

  static List<Extension> extensions(boolean on) {
    if (!on) {
      return List.of();
    }
    try {
      Class<?> type = Class.forName(TYRUS_DEFLATE, true, Deflate.class.getClassLoader());
      LOG.log(Level.INFO, "permessage-deflate on /signal through Tyrus's extension");
      return List.of((Extension) type.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError notTyrus) {
      return List.of(new Named(NAME)); // the container brings its own, found by this name
    }
  }

  /** An extension by name, without parameters: what the container implements is its own. */
  record Named(String name) implements Extension {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public List<Parameter> getParameters() {
      return List.of();
    }
  }
}
