package dev.osmosis.store;

import dev.osmosis.platform.DatabaseSettings;
import dev.osmosis.platform.OsmosisConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections behind the container's pool {@code java:app/jdbc/osmosis} ({@link Database}'s
 * {@code @DataSourceDefinition} names this class), the first one after the schema's migrations:
 * each one opened with the driver the JDBC URL of {@link OsmosisConfig#database()} asks for — H2
 * (shipped by Payara Micro) for the embedded database, whose data directory it creates, or
 * PostgreSQL (the driver in the WAR). The settings are read here, not in the annotation, so that
 * they come from osmosis.properties, the environment and {@code -D} like every other setting.
 */
public class OsmosisDataSource implements DataSource {
  private static final System.Logger LOG = System.getLogger(OsmosisDataSource.class.getName());

  private volatile Opener opener;
  private volatile Migrations.Outcome schema;
  private final boolean migrates;
  private boolean refused;
  private PrintWriter logWriter;
  private int loginTimeout;

  /** The pool's: migrates the schema before its first connection is handed out. */
  public OsmosisDataSource() {
    this(null, true);
  }

  private OsmosisDataSource(Opener opener, boolean migrates) {
    this.opener = opener;
    this.migrates = migrates;
  }

  /**
   * A connection; the first one only once the schema is migrated (on a connection of its own), so
   * that nothing — JPA's start, which connects while the application deploys, before any of its
   * code runs, included — uses the database before. A database that cannot be used fails every
   * connection with the one line that says why ({@link Database#refusal}), logged once.
   */
  @Override
  public Connection getConnection() throws SQLException {
    Opener o = opener();
    if (migrates && schema == null) {
      migrate(o);
    }
    return o.open();
  }

  /** The schema after this start's migrations, or null before the first connection. */
  Migrations.Outcome schema() {
    return schema;
  }

  private synchronized void migrate(Opener o) throws SQLException {
    if (schema != null) {
      return;
    }
    DatabaseSettings settings = o.settings();
    try {
      schema =
          Migrations.migrate(
              new OsmosisDataSource(o, false), OsmosisDataSource.class.getClassLoader());
    } catch (RuntimeException e) {
      String line = Database.refusal(settings, e);
      if (!refused) { // the pool may ask again: one line
        refused = true;
        LOG.log(System.Logger.Level.ERROR, line);
      }
      throw new SQLException(line, e);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "Database {0}: schema version {1} ({2} migrations applied now, was {3})",
        settings.describe(),
        schema.to(),
        schema.applied(),
        schema.from());
  }

  /** The container may pass the annotation's (empty) user: the settings' user is used. */
  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  private Opener opener() throws SQLException {
    Opener o = opener;
    if (o == null) {
      synchronized (this) {
        o = opener;
        if (o == null) {
          DatabaseSettings settings = OsmosisConfig.database();
          try {
            o = opener = Opener.of(settings);
          } catch (SQLException | RuntimeException e) {
            String line = Database.refusal(settings, e);
            LOG.log(System.Logger.Level.ERROR, line);
            throw new SQLException(line, e);
          }
        }
      }
    }
    return o;
  }

  /** A driver and what to open with it. */
  record Opener(DatabaseSettings settings, Driver driver, Properties properties) {
    static Opener of(DatabaseSettings settings) throws SQLException {
      if (settings.embedded()) {
        try {
          Files.createDirectories(settings.dataDirectory());
        } catch (IOException e) {
          throw new SQLException(
              "cannot create the data directory "
                  + settings.dataDirectory().toAbsolutePath()
                  + " (osmosis.dataDirectory): "
                  + e,
              e);
        }
      }
      Properties properties = new Properties();
      properties.setProperty("user", settings.user());
      properties.setProperty("password", settings.password());
      return new Opener(settings, driver(settings.url()), properties);
    }

    Connection open() throws SQLException {
      Connection connection = driver.connect(settings.url(), properties);
      if (connection == null) {
        throw new SQLException(
            "the driver " + driver.getClass().getName() + " refused " + settings.url());
      }
      return connection;
    }

    /** The JDBC driver for {@code url}, found in the WAR or in Payara's runtime. */
    static Driver driver(String url) throws SQLException {
      ClassLoader loader = OsmosisDataSource.class.getClassLoader();
      for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
        if (driver.acceptsURL(url)) {
          return driver;
        }
      }
      for (String name : new String[] {"org.h2.Driver", "org.postgresql.Driver"}) {
        try {
          Driver driver =
              (Driver) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
          if (driver.acceptsURL(url)) {
            return driver;
          }
        } catch (ReflectiveOperationException | LinkageError absent) {
          // not on the class path: the next one
        }
      }
      throw new SQLException("no JDBC driver for " + url + " (H2 and PostgreSQL are supported)");
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
