package dev.osmosis.store;

import dev.osmosis.platform.DatabaseSettings;
import dev.osmosis.platform.OsmosisConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import javax.sql.DataSource;

/**
 * The database at start: defines the pooled data source {@value #JNDI} on {@link
 * OsmosisDataSource}, which reads the settings and migrates the schema before its first connection
 * (JPA connects while the application deploys); first of all start-up observers, and on first use
 * by any bean that injects it, this makes sure of it and answers the schema version. A database
 * that cannot be reached, or whose schema is newer than this server, stops the start with one line
 * that says why (docs/PERSISTENCE.md "Start-up failures").
 */
@DataSourceDefinition(
    name = Database.JNDI,
    className = "dev.osmosis.store.OsmosisDataSource",
    initialPoolSize = 1,
    minPoolSize = 1,
    maxPoolSize = 16)
@ApplicationScoped
public class Database {
  /** The data source's JNDI name; the persistence unit {@code osmosis} uses it. */
  public static final String JNDI = "java:app/jdbc/osmosis";

  private static final System.Logger LOG = System.getLogger(Database.class.getName());
  private static final String REFUSING = "Refusing to start.";

  @Resource(lookup = JNDI)
  DataSource dataSource;

  private String schema;

  /**
   * Makes sure the schema is migrated: the data source migrates it before its first connection
   * ({@link OsmosisDataSource}); this answers the version.
   */
  @PostConstruct
  void migrate() {
    try {
      schema = Migrations.current(dataSource, Database.class.getClassLoader());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t.getMessage() != null && t.getMessage().endsWith(REFUSING)) {
          throw new IllegalStateException(t.getMessage(), e); // the data source logged it
        }
      }
      String line = refusal(OsmosisConfig.database(), e);
      LOG.log(System.Logger.Level.ERROR, line);
      throw new IllegalStateException(line, e);
    }
  }

  /** Migrates first of all observers of the start, before anything can read. */
  void start(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object event) {
    schemaVersion();
  }

  /** The schema version the database has now (after this start's migrations). */
  public String schemaVersion() {
    return schema;
  }

  /**
   * The one line that says why the server cannot use the database: its URL and user (never the
   * password) and the innermost cause.
   */
  static String refusal(DatabaseSettings settings, Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause != failure && !(cause instanceof IllegalStateException)) {
      why += " (" + cause.getClass().getSimpleName() + ")";
    }
    return "Cannot use the database "
        + settings.describe()
        + ": "
        + why.strip().replace('\n', ' ')
        + ". "
        + REFUSING;
  }
}
