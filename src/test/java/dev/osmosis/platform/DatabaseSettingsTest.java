package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {
  private static Properties props(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void database_whenNothingSet_thenEmbeddedH2UnderOsmosisDataNextToTheWorkingDirectory() {
    DatabaseSettings d = OsmosisConfig.database(props(), props(), Map.of());

    assertEquals(Path.of("osmosis-data"), d.dataDirectory());
    assertEquals(
        "jdbc:h2:file:"
            + Path.of("osmosis-data").toAbsolutePath().resolve("osmosis")
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
        d.url());
    assertTrue(d.embedded());
    assertEquals("osmosis", d.user());
  }

  @Test
  void database_whenFileEnvironmentAndSystemProperty_thenSystemPropertyThenEnvironmentThenFile() {
    Properties file =
        props(
            "osmosis.database.url", "jdbc:postgresql://file:5432/osmosis",
            "osmosis.database.user", "fileuser",
            "osmosis.database.password", "filepw",
            "osmosis.dataDirectory", "/var/file");
    Map<String, String> env =
        Map.of(
            "OSMOSIS_DATABASE_URL", "jdbc:postgresql://env:5432/osmosis",
            "OSMOSIS_DATABASE_PASSWORD", "env pw ",
            "OSMOSIS_DATA_DIRECTORY", "/var/env");
    Properties system = props("osmosis.database.url", "jdbc:postgresql://sys:5432/osmosis");

    DatabaseSettings d = OsmosisConfig.database(file, system, env);

    assertEquals("jdbc:postgresql://sys:5432/osmosis", d.url());
    assertEquals("fileuser", d.user());
    assertEquals("env pw ", d.password(), "a password is taken as given");
    assertEquals(Path.of("/var/env"), d.dataDirectory());
    assertFalse(d.embedded());
  }

  @Test
  void toStringAndDescribe_whenPasswordSet_thenNeverShowIt() {
    DatabaseSettings d =
        OsmosisConfig.database(
            props(),
            props(),
            Map.of(
                "OSMOSIS_DATABASE_URL",
                "jdbc:postgresql://h/db",
                "OSMOSIS_DATABASE_PASSWORD",
                "hunter2"));

    assertFalse(d.toString().contains("hunter2"), d.toString());
    assertEquals("jdbc:postgresql://h/db as user osmosis", d.describe());
  }

  @Test
  void database_whenUrlIsNotJdbc_thenStopsTheStartNamingTheKey() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                OsmosisConfig.database(
                    props("osmosis.database.url", "postgres://h/db"), props(), Map.of()));
    assertTrue(
        e.getMessage().startsWith("osmosis.database.url must be a JDBC URL"), e.getMessage());
  }
}
