package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.platform.DatabaseSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static final ClassLoader LOADER = MigrationsTest.class.getClassLoader();

  @Test
  void migrate_whenEmptyDatabase_thenAppliesTheApplicationsSchemaAndThePersistenceUnitOpens()
      throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      // a second start finds the schema up to date
      Migrations.Outcome again = Migrations.migrate(db.dataSource(), LOADER);
      assertEquals(0, again.applied());
      assertEquals(db.schema().to(), again.to());
      db.entityManagerFactory().createEntityManager().close();
    }
  }

  @Test
  void migrate_whenOlderSchema_thenAppliesTheMissingVersions() throws Exception {
    try (TestDatabase db = TestDatabase.withMigrations("classpath:db/test-old")) {
      assertEquals(new Migrations.Outcome("none", "1", 1), db.schema());

      Migrations.Outcome newer =
          Migrations.migrate(db.dataSource(), LOADER, "classpath:db/test-new");

      assertEquals(new Migrations.Outcome("1", "2", 1), newer);
      try (var c = db.dataSource().getConnection();
          var s = c.createStatement()) {
        s.execute("INSERT INTO migrations_test_first (id, name, flag) VALUES (1, 'a', TRUE)");
      }
    }
  }

  @Test
  void migrate_whenSchemaIsNewerThanTheServer_thenRefusesSayingWhich() throws Exception {
    try (TestDatabase db =
        TestDatabase.withMigrations("classpath:db/test-new", "classpath:db/test-future")) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> Migrations.migrate(db.dataSource(), LOADER, "classpath:db/test-new"));

      assertEquals(
          "the database's schema is version 9999, newer than this server's 2 (applied by a newer"
              + " Osmosis: 9999 from a newer server); run that version or restore a backup",
          refused.getMessage());
      String line = Database.refusal(DatabaseSettings.embedded(Path.of("d")), refused);
      assertTrue(line.startsWith("Cannot use the database jdbc:h2:file:"), line);
      assertTrue(
          line.endsWith(
              "newer than this server's 2 (applied by a newer Osmosis: 9999 from a newer server); run that version or restore a backup. Refusing to start."),
          line);
    }
  }

  @Test
  void refusal_whenTheCauseIsDeep_thenNamesTheInnermostWithoutThePassword() {
    DatabaseSettings settings =
        new DatabaseSettings(
            Path.of("d"), "jdbc:postgresql://127.0.0.1:1/osmosis", "app", "s3cret-password");
    Exception failure =
        new RuntimeException(
            "pool",
            new SQLException("wrapped", new java.net.ConnectException("Connection refused")));

    assertEquals(
        "Cannot use the database jdbc:postgresql://127.0.0.1:1/osmosis as user app: Connection"
            + " refused (ConnectException). Refusing to start.",
        Database.refusal(settings, failure));
  }
}
