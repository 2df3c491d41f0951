package org.tfx.sessions.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.tfx.sessions.config.Settings;

/**
 * The JPA store: migrates the schema with Flyway, then opens the persistence unit and runs work in
 * transactions. Schema changes go in {@code db/migration}; Hibernate only validates.
 */
public final class Database implements AutoCloseable {
  private final EntityManagerFactory factory;

  private Database(EntityManagerFactory factory) {
    this.factory = factory;
  }

  public static Database open(Settings.Database settings) {
    String url = durableUrl(settings.url());
    ClassLoader loader = Database.class.getClassLoader();
    Flyway.configure(loader)
        .dataSource(url, settings.user(), settings.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Map<String, Object> properties =
        Map.of(
            "jakarta.persistence.jdbc.url", url,
            "jakarta.persistence.jdbc.user", settings.user(),
            "jakarta.persistence.jdbc.password", settings.password());
    return new Database(Persistence.createEntityManagerFactory("tfx", properties));
  }

  /**
   * H2 writes commits to its file up to 500 ms late by default, so a {@code kill -9} would lose the
   * newest seats and resume tokens: unless the URL says otherwise, write each commit through.
   */
  static String durableUrl(String url) {
    if (url.startsWith("jdbc:h2:")
        && !url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY")) {
      return url + ";WRITE_DELAY=0";
    }
    return url;
  }

  /** Runs {@code work} in one transaction, rolled back if it throws. */
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = factory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      if (tx.isActive()) {
        tx.rollback();
      }
      throw e;
    } finally {
      em.close();
    }
  }

  /** Whether the database answers a trivial query. */
  public boolean isReachable() {
    try {
      return inTransaction(em -> em.createNativeQuery("SELECT 1").getSingleResult() != null);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    factory.close();
  }
}
