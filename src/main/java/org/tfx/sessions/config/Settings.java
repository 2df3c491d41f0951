package org.tfx.sessions.config;

import java.time.Duration;
import java.util.List;

/**
 * Every setting of the server, read once at start from system properties ({@code tfx.*}) or
 * environment variables ({@code TFX_*}). Each key, default and meaning is listed in {@link
 * SettingKey} and in docs/developer/configuration.md.
 */
public record Settings(
    Database database,
    Signaling signaling,
    Rooms rooms,
    Origins origins,
    Turn turn,
    Widgets widgets,
    Translate translate,
    Share share,
    Sip sip,
    Console console,
    Http http,
    Cluster cluster) {

  /** JDBC connection of the JPA store. */
  public record Database(String url, String user, String password, Duration timeout) {
    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user + ", password=***, timeout=" + timeout + "]";
    }
  }

  /** Limits of the signalling WebSocket. */
  public record Signaling(
      Duration helloTimeout,
      int maxFrameBytes,
      double ratePerSecond,
      int rateBurst,
      int maxConnectionsPerAddress,
      int outboxMaxMessages,
      long outboxMaxBytes,
      Duration idleTimeout,
      boolean deflate,
      boolean directSend,
      boolean tyrusIdleTasks,
      int maxSockets) {}

  /** Room and session rules. */
  public record Rooms(Duration grace, int defaultCapacity, int maxCapacity, String publicUrl) {}

  /** Which browser origins may open the signalling socket or embed a room. */
  public record Origins(List<String> allowed, String extensionId) {

    /**
     * Whether a cross-origin page at {@code origin} is allowed (same origin is checked elsewhere).
     */
    public boolean allows(String origin) {
      return allowed.contains(origin) || origin.equals("chrome-extension://" + extensionId);
    }
  }

  /**
   * TURN REST credentials: {@code secrets} holds the current shared secret first, then any still
   * accepted during a rotation.
   */
  public record Turn(
      List<String> stunUrls, List<String> turnUrls, List<String> secrets, Duration ttl) {
    public boolean enabled() {
      return !turnUrls.isEmpty() && !secrets.isEmpty();
    }
  }

  /**
   * Widget catalogue rules. {@code thirdParty} holds absolute folder paths and http(s) base URLs.
   */
  public record Widgets(List<String> disabled, List<String> thirdParty, Duration fetchTimeout) {}

  /** The LibreTranslate-compatible service behind {@code POST /api/translate}. */
  public record Translate(
      String url, String apiKey, Duration timeout, int cacheSize, int ratePerMinute) {
    /** Whether a service is configured at all. */
    public boolean enabled() {
      return !url.isEmpty();
    }

    @Override
    public String toString() {
      return "Translate[url="
          + url
          + ", apiKey="
          + (apiKey.isEmpty() ? "" : "***")
          + ", timeout="
          + timeout
          + ", cacheSize="
          + cacheSize
          + ", ratePerMinute="
          + ratePerMinute
          + "]";
    }
  }

  /**
   * Sharing into rooms: link previews fetched by the server, and the CSP {@code sources} from which
   * room pages may show shared images, media and frames.
   */
  public record Share(
      boolean linkPreview,
      boolean allowPrivateAddresses,
      Duration timeout,
      int ratePerMinute,
      Duration cacheTtl,
      List<String> sources) {}

  /** HTTP request limits the containers do not enforce themselves. */
  public record Http(Duration bodyTimeout) {}

  /**
   * The SIP server: {@code port} 0 means no UDP/TCP listeners; an empty {@code host} or {@code
   * domain} means "work it out" (see {@link SettingKey}).
   */
  public record Sip(
      int port,
      String bind,
      String host,
      String domain,
      int minExpires,
      int maxExpires,
      Duration nonceTtl,
      int lockoutAttempts,
      Duration lockoutDuration,
      double ratePerSecond,
      int rateBurst,
      Duration ringTimeout,
      Duration keepAlive,
      int maxMessageBytes) {
    /** The digest realm: the domain, or a fixed name when none is set. */
    public String realm() {
      return domain.isEmpty() ? "tfx-sessions" : domain;
    }
  }

  /** The operator console. An empty {@code adminPassword} means "generated at first start". */
  public record Console(
      String adminPassword,
      Duration sessionTimeout,
      int lockoutAttempts,
      Duration lockoutDuration) {
    @Override
    public String toString() {
      return "Console[adminPassword="
          + (adminPassword.isEmpty() ? "" : "***")
          + ", sessionTimeout="
          + sessionTimeout
          + ", lockoutAttempts="
          + lockoutAttempts
          + ", lockoutDuration="
          + lockoutDuration
          + "]";
    }
  }

  /**
   * Several nodes: the Redis of the events bus ({@code redisUrl} empty: a single node), this node's
   * name (empty: random), its heartbeat and how long a silent node lives.
   */
  public record Cluster(String redisUrl, String nodeId, Duration heartbeat, Duration nodeTtl) {
    public boolean enabled() {
      return !redisUrl.isEmpty();
    }
  }

  public static Settings load(SettingsSource source) {
    SettingReader r = new SettingReader(source);
    Settings settings =
        new Settings(
            new Database(
                r.text(SettingKey.DB_URL),
                r.text(SettingKey.DB_USER),
                r.text(SettingKey.DB_PASSWORD),
                r.duration(SettingKey.DB_TIMEOUT)),
            new Signaling(
                r.duration(SettingKey.HELLO_TIMEOUT),
                r.integer(SettingKey.MAX_FRAME_BYTES, 1024, 1 << 24),
                r.decimal(SettingKey.RATE_PER_SECOND),
                r.integer(SettingKey.RATE_BURST, 1, 1_000_000),
                r.integer(SettingKey.MAX_CONNECTIONS_PER_ADDRESS, 1, 10_000_000),
                r.integer(SettingKey.OUTBOX_MAX_MESSAGES, 8, 1_000_000),
                r.integer(SettingKey.OUTBOX_MAX_BYTES, 65_536, Integer.MAX_VALUE),
                r.duration(SettingKey.IDLE_TIMEOUT),
                r.bool(SettingKey.DEFLATE),
                r.bool(SettingKey.DIRECT_SEND),
                r.bool(SettingKey.TYRUS_IDLE_TASKS),
                r.integer(SettingKey.MAX_SOCKETS, 1, 10_000_000)),
            new Rooms(
                r.duration(SettingKey.GRACE),
                r.integer(SettingKey.DEFAULT_CAPACITY, 2, 100),
                r.integer(SettingKey.MAX_CAPACITY, 2, 100),
                r.text(SettingKey.PUBLIC_URL)),
            new Origins(r.list(SettingKey.ALLOWED_ORIGINS), r.text(SettingKey.EXTENSION_ID)),
            new Turn(
                r.list(SettingKey.STUN_URLS),
                r.list(SettingKey.TURN_URLS),
                r.list(SettingKey.TURN_SECRETS),
                r.duration(SettingKey.TURN_TTL)),
            new Widgets(
                r.list(SettingKey.WIDGETS_DISABLED),
                r.list(SettingKey.WIDGETS_THIRD_PARTY),
                r.duration(SettingKey.WIDGETS_FETCH_TIMEOUT)),
            new Translate(
                r.httpUrl(SettingKey.TRANSLATE_URL),
                r.text(SettingKey.TRANSLATE_API_KEY),
                r.duration(SettingKey.TRANSLATE_TIMEOUT),
                r.integer(SettingKey.TRANSLATE_CACHE_SIZE, 0, 1_000_000),
                r.integer(SettingKey.TRANSLATE_RATE_PER_MINUTE, 1, 1_000_000)),
            new Share(
                r.bool(SettingKey.SHARE_LINK_PREVIEW),
                r.bool(SettingKey.SHARE_ALLOW_PRIVATE_ADDRESSES),
                r.duration(SettingKey.SHARE_TIMEOUT),
                r.integer(SettingKey.SHARE_RATE_PER_MINUTE, 1, 1_000_000),
                r.duration(SettingKey.SHARE_CACHE_TTL),
                r.cspSources(SettingKey.SHARE_SOURCES)),
            new Sip(
                sipPort(r.text(SettingKey.SIP_PORT)),
                r.text(SettingKey.SIP_BIND),
                r.text(SettingKey.SIP_HOST),
                r.text(SettingKey.SIP_DOMAIN),
                r.integer(SettingKey.SIP_MIN_EXPIRES, 1, 86_400),
                r.integer(SettingKey.SIP_MAX_EXPIRES, 1, 86_400),
                r.duration(SettingKey.SIP_NONCE_TTL),
                r.integer(SettingKey.SIP_LOCKOUT_ATTEMPTS, 1, 1_000),
                r.duration(SettingKey.SIP_LOCKOUT_DURATION),
                r.decimal(SettingKey.SIP_RATE_PER_SECOND),
                r.integer(SettingKey.SIP_RATE_BURST, 1, 1_000_000),
                r.duration(SettingKey.SIP_RING_TIMEOUT),
                r.duration(SettingKey.SIP_KEEP_ALIVE),
                r.integer(SettingKey.SIP_MAX_MESSAGE_BYTES, 1_024, 1 << 20)),
            new Console(
                r.text(SettingKey.CONSOLE_ADMIN_PASSWORD),
                r.duration(SettingKey.CONSOLE_SESSION_TIMEOUT),
                r.integer(SettingKey.CONSOLE_LOCKOUT_ATTEMPTS, 1, 1_000),
                r.duration(SettingKey.CONSOLE_LOCKOUT_DURATION)),
            new Http(r.duration(SettingKey.HTTP_BODY_TIMEOUT)),
            new Cluster(
                r.text(SettingKey.CLUSTER_REDIS_URL),
                r.text(SettingKey.CLUSTER_NODE_ID),
                r.duration(SettingKey.CLUSTER_HEARTBEAT),
                r.duration(SettingKey.CLUSTER_NODE_TTL)));
    if (settings.sip.minExpires > settings.sip.maxExpires) {
      throw new SettingsException(
          SettingKey.SIP_MIN_EXPIRES.property()
              + " must not exceed "
              + SettingKey.SIP_MAX_EXPIRES.property());
    }
    if (settings.rooms.defaultCapacity > settings.rooms.maxCapacity) {
      throw new SettingsException(
          SettingKey.DEFAULT_CAPACITY.property()
              + " must not exceed "
              + SettingKey.MAX_CAPACITY.property());
    }
    Cluster c = settings.cluster;
    if (c.enabled()) {
      if (!c.redisUrl().startsWith("redis://") && !c.redisUrl().startsWith("rediss://")) {
        throw SettingsException.invalid(
            SettingKey.CLUSTER_REDIS_URL, c.redisUrl(), "a redis:// or rediss:// URL");
      }
      if (!settings.database.url().startsWith("jdbc:postgresql:")) {
        throw new SettingsException(
            SettingKey.CLUSTER_REDIS_URL.property()
                + " makes this node one of several, which share their rooms in PostgreSQL: set "
                + SettingKey.DB_URL.property()
                + " to a jdbc:postgresql: URL (an H2 database is one node's own file)");
      }
    }
    if (!c.nodeId().isEmpty() && !c.nodeId().matches("[A-Za-z0-9._-]{1,64}")) {
      throw SettingsException.invalid(
          SettingKey.CLUSTER_NODE_ID, c.nodeId(), "1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (c.nodeTtl().compareTo(c.heartbeat().multipliedBy(2)) < 0) {
      throw new SettingsException(
          SettingKey.CLUSTER_NODE_TTL.property()
              + " must be at least twice "
              + SettingKey.CLUSTER_HEARTBEAT.property());
    }
    return settings;
  }

  /** {@code off} or a port number; 0 and {@code off} both mean no UDP/TCP listeners. */
  static int sipPort(String value) {
    String v = value.trim();
    if (v.equalsIgnoreCase("off")) {
      return 0;
    }
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException(
        SettingKey.SIP_PORT.property() + " must be a port (1-65535), 0 or off, not '" + v + "'");
  }
}
