package org.tfx.sessions.console;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tfx.sessions.persistence.Database;

/**
 * The meeting side for the console, read from the record (tables {@code room} and {@code
 * participant_session}), not from the signalling internals: rooms with seats that are connected or
 * lost, and for lost ones how much of the grace period is left. Read-only.
 */
public final class MeetingRecord {
  /** One seat. {@code graceLeftSeconds} is null for connected seats. */
  public record Seat(
      String name,
      String state,
      boolean owner,
      Instant joinedAt,
      Instant lostAt,
      Long graceLeftSeconds) {}

  /** A room with its current and lost seats. */
  public record LiveRoom(String id, String name, List<Seat> seats) {}

  private static final int MAX_ROWS = 2_000;

  private final Database database;
  private final Duration grace;

  public MeetingRecord(Database database, Duration grace) {
    this.database = database;
    this.grace = grace;
  }

  public List<LiveRoom> liveRooms(Instant now) {
    List<?> rows =
        database.inTransaction(
            em ->
                em.createNativeQuery(
                        "SELECT r.id, r.name, p.display_name, p.state, p.owner, p.joined_at,"
                            + " p.lost_at FROM participant_session p JOIN room r ON r.id ="
                            + " p.room_id WHERE p.state IN ('CONNECTED', 'LOST')"
                            + " ORDER BY r.id, p.joined_at")
                    .setMaxResults(MAX_ROWS)
                    .getResultList());
    Map<String, LiveRoom> rooms = new LinkedHashMap<>();
    for (Object o : rows) {
      Object[] r = (Object[]) o;
      String id = (String) r[0];
      Instant lostAt = instant(r[6]);
      Long left =
          lostAt == null
              ? null
              : Math.max(0, grace.minus(Duration.between(lostAt, now)).toSeconds());
      rooms
          .computeIfAbsent(id, k -> new LiveRoom(k, (String) r[1], new ArrayList<>()))
          .seats()
          .add(
              new Seat(
                  (String) r[2],
                  (String) r[3],
                  Boolean.TRUE.equals(r[4]),
                  instant(r[5]),
                  lostAt,
                  left));
    }
    return List.copyOf(rooms.values());
  }

  /** Timestamps come back as different types from H2 and PostgreSQL drivers. */
  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.LocalDateTime l) {
      return l.toInstant(java.time.ZoneOffset.UTC); // the columns are WITH TIME ZONE, kept in UTC
    }
    throw new IllegalStateException("unexpected timestamp type " + value.getClass());
  }

  public Duration grace() {
    return grace;
  }
}
