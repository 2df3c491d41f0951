package org.tfx.sessions.app;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.config.SettingsSource;
import org.tfx.sessions.manual.Manual;
import org.tfx.sessions.manual.ManualServlet;
import org.tfx.sessions.signaling.HandshakeFilter;
import org.tfx.sessions.signaling.SignalEndpoint;
import org.tfx.sessions.signaling.SignalEndpointFactory;
import org.tfx.sessions.turn.IceServerProvider;
import org.tfx.sessions.turn.RoomSecretCheck;
import org.tfx.sessions.web.HealthServlet;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RoomsServlet;
import org.tfx.sessions.web.SecurityHeadersFilter;
import org.tfx.sessions.web.WidgetsServlet;

/** Starts the application with the web app and registers its endpoints, servlets and filters. */
@WebListener
public final class Bootstrap implements ServletContextListener {
  /** ServletContext attribute holding the {@link Application}. */
  public static final String APPLICATION = Application.class.getName();

  private static final int TEXT_CHUNK_CHARS = 2048;
  private static final int BINARY_CHUNK_BYTES = 512;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Settings settings = Settings.load(SettingsSource.system());
    Application app = new Application(settings);
    context.setAttribute(APPLICATION, app);
    context.setAttribute(IceServerProvider.ATTRIBUTE, app.iceServers());
    context.setAttribute(
        RoomSecretCheck.ATTRIBUTE,
        (RoomSecretCheck)
            (roomId, secret) ->
                switch (app.rooms().check(roomId, secret)) {
                  case OK -> RoomSecretCheck.Result.OK;
                  case NOT_FOUND -> RoomSecretCheck.Result.NOT_FOUND;
                  case WRONG_SECRET -> RoomSecretCheck.Result.WRONG_SECRET;
                });

    app.widgets()
        .load(
            widgetFolders(context),
            f -> context.getResourceAsStream("/widgets/" + f + "/widget.json"),
            settings.widgets().disabled());

    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    FilterRegistration.Dynamic headers =
        context.addFilter("security-headers", new SecurityHeadersFilter());
    headers.setAsyncSupported(true);
    headers.addMappingForUrlPatterns(requests, false, "/*");
    FilterRegistration.Dynamic handshake =
        context.addFilter(
            "signal-handshake", new HandshakeFilter(settings.origins(), app.addresses()));
    handshake.setAsyncSupported(true);
    handshake.addMappingForUrlPatterns(requests, false, "/signal");

    JsonHttp json = new JsonHttp(app.jsonb());
    context
        .addServlet(
            "rooms",
            new RoomsServlet(
                app.rooms(), json, settings.rooms().publicUrl(), app.signaling()::seats))
        .addMapping("/api/rooms", "/api/rooms/*");
    context
        .addServlet("widgets", new WidgetsServlet(app.widgets(), json))
        .addMapping("/api/widgets");
    context.addServlet("health", new HealthServlet(app.database(), json)).addMapping("/health");
    context
        .addServlet("manual", new ManualServlet(Manual.fromWebApp(context::getResourceAsStream)))
        .addMapping("/manual/*");

    ServerContainer container =
        (ServerContainer) context.getAttribute(ServerContainer.class.getName());
    if (container == null) {
      throw new IllegalStateException("this container offers no WebSocket support");
    }
    // Frames are read in parts and limited by the endpoint itself, so every socket can keep a small
    // read buffer: most of the memory of an idle connection is these buffers.
    container.setDefaultMaxTextMessageBufferSize(TEXT_CHUNK_CHARS);
    container.setDefaultMaxBinaryMessageBufferSize(BINARY_CHUNK_BYTES);
    try {
      container.addEndpoint(
          ServerEndpointConfig.Builder.create(SignalEndpoint.class, "/signal")
              .configurator(SignalEndpointFactory.configurator(app))
              .build());
    } catch (DeploymentException e) {
      throw new IllegalStateException("cannot register /signal", e);
    }
  }

  private static Set<String> widgetFolders(ServletContext context) {
    Set<String> folders = new TreeSet<>();
    Set<String> paths = context.getResourcePaths("/widgets/");
    if (paths != null) {
      for (String p : paths) {
        if (p.endsWith("/")) {
          String name = p.substring("/widgets/".length(), p.length() - 1);
          folders.add(name);
        }
      }
    }
    return folders;
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    Object app = event.getServletContext().getAttribute(APPLICATION);
    if (app instanceof Application a) {
      a.close();
    }
  }
}
