package org.tfx.sessions.app;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RoomService;
import org.tfx.sessions.room.RoomStore;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.signaling.AddressLimiter;
import org.tfx.sessions.signaling.SignalingService;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.turn.IceServerProvider;
import org.tfx.sessions.widget.WidgetCatalog;

/**
 * The composition root: builds every service once, with plain constructor injection, and shuts them
 * down in reverse. No container-specific wiring, so the WAR behaves the same on Tomcat and Payara.
 */
public final class Application implements AutoCloseable {
  private final Settings settings;
  private final Database database;
  private final GroupCommit writes;
  private final Jsonb jsonb;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService closer;
  private final MessageCodec codec;
  private final RoomService rooms;
  private final SignalingService signaling;
  private final IceServerProvider iceServers;
  private final AddressLimiter addresses;
  private final WidgetCatalog widgets;

  public Application(Settings settings) {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    this.settings = settings;
    this.database = Database.open(settings.database());
    this.jsonb = JsonbBuilder.create();
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, daemon("tfx-timer"));
    timers.setRemoveOnCancelPolicy(true);
    this.scheduler = timers;
    // Closing a socket whose peer stopped reading can block for the container's send timeout:
    // never on a thread that serves other sockets.
    this.closer = Executors.newCachedThreadPool(daemon("tfx-close"));
    this.codec = new MessageCodec();
    this.writes = new GroupCommit(database);
    RoomStore store = new RoomStore(database, writes);
    Secrets secrets = new Secrets(random);
    Passwords passwords = new Passwords(random);
    this.rooms = new RoomService(store, secrets, passwords, settings.rooms(), clock);
    this.iceServers = new IceServerProvider(settings.turn(), clock);
    this.signaling =
        new SignalingService(
            store, secrets, passwords, codec, iceServers, scheduler, settings.rooms(), clock);
    this.addresses = new AddressLimiter(settings.signaling().maxConnectionsPerAddress());
    this.widgets = new WidgetCatalog(database, jsonb, clock);
    signaling.restore();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public Settings settings() {
    return settings;
  }

  public Database database() {
    return database;
  }

  public Jsonb jsonb() {
    return jsonb;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public ExecutorService closer() {
    return closer;
  }

  public MessageCodec codec() {
    return codec;
  }

  public RoomService rooms() {
    return rooms;
  }

  public SignalingService signaling() {
    return signaling;
  }

  public IceServerProvider iceServers() {
    return iceServers;
  }

  public AddressLimiter addresses() {
    return addresses;
  }

  public WidgetCatalog widgets() {
    return widgets;
  }

  @Override
  public void close() {
    signaling.stop();
    scheduler.shutdownNow();
    closer.shutdown();
    try {
      closer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writes.close();
    try {
      jsonb.close();
    } catch (Exception e) {
      // nothing held that outlives the JVM
    }
    database.close();
  }
}
