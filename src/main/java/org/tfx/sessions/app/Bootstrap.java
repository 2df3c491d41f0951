package org.tfx.sessions.app;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tfx.sessions.client.EmbedPageServlet;
import org.tfx.sessions.client.ExtensionCorsFilter;
import org.tfx.sessions.client.ExtensionZipServlet;
import org.tfx.sessions.client.RoomPageServlet;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.config.SettingsSource;
import org.tfx.sessions.console.ConsoleServlet;
import org.tfx.sessions.manual.Manual;
import org.tfx.sessions.manual.ManualServlet;
import org.tfx.sessions.room.RoomId;
import org.tfx.sessions.share.LinkPreviewServlet;
import org.tfx.sessions.signaling.HandshakeFilter;
import org.tfx.sessions.signaling.SignalEndpoint;
import org.tfx.sessions.signaling.SignalEndpointConfigurator;
import org.tfx.sessions.sip.SipConfigServlet;
import org.tfx.sessions.translate.TranslateServlet;
import org.tfx.sessions.turn.IceServersServlet;
import org.tfx.sessions.turn.RoomSecretCheck;
import org.tfx.sessions.web.ApiFaultFilter;
import org.tfx.sessions.web.BodyDeadlineFilter;
import org.tfx.sessions.web.ClientConfigServlet;
import org.tfx.sessions.web.ErrorPageServlet;
import org.tfx.sessions.web.HealthServlet;
import org.tfx.sessions.web.JsonHttp;
import org.tfx.sessions.web.RoomAccess;
import org.tfx.sessions.web.RoomsServlet;
import org.tfx.sessions.web.SecurityHeadersFilter;
import org.tfx.sessions.web.WarFiles;
import org.tfx.sessions.widget.BridgeCorsFilter;
import org.tfx.sessions.widget.BuiltInWidgets;
import org.tfx.sessions.widget.WidgetFilesServlet;
import org.tfx.sessions.widget.WidgetFrameServlet;
import org.tfx.sessions.widget.WidgetsServlet;

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

    app.widgets()
        .load(
            BuiltInWidgets.read(
                widgetFolders(context),
                f -> context.getResourceAsStream("/widgets/" + f + "/widget.json")),
            app.thirdPartyWidgets().load(settings.widgets().thirdParty()),
            settings.widgets().disabled());

    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    FilterRegistration.Dynamic headers =
        context.addFilter("security-headers", new SecurityHeadersFilter(app.csp()));
    headers.setAsyncSupported(true);
    // Error dispatches too: the container's own errors (a malformed URI) never pass a REQUEST.
    headers.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
    FilterRegistration.Dynamic handshake =
        context.addFilter(
            "signal-handshake",
            new HandshakeFilter(settings.origins(), app.addresses(), app.sockets()));
    handshake.setAsyncSupported(true);
    handshake.addMappingForUrlPatterns(requests, false, "/signal", "/sip");

    FilterRegistration.Dynamic bridge =
        context.addFilter("widget-bridge-cors", new BridgeCorsFilter());
    bridge.setAsyncSupported(true);
    bridge.addMappingForUrlPatterns(requests, false, BridgeCorsFilter.PATTERNS);
    FilterRegistration.Dynamic extensionCors =
        context.addFilter(
            "extension-cors", new ExtensionCorsFilter(settings.origins().extensionId()));
    extensionCors.setAsyncSupported(true);
    extensionCors.addMappingForUrlPatterns(requests, false, ExtensionCorsFilter.PATTERN);

    JsonHttp json = new JsonHttp(app.jsonb());
    EnumSet<DispatcherType> requestsAndBodies =
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
    FilterRegistration.Dynamic faults = context.addFilter("api-faults", new ApiFaultFilter(json));
    faults.setAsyncSupported(true);
    // After the filters above on every container: Payara puts each new "before" mapping first,
    // which put these ahead of the security headers there.
    faults.addMappingForUrlPatterns(requestsAndBodies, true, "/api/*", "/health");
    FilterRegistration.Dynamic bodies =
        context.addFilter(
            "api-bodies", new BodyDeadlineFilter(json, settings.http().bodyTimeout()));
    bodies.setAsyncSupported(true);
    bodies.addMappingForUrlPatterns(requestsAndBodies, true, "/api/*");
    context.addServlet("error", new ErrorPageServlet(json)).addMapping(ErrorPageServlet.PATH);
    RoomAccess roomAccess = new RoomAccess(app.rooms(), json);
    WarFiles war = new WarFiles(context);
    context
        .addServlet(
            "rooms",
            new RoomsServlet(
                app.rooms(),
                json,
                settings.rooms().publicUrl(),
                id -> app.liveRooms().seats(new RoomId(id))))
        .addMapping("/api/rooms", "/api/rooms/*");
    context
        .addServlet(
            "ice-servers",
            new IceServersServlet(
                (roomId, secret) ->
                    switch (app.rooms().check(roomId, secret)) {
                      case OK -> RoomSecretCheck.Result.OK;
                      case NOT_FOUND -> RoomSecretCheck.Result.NOT_FOUND;
                      case WRONG_SECRET -> RoomSecretCheck.Result.WRONG_SECRET;
                    },
                app.iceServers(),
                json))
        .addMapping("/api/ice-servers");
    context.addServlet("room-page", new RoomPageServlet()).addMapping(RoomPageServlet.PATTERN);
    context
        .addServlet("extension-zip", new ExtensionZipServlet(settings.rooms().publicUrl()))
        .addMapping(ExtensionZipServlet.PATH);
    context
        .addServlet("widgets", new WidgetsServlet(app.widgets(), json))
        .addMapping("/api/widgets");
    context
        .addServlet("widget-files", new WidgetFilesServlet(app.widgets(), war, json))
        .addMapping("/widgets/*");
    context
        .addServlet("widget-frame", new WidgetFrameServlet(app.widgets(), app.csp(), json))
        .addMapping("/widget-frame/*");
    context
        .addServlet("translate", new TranslateServlet(app.translation(), roomAccess, json))
        .addMapping("/api/translate", "/api/translate/*");
    context
        .addServlet(
            "link-preview",
            new LinkPreviewServlet(
                app.linkPreviews(), roomAccess, json, settings.rooms().publicUrl()))
        .addMapping("/api/link-preview");
    context
        .addServlet(
            "client-config",
            new ClientConfigServlet(
                ClientConfigServlet.ClientConfig.of(settings, app.csp().embedOrigins()), json))
        .addMapping("/api/client-config");
    context.addServlet("embed-page", new EmbedPageServlet(war, json)).addMapping("/embed/*");
    context.addServlet("health", new HealthServlet(app.database(), json)).addMapping("/health");
    context
        .addServlet(
            "console", ConsoleServlet.create(app.sip(), app.database(), settings, app.jsonb()))
        .addMapping("/console", "/console/*");
    context.addServlet("sip", new SipConfigServlet(app.sip(), app.jsonb())).addMapping("/api/sip");
    context
        .addServlet("manual", new ManualServlet(Manual.fromWebApp(context::getResourceAsStream)))
        .addMapping("/manual/*");

    // API bodies are read without holding a thread (BodyDeadlineFilter), so these may go async.
    for (String name :
        List.of("rooms", "ice-servers", "widgets", "translate", "link-preview", "client-config")) {
      ((ServletRegistration.Dynamic) context.getServletRegistration(name)).setAsyncSupported(true);
    }

    ServerContainer container =
        (ServerContainer) context.getAttribute(ServerContainer.class.getName());
    if (container == null) {
      throw new IllegalStateException("this container offers no WebSocket support");
    }
    // Frames are read in parts and limited by the endpoint itself, so every socket can keep a small
    // read buffer: most of the memory of an idle connection is these buffers.
    container.setDefaultMaxTextMessageBufferSize(TEXT_CHUNK_CHARS);
    container.setDefaultMaxBinaryMessageBufferSize(BINARY_CHUNK_BYTES);
    TyrusFrameBuffer.check(
        context,
        container,
        Math.max(settings.signaling().maxFrameBytes(), settings.sip().maxMessageBytes()));
    try {
      container.addEndpoint(
          ServerEndpointConfig.Builder.create(SignalEndpoint.class, "/signal")
              .configurator(
                  new SignalEndpointConfigurator(
                      () ->
                          new SignalEndpoint(
                              app.signaling(),
                              settings.signaling(),
                              app.addresses(),
                              app.sockets(),
                              app.scheduler(),
                              app.closer(),
                              app.idleWatch()),
                      settings.signaling().deflate()))
              .extensions(Deflate.extensions(settings.signaling().deflate()))
              .build());
      container.addEndpoint(app.sip().webSocketEndpoint(HandshakeFilter.ADDRESS_HEADER));
    } catch (DeploymentException e) {
      throw new IllegalStateException("cannot register /signal or /sip", e);
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
