package dev.osmosis.store;

import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The schema and its versions (docs/PERSISTENCE.md "Schema"): Flyway applies the migrations in
 * {@code db/migration} ({@code V<n>__<what>.sql}, each portable between H2 2.2 and PostgreSQL 15)
 * that the database has not had yet, recorded in its history table {@code flyway_schema_history}. A
 * database whose schema is newer than this server (a migration it does not know was applied, by a
 * newer server) is refused: Flyway would ignore it by default.
 */
final class Migrations {
  static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * The schema before and after.
   *
   * @param from the version found, {@code "none"} for an empty database
   * @param to the version now
   * @param applied how many migrations this start applied
   */
  record Outcome(String from, String to, int applied) {}

  /**
   * Brings the database's schema up to date.
   *
   * @throws IllegalStateException saying why, if the schema is newer than this server or a
   *     migration fails
   */
  static Outcome migrate(DataSource dataSource, ClassLoader loader, String... locations) {
    Flyway flyway =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations(locations.length == 0 ? new String[] {LOCATION} : locations)
            .failOnMissingLocations(false)
            // Flyway's default ("*:future") ignores migrations a newer server applied: refuse them
            .ignoreMigrationPatterns(new String[0])
            .cleanDisabled(true)
            .load();
    MigrationInfo[] future =
        Arrays.stream(flyway.info().all())
            .filter(m -> m.getState().name().startsWith("FUTURE"))
            .toArray(MigrationInfo[]::new);
    if (future.length > 0) {
      throw new IllegalStateException(
          "the database's schema is version "
              + future[future.length - 1].getVersion()
              + ", newer than this server's "
              + latestKnown(flyway)
              + " (applied by a newer Osmosis: "
              + Arrays.stream(future)
                  .map(m -> m.getVersion() + " " + m.getDescription())
                  .collect(Collectors.joining(", "))
              + "); run that version or restore a backup");
    }
    MigrateResult result = flyway.migrate();
    return new Outcome(
        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
        result.targetSchemaVersion == null
            ? (result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion)
            : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /** The schema version the database has ({@code "none"} for an empty one). */
  static String current(DataSource dataSource, ClassLoader loader) {
    MigrationInfo current =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations(LOCATION)
            .failOnMissingLocations(false)
            .load()
            .info()
            .current();
    return current == null ? "none" : String.valueOf(current.getVersion());
  }

  private static String latestKnown(Flyway flyway) {
    return Arrays.stream(flyway.info().all())
        .filter(m -> m.getState().isResolved())
        .reduce((a, b) -> b)
        .map(m -> String.valueOf(m.getVersion()))
        .orElse("none");
  }
}
