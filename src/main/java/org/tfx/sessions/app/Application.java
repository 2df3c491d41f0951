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
import org.tfx.sessions.cluster.Cluster;
import org.tfx.sessions.config.Settings;
import org.tfx.sessions.outbound.AddressPolicy;
import org.tfx.sessions.outbound.HttpFetcher;
import org.tfx.sessions.persistence.Database;
import org.tfx.sessions.persistence.GroupCommit;
import org.tfx.sessions.room.CapacityRule;
import org.tfx.sessions.room.GraceTimers;
import org.tfx.sessions.room.LiveRooms;
import org.tfx.sessions.room.LocalRoomEvents;
import org.tfx.sessions.room.Passwords;
import org.tfx.sessions.room.RemoteLinks;
import org.tfx.sessions.room.RoomEvents;
import org.tfx.sessions.room.RoomRecord;
import org.tfx.sessions.room.RoomRules;
import org.tfx.sessions.room.RoomService;
import org.tfx.sessions.room.Secrets;
import org.tfx.sessions.room.store.JpaRoomRecord;
import org.tfx.sessions.room.store.SharedRoomRecord;
import org.tfx.sessions.share.LinkPreview;
import org.tfx.sessions.share.LinkPreviewService;
import org.tfx.sessions.signaling.AddressLimiter;
import org.tfx.sessions.signaling.IdleWatch;
import org.tfx.sessions.signaling.Signaling;
import org.tfx.sessions.signaling.SocketCount;
import org.tfx.sessions.signaling.protocol.MessageCodec;
import org.tfx.sessions.sip.SipServer;
import org.tfx.sessions.translate.LibreTranslateClient;
import org.tfx.sessions.translate.TranslationService;
import org.tfx.sessions.turn.IceServerProvider;
import org.tfx.sessions.web.BoundedCache;
import org.tfx.sessions.web.ContentSecurityPolicy;
import org.tfx.sessions.web.RoomRateLimiter;
import org.tfx.sessions.widget.ThirdPartyWidgets;
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
  private final IdleWatch idleWatch;
  private final MessageCodec codec;
  private final RoomService rooms;
  private final LiveRooms liveRooms;
  private final Signaling signaling;
  private final Cluster cluster;
  private final IceServerProvider iceServers;
  private final AddressLimiter addresses;
  private final SocketCount sockets;
  private final WidgetCatalog widgets;
  private final ThirdPartyWidgets thirdPartyWidgets;
  private final TranslationService translation;
  private final LinkPreviewService linkPreviews;
  private final ContentSecurityPolicy csp;
  private final SipServer sip;

  /** How many rooms the per-room rate limiters of the REST API remember. */
  private static final int RATE_LIMITED_ROOMS = 10_000;

  private static final int LINK_PREVIEWS_CACHED = 1_000;

  /** The name of the only node in link ids. */
  private static final String LONE_NODE = "local";

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
    this.idleWatch = new IdleWatch(settings.signaling().idleTimeout(), scheduler);
    this.codec = new MessageCodec();
    this.writes = new GroupCommit(database);
    Secrets secrets = new Secrets(random);
    Passwords passwords = new Passwords(random);
    Settings.Rooms roomSettings = settings.rooms();
    CapacityRule capacities =
        new CapacityRule(roomSettings.defaultCapacity(), roomSettings.maxCapacity());
    // Alone: the H2 (or PostgreSQL) record written through, events in this JVM. One of several:
    // PostgreSQL compared-and-set per decision, events and frames between nodes on Redis.
    Settings.Cluster clustering = settings.cluster();
    SharedRoomRecord shared = clustering.enabled() ? new SharedRoomRecord(database) : null;
    RoomRecord record = shared != null ? shared : new JpaRoomRecord(database, writes);
    String node = shared != null ? nodeName(clustering.nodeId(), secrets) : LONE_NODE;
    this.cluster = shared != null ? new Cluster(clustering, node) : null;
    RoomEvents events = cluster != null ? cluster.events() : new LocalRoomEvents();
    this.rooms = new RoomService(record, secrets, passwords, capacities, clock);
    this.iceServers = new IceServerProvider(settings.turn(), clock);
    this.liveRooms =
        new LiveRooms(
            record,
            new RoomRules(capacities, roomSettings.grace()),
            events,
            clock,
            node,
            cluster != null);
    GraceTimers grace = new GraceTimers(liveRooms, scheduler, roomSettings.grace(), clock);
    events.subscribe(grace);
    this.signaling =
        new Signaling(
            liveRooms,
            events,
            secrets,
            passwords,
            codec,
            iceServers,
            clock,
            node,
            cluster != null ? cluster.remoteLinks() : RemoteLinks.NONE);
    this.addresses = new AddressLimiter(settings.signaling().maxConnectionsPerAddress());
    this.sockets = new SocketCount(settings.signaling().maxSockets());
    this.widgets = new WidgetCatalog(database, clock);
    this.thirdPartyWidgets =
        new ThirdPartyWidgets(
            HttpFetcher.standard(AddressPolicy.any(), settings.widgets().fetchTimeout()));
    this.translation = translation(settings.translate());
    this.linkPreviews = linkPreviews(settings.share());
    this.csp = new ContentSecurityPolicy(settings.origins(), settings.share().sources());
    if (cluster != null) {
      cluster.start(liveRooms, shared, signaling::deliverLocal, roomSettings.grace(), clock);
    } else {
      liveRooms.restore(grace);
    }
    this.sip = new SipServer(settings.sip(), database, clock);
    sip.start();
  }

  /** A name new at each start, so that sockets of an earlier run are never taken for ours. */
  private static String nodeName(String configured, Secrets secrets) {
    return (configured.isEmpty() ? "node" : configured) + "-" + secrets.id(6);
  }

  /** Null when no translation service is configured. */
  private static TranslationService translation(Settings.Translate t) {
    if (!t.enabled()) {
      return null;
    }
    return new TranslationService(
        new LibreTranslateClient(
            HttpFetcher.standard(AddressPolicy.any(), t.timeout()), t.url(), t.apiKey()),
        t.cacheSize(),
        new RoomRateLimiter(t.ratePerMinute(), RATE_LIMITED_ROOMS, System::nanoTime),
        System::nanoTime);
  }

  /** Null when link previews are switched off. */
  private static LinkPreviewService linkPreviews(Settings.Share s) {
    if (!s.linkPreview()) {
      return null;
    }
    AddressPolicy policy =
        s.allowPrivateAddresses() ? AddressPolicy.any() : AddressPolicy.publicOnly();
    return new LinkPreviewService(
        HttpFetcher.standard(policy, s.timeout()),
        new BoundedCache<String, LinkPreview>(LINK_PREVIEWS_CACHED, s.cacheTtl(), System::nanoTime),
        new RoomRateLimiter(s.ratePerMinute(), RATE_LIMITED_ROOMS, System::nanoTime));
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

  public IdleWatch idleWatch() {
    return idleWatch;
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

  public LiveRooms liveRooms() {
    return liveRooms;
  }

  public Signaling signaling() {
    return signaling;
  }

  public IceServerProvider iceServers() {
    return iceServers;
  }

  public AddressLimiter addresses() {
    return addresses;
  }

  public SocketCount sockets() {
    return sockets;
  }

  public WidgetCatalog widgets() {
    return widgets;
  }

  public ThirdPartyWidgets thirdPartyWidgets() {
    return thirdPartyWidgets;
  }

  /** The translation service, or null when none is configured. */
  public TranslationService translation() {
    return translation;
  }

  /** Link previews, or null when switched off. */
  public LinkPreviewService linkPreviews() {
    return linkPreviews;
  }

  public ContentSecurityPolicy csp() {
    return csp;
  }

  public SipServer sip() {
    return sip;
  }

  @Override
  public void close() {
    sip.close();
    signaling.stop();
    idleWatch.close();
    if (cluster != null) {
      cluster.close();
    }
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
