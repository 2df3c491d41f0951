package org.tfx.sessions.persistence;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.tfx.sessions.config.Settings;

/**
 * The JPA store: migrates the schema with Flyway, then opens the persistence unit and runs work in
 * transactions. Schema changes go in {@code db/migration}; Hibernate only validates.
 */
public final class Database implements AutoCloseable, GroupCommit.Transactions {
  private static final long EVICTION_INTERVAL_NANOS = 1_000_000_000L;

  private final EntityManagerFactory factory;
  private final AtomicLong lastEviction =
      new AtomicLong(System.nanoTime() - EVICTION_INTERVAL_NANOS);
  private final String url;
  private final Settings.Database settings;

  private Database(EntityManagerFactory factory, String url, Settings.Database settings) {
    this.factory = factory;
    this.url = url;
    this.settings = settings;
  }

  public static Database open(Settings.Database settings) {
    String url = durableUrl(settings.url());
    ClassLoader loader = Database.class.getClassLoader();
    Flyway.configure(loader)
        .dataSource(url, settings.user(), settings.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    long timeoutMs = Math.max(250, settings.timeout().toMillis());
    Map<String, Object> properties =
        Map.of(
            "jakarta.persistence.jdbc.url", url,
            "jakarta.persistence.jdbc.user", settings.user(),
            "jakarta.persistence.jdbc.password", settings.password(),
            // A request waits this long for a connection, then fails as unavailable: a database
            // that is down must not hold joins for Hikari's default 30 s.
            "hibernate.hikari.connectionTimeout", String.valueOf(timeoutMs),
            "hibernate.hikari.validationTimeout", String.valueOf(Math.min(timeoutMs, 1000)));
    return new Database(Persistence.createEntityManagerFactory("tfx", properties), url, settings);
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

  /**
   * Runs {@code work} in one transaction, rolled back if it throws. A database that is down or full
   * fails with {@link StoreUnavailableException} within the connection timeout ({@code
   * tfx.db.timeout}) instead of whatever its driver throws, so callers can tell "try again" from a
   * fault of ours.
   */
  @Override
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em;
    try {
      em = factory.createEntityManager();
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      try {
        if (tx.isActive()) {
          tx.rollback();
        }
      } catch (RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw unavailableOr(e);
    } finally {
      try {
        em.close();
      } catch (RuntimeException e) {
        // a broken connection; the pool drops it
      }
    }
  }

  private RuntimeException unavailableOr(RuntimeException e) {
    if (e instanceof StoreUnavailableException || !StoreUnavailableException.isUnavailability(e)) {
      return e;
    }
    evictPooledConnections();
    return new StoreUnavailableException(e);
  }

  /**
   * The database said it is unavailable: every pooled connection is suspect. The pool only drops a
   * connection on the SQL states it knows (08…, PostgreSQL's 57P0x); H2 closes itself after a
   * failed write ("The database has been closed", 90098) and its connections would fail forever.
   * Soft eviction replaces idle connections now and busy ones when they come back, so the first
   * transaction after the database returns gets a fresh connection (H2 reopens its file).
   */
  private void evictPooledConnections() {
    long now = System.nanoTime();
    long last = lastEviction.get();
    if (now - last < EVICTION_INTERVAL_NANOS || !lastEviction.compareAndSet(last, now)) {
      return;
    }
    try {
      ConnectionProvider pool =
          factory
              .unwrap(SessionFactoryImplementor.class)
              .getServiceRegistry()
              .getService(ConnectionProvider.class);
      if (pool != null && pool.isUnwrappableAs(HikariDataSource.class)) {
        pool.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
      }
    } catch (RuntimeException e) {
      // a pool that cannot be asked keeps its own eviction rules
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
    if (isEmbeddedH2(url)) {
      shutDownEmbeddedH2();
    }
    deregisterOwnDrivers();
  }

  static boolean isEmbeddedH2(String url) {
    return url.startsWith("jdbc:h2:")
        && !url.startsWith("jdbc:h2:tcp:")
        && !url.startsWith("jdbc:h2:ssl:")
        && !url.startsWith("jdbc:h2:mem:");
  }

  /**
   * An embedded H2 file stays open, and locked, while any connection lives: a request thread still
   * finishing a socket's close when the app is undeployed keeps one out of the pool for a moment. A
   * redeploy in the same JVM (a Tomcat hot redeploy, the ITs' deployment per test class) then fails
   * with "Database may be already in use". SHUTDOWN closes the file now; late writers fail, which
   * at shutdown is what they should do.
   */
  private void shutDownEmbeddedH2() {
    try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password());
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // already closed, or never opened: nothing holds the file
    }
  }

  /**
   * JDBC drivers from WEB-INF/lib register themselves with the JVM-wide DriverManager and would pin
   * this web app's class loader after an undeploy (Tomcat and Payara both warn and clean up after
   * us; do it ourselves, the same way on both).
   */
  private static void deregisterOwnDrivers() {
    ClassLoader own = Database.class.getClassLoader();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == own) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          // nothing left to do for this one
        }
      }
    }
  }
}
