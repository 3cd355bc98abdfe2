package dev.osmosis.platform;

import java.nio.file.Path;

/**
 * The database persistence writes to (docs/PERSISTENCE.md): by default an embedded H2 file database
 * under the data directory, otherwise the JDBC URL given (PostgreSQL in production).
 *
 * @param dataDirectory where the embedded database keeps its files ({@code osmosis.dataDirectory},
 *     default {@code ./osmosis-data})
 * @param url the JDBC URL ({@code osmosis.database.url}); the embedded database's when none is set
 * @param user the database user ({@code osmosis.database.user})
 * @param password the user's password ({@code osmosis.database.password}); never logged, never in
 *     {@link #toString()}
 */
public record DatabaseSettings(Path dataDirectory, String url, String user, String password) {
  /** The embedded database's file name (H2 adds {@code .mv.db}) in the data directory. */
  public static final String EMBEDDED_NAME = "osmosis";

  /** The embedded database's user: the first connection creates the database with it. */
  public static final String EMBEDDED_USER = "osmosis";

  /**
   * The embedded database in {@code dataDirectory}: H2 in file mode. {@code
   * DB_CLOSE_ON_EXIT=FALSE}: the server closes it after its last write at shutdown, not H2's own
   * shutdown hook before that; {@code WRITE_DELAY=0}: a committed write is in the file before the
   * commit returns, so that a killed process loses nothing it committed.
   */
  public static String embeddedUrl(Path dataDirectory) {
    return "jdbc:h2:file:"
        + dataDirectory.toAbsolutePath().normalize().resolve(EMBEDDED_NAME)
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  public static DatabaseSettings embedded(Path dataDirectory) {
    return new DatabaseSettings(dataDirectory, embeddedUrl(dataDirectory), EMBEDDED_USER, "");
  }

  /** Whether this is the embedded H2 database in the data directory. */
  public boolean embedded() {
    return url.startsWith("jdbc:h2:file:");
  }

  /** What the logs may say about the database: the URL and the user, never the password. */
  public String describe() {
    return url + " as user " + user;
  }

  @Override
  public String toString() {
    return "DatabaseSettings[dataDirectory="
        + dataDirectory
        + ", url="
        + url
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "(none)" : "(set)")
        + "]";
  }
}
