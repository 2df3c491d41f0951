package org.tfx.sessions.config;

/** The table of settings: property name, default and meaning. The environment name is derived. */
public enum SettingKey {
  DB_URL(
      "tfx.db.url",
      "jdbc:h2:file:./data/tfx-sessions",
      "JDBC URL of the database (H2 file or PostgreSQL)."),
  DB_USER("tfx.db.user", "sa", "Database user."),
  DB_PASSWORD("tfx.db.password", "", "Database password."),
  HELLO_TIMEOUT(
      "tfx.ws.helloTimeout", "10s", "A socket must send `hello` within this time or is closed."),
  MAX_FRAME_BYTES(
      "tfx.ws.maxFrameBytes",
      "65536",
      "Largest accepted frame; larger ones close the socket with 1009."),
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
      "Comma-separated folders holding third-party widgets (run sandboxed).");

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
