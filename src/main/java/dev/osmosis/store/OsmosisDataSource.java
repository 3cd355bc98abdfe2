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
 * {@code @DataSourceDefinition} names this class): each one opened with the driver the JDBC URL of
 * {@link OsmosisConfig#database()} asks for — H2 (shipped by Payara Micro) for the embedded
 * database, whose data directory it creates, or PostgreSQL (the driver in the WAR). The settings
 * are read here, not in the annotation, so that they come from osmosis.properties, the environment
 * and {@code -D} like every other setting.
 */
public class OsmosisDataSource implements DataSource {
  private volatile Opener opener;
  private PrintWriter logWriter;
  private int loginTimeout;

  @Override
  public Connection getConnection() throws SQLException {
    return opener().open();
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
          o = opener = Opener.of(OsmosisConfig.database());
        }
      }
    }
    return o;
  }

  /** A driver and what to open with it. */
  record Opener(Driver driver, String url, Properties properties) {
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
      return new Opener(driver(settings.url()), settings.url(), properties);
    }

    Connection open() throws SQLException {
      Connection connection = driver.connect(url, properties);
      if (connection == null) {
        throw new SQLException("the driver " + driver.getClass().getName() + " refused " + url);
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
