package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's data source migrates before its first connection, or fails every one saying why. */
class OsmosisDataSourceTest {
  private static final String URL = "osmosis.database.url";

  @AfterEach
  void clear() {
    System.clearProperty(URL);
    System.clearProperty("osmosis.database.password");
  }

  @Test
  void getConnection_whenFirst_thenTheSchemaIsMigratedBefore() throws Exception {
    System.setProperty(URL, "jdbc:h2:mem:osmosis-ds-test;DB_CLOSE_DELAY=-1");
    OsmosisDataSource dataSource = new OsmosisDataSource();

    try (Connection c = dataSource.getConnection();
        var s = c.createStatement();
        var r = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\"")) {
      r.next();
      assertTrue(r.getInt(1) > 0, "the application's migrations are applied");
      assertEquals(
          Migrations.current(dataSource, getClass().getClassLoader()), dataSource.schema().to());
      s.execute("DROP ALL OBJECTS");
    }
  }

  @Test
  void getConnection_whenTheDatabaseIsDown_thenFailsWithTheOneLineWithoutThePassword() {
    System.setProperty(URL, "jdbc:postgresql://127.0.0.1:1/osmosis");
    System.setProperty("osmosis.database.password", "hunter2-secret");
    OsmosisDataSource dataSource = new OsmosisDataSource();

    SQLException refused = assertThrows(SQLException.class, dataSource::getConnection);

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "Cannot use the database jdbc:postgresql://127.0.0.1:1/osmosis as user osmosis:"),
        refused.getMessage());
    assertTrue(refused.getMessage().endsWith("Refusing to start."), refused.getMessage());
    assertTrue(!refused.getMessage().contains("hunter2"), refused.getMessage());
  }
}
