package org.tfx.sessions.console;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.tfx.sessions.persistence.Database;

/** Named facts in the {@code server_state} table. */
final class ServerState {
  private final Database database;
  private final Clock clock;

  ServerState(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  Optional<String> get(String name) {
    return database.inTransaction(
        em -> {
          List<?> rows =
              em.createNativeQuery("SELECT state_value FROM server_state WHERE state_name = ?1")
                  .setParameter(1, name)
                  .getResultList();
          return rows.isEmpty() ? Optional.<String>empty() : Optional.of((String) rows.get(0));
        });
  }

  void put(String name, String value) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    database.inTransaction(
        em -> {
          int updated =
              em.createNativeQuery(
                      "UPDATE server_state SET state_value = ?1, updated_at = ?2"
                          + " WHERE state_name = ?3")
                  .setParameter(1, value)
                  .setParameter(2, now)
                  .setParameter(3, name)
                  .executeUpdate();
          if (updated == 0) {
            em.createNativeQuery(
                    "INSERT INTO server_state (state_name, state_value, updated_at)"
                        + " VALUES (?1, ?2, ?3)")
                .setParameter(1, name)
                .setParameter(2, value)
                .setParameter(3, now)
                .executeUpdate();
          }
          return null;
        });
  }
}
