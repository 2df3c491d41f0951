package org.tfx.sessions.app;

import jakarta.websocket.Extension;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The permessage-deflate extension the endpoint offers when {@code tfx.ws.deflate} is on. Tomcat
 * has its own, built in; Tyrus (Payara) has none unless the endpoint brings one, so the WAR bundles
 * Tyrus's and hands it over there. Loaded by name: on Tomcat its Tyrus base classes are missing.
 */
final class Deflate {
  private static final System.Logger LOG = System.getLogger(Deflate.class.getName());
  private static final String TYRUS_DEFLATE =
      "org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension";

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
      return List.of(); // the container brings its own (Tomcat)
    }
  }
}
