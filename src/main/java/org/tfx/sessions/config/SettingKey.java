package org.tfx.sessions.config;

/** The table of settings: property name, default and meaning. The environment name is derived. */
public enum SettingKey {
  DB_URL(
      "tfx.db.url",
      "jdbc:h2:file:./data/tfx-sessions",
      "JDBC URL of the database (H2 file or PostgreSQL)."),
  DB_USER("tfx.db.user", "sa", "Database user."),
  DB_PASSWORD("tfx.db.password", "", "Database password."),
  DB_TIMEOUT(
      "tfx.db.timeout",
      "3s",
      "How long a request waits for a database connection; after that a join answers"
          + " `unavailable` and REST `503 unavailable` instead of hanging."),
  HELLO_TIMEOUT(
      "tfx.ws.helloTimeout", "10s", "A socket must send `hello` within this time or is closed."),
  MAX_FRAME_BYTES(
      "tfx.ws.maxFrameBytes",
      "65536",
      "Largest accepted frame; larger ones close the socket with 1009 (on Payara: 1011 from"
          + " Tyrus, whose frame buffer `WEB-INF/web.xml` sizes to this plus 14 bytes; raise both)."),
  RATE_PER_SECOND("tfx.ws.ratePerSecond", "20", "Sustained messages per second a socket may send."),
  RATE_BURST(
      "tfx.ws.rateBurst", "100", "Messages a socket may send in a burst above the sustained rate."),
  MAX_CONNECTIONS_PER_ADDRESS(
      "tfx.ws.maxConnectionsPerAddress",
      "256",
      "Open signalling sockets allowed from one IP address."),
  OUTBOX_MAX_MESSAGES(
      "tfx.ws.outboxMaxMessages",
      "1024",
      "Frames queued for one slow socket before it is dropped."),
  OUTBOX_MAX_BYTES(
      "tfx.ws.outboxMaxBytes", "2097152", "Bytes queued for one slow socket before it is dropped."),
  IDLE_TIMEOUT(
      "tfx.ws.idleTimeout",
      "60s",
      "A socket that sends nothing (not even `ping`) for this long is closed."),
  DEFLATE(
      "tfx.ws.deflate",
      "false",
      "Whether `/signal` accepts the permessage-deflate extension browsers offer: it saves bytes"
          + " on SDP-heavy traffic and costs CPU and memory per socket (see the benchmark)."),
  DIRECT_SEND(
      "tfx.ws.directSend",
      "false",
      "Write a frame for a socket with nothing queued at once, on the thread that has it (a"
          + " blocking send bounded by 500 ms; a socket that cannot take it is dropped as a slow"
          + " consumer), instead of handing the write's completion to another thread."),
  TYRUS_IDLE_TASKS(
      "tfx.ws.tyrusIdleTasks",
      "false",
      "Tyrus (Payara) schedules an idle-timer task on the container's managed executor for every"
          + " frame in and out, even with its timeout off; `false` hands each signalling session an"
          + " executor that takes none (the app keeps the idle timeout itself), `true` leaves Tyrus"
          + " as it is. No effect on Tomcat."),
  MAX_SOCKETS(
      "tfx.ws.maxSockets",
      "20000",
      "Signalling sockets this node holds at most; beyond, new ones get HTTP 503 at once while"
          + " the REST API and `/health` stay reachable. Keep it below the container's connection"
          + " limit."),
  GRACE(
      "tfx.session.grace",
      "20s",
      "How long a dropped participant keeps its seat before peers get `peer-left`."),
  DEFAULT_CAPACITY(
      "tfx.room.defaultCapacity", "6", "Capacity of a new room unless its creator asks otherwise."),
  MAX_CAPACITY(
      "tfx.room.maxCapacity",
      "12",
      "Largest capacity an owner may set (a mesh call degrades beyond ~6)."),
  PUBLIC_URL(
      "tfx.publicUrl", "", "Base URL used in invite links; empty means the URL of the request."),
  ALLOWED_ORIGINS(
      "tfx.origins.allowed",
      "",
      "Comma-separated extra origins allowed to open the signalling socket and embed rooms."),
  EXTENSION_ID(
      "tfx.extension.id",
      "fppgfecofegoimljfpigcgaddhhebeda",
      "Id of the Chrome extension whose pages may connect."),
  STUN_URLS(
      "tfx.stun.urls",
      "",
      "Comma-separated STUN URLs handed to clients (empty: none; never a public one by default)."),
  TURN_URLS(
      "tfx.turn.urls",
      "",
      "Comma-separated TURN URLs (turn:, turns:) handed to clients with credentials."),
  TURN_SECRETS(
      "tfx.turn.secrets",
      "",
      "TURN REST shared secrets, current first; more than one during a rotation."),
  TURN_TTL("tfx.turn.ttl", "1h", "Lifetime of issued TURN credentials."),
  WIDGETS_DISABLED(
      "tfx.widgets.disabled", "", "Comma-separated ids of widgets the catalogue must not offer."),
  WIDGETS_THIRD_PARTY(
      "tfx.widgets.thirdParty",
      "",
      "Comma-separated third-party widgets, each an absolute folder path or an http(s) base URL;"
          + " they run sandboxed."),
  WIDGETS_FETCH_TIMEOUT(
      "tfx.widgets.fetchTimeout",
      "5s",
      "Time allowed at start to fetch the `widget.json` of a URL-registered third-party widget."),
  TRANSLATE_URL(
      "tfx.translate.url",
      "",
      "Base URL of a LibreTranslate-compatible service for `POST /api/translate`;"
          + " empty: no server-side translation."),
  TRANSLATE_API_KEY(
      "tfx.translate.apiKey", "", "API key sent to the translation service, if it needs one."),
  TRANSLATE_TIMEOUT(
      "tfx.translate.timeout", "5s", "Time allowed for one call to the translation service."),
  TRANSLATE_CACHE_SIZE(
      "tfx.translate.cacheSize",
      "2000",
      "Translations kept in memory; the least recently used go first."),
  TRANSLATE_RATE_PER_MINUTE(
      "tfx.translate.ratePerMinute",
      "120",
      "Calls to the translation service one room may cause per minute (cached answers are free)."),
  SHARE_LINK_PREVIEW(
      "tfx.share.linkPreview",
      "true",
      "Whether `GET /api/link-preview` fetches previews of links shared in rooms."),
  SHARE_ALLOW_PRIVATE_ADDRESSES(
      "tfx.share.allowPrivateAddresses",
      "false",
      "Let link previews fetch loopback, private and link-local addresses. For tests only: it"
          + " opens the server's network to anyone holding a room link."),
  SHARE_TIMEOUT(
      "tfx.share.timeout", "5s", "Time allowed to fetch one shared link for its preview."),
  SHARE_RATE_PER_MINUTE(
      "tfx.share.ratePerMinute",
      "30",
      "Link previews one room may fetch per minute (cached answers are free)."),
  SHARE_CACHE_TTL("tfx.share.cacheTtl", "10m", "How long a fetched link preview is reused."),
  SHARE_SOURCES(
      "tfx.share.sources",
      "https:",
      "CSP sources (comma- or space-separated, e.g. `https:` or `https://media.example`) from"
          + " which room pages may show shared images, media and frames; `none`: this server only."),
  SIP_PORT(
      "tfx.sip.port",
      "5060",
      "Port of the SIP listeners (UDP and TCP), opened at start; `0` or `off`: none (SIP over"
          + " WebSocket at `/sip` stays on). The console can turn them off, on, or move them."),
  SIP_BIND(
      "tfx.sip.bind", "0.0.0.0", "Address the SIP UDP and TCP listeners bind to (`0.0.0.0`: all)."),
  SIP_HOST(
      "tfx.sip.host",
      "",
      "Host this server names itself by in SIP `Via` and `Record-Route` headers; empty: its first"
          + " non-loopback IPv4 address, else 127.0.0.1."),
  SIP_DOMAIN(
      "tfx.sip.domain",
      "",
      "SIP domain of the accounts, and the digest realm; empty: any host name in a request is"
          + " taken to mean this server, and the realm is `tfx-sessions`."),
  SIP_MIN_EXPIRES(
      "tfx.sip.minExpires",
      "60",
      "Shortest registration accepted, in seconds (shorter ones get `423 Interval Too Brief`)."),
  SIP_MAX_EXPIRES(
      "tfx.sip.maxExpires",
      "3600",
      "Longest registration granted, in seconds (longer asks are cut)."),
  SIP_NONCE_TTL(
      "tfx.sip.nonceTtl", "5m", "How long a digest nonce may be used before it is stale."),
  SIP_LOCKOUT_ATTEMPTS(
      "tfx.sip.lockoutAttempts",
      "5",
      "Wrong passwords for one SIP user from one address before that address is refused (`403`)"
          + " for the user; four times as many for all users of one address."),
  SIP_LOCKOUT_DURATION("tfx.sip.lockoutDuration", "15m", "How long a SIP lockout lasts."),
  SIP_RATE_PER_SECOND(
      "tfx.sip.ratePerSecond",
      "50",
      "SIP messages per second one source address may send (UDP, TCP and WebSocket together);"
          + " more are dropped."),
  SIP_RATE_BURST(
      "tfx.sip.rateBurst", "200", "SIP messages one source address may send in a burst."),
  SIP_RING_TIMEOUT(
      "tfx.sip.ringTimeout",
      "60s",
      "How long a call may ring before the proxy cancels it (`480 Temporarily Unavailable`)."),
  SIP_KEEP_ALIVE(
      "tfx.sip.keepAlive",
      "30s",
      "Interval of WebSocket pings to `/sip` clients; a socket whose ping fails is closed."),
  SIP_MAX_MESSAGE_BYTES(
      "tfx.sip.maxMessageBytes",
      "65535",
      "Largest SIP message accepted on any transport; larger ones are dropped (UDP) or end the"
          + " connection."),
  CONSOLE_ADMIN_PASSWORD(
      "tfx.console.adminPassword",
      "",
      "Password of the operator console (`/console`); empty: one is generated at first start,"
          + " printed once in the log and stored hashed."),
  CONSOLE_SESSION_TIMEOUT(
      "tfx.console.sessionTimeout",
      "30m",
      "A console login that sees no request for this long must log in again."),
  CONSOLE_LOCKOUT_ATTEMPTS(
      "tfx.console.lockoutAttempts",
      "5",
      "Wrong console passwords from one address before it is locked out."),
  CONSOLE_LOCKOUT_DURATION(
      "tfx.console.lockoutDuration", "15m", "How long a console lockout lasts."),
  HTTP_BODY_TIMEOUT(
      "tfx.http.bodyTimeout",
      "10s",
      "Time a client has to send the whole body of an API request (`408 request-timeout` after);"
          + " bodies are read without holding a thread, so slow senders starve no one."),
  CLUSTER_REDIS_URL(
      "tfx.cluster.redisUrl",
      "",
      "Redis of the events bus between nodes (`redis://host:6379`); empty: a single node. Set,"
          + " the node joins a cluster of identical nodes and needs PostgreSQL in `tfx.db.url`."),
  CLUSTER_NODE_ID(
      "tfx.cluster.nodeId",
      "",
      "This node's name in the cluster (letters, digits, `-`, `_`, `.`); empty: a new random one"
          + " at each start."),
  CLUSTER_HEARTBEAT(
      "tfx.cluster.heartbeat",
      "1s",
      "How often a node says it is alive, sweeps lost seats past their grace and looks for dead"
          + " nodes."),
  CLUSTER_NODE_TTL(
      "tfx.cluster.nodeTtl",
      "5s",
      "A node silent this long is dead: one survivor makes its seats lost, and its clients resume"
          + " on any node.");

  private final String property;
  private final String defaultValue;
  private final String description;

  SettingKey(String property, String defaultValue, String description) {
    this.property = property;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String property() {
    return property;
  }

  public String environmentVariable() {
    return SettingsSource.environmentName(property);
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
