package dev.osmosis.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.LoginThrottleSettings;
import java.io.FileReader;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The security settings: strict flags, the login throttle, anonymous sessions in production. */
class OsmosisConfigSecurityTest {

  private static Properties of(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void production_whenNotTrueOrFalse_thenRefusesToStartNamingKeyAndValue() {
    for (String value : new String[] {"yes", "1", "on", "ture"}) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  OsmosisConfig.deploymentSettings(
                      of("osmosis.production", value), new Properties()));
      assertEquals("osmosis.production must be true or false, is '" + value + "'", e.getMessage());
    }
    assertTrue(
        OsmosisConfig.deploymentSettings(of("osmosis.production", "TRUE"), new Properties())
            .production());
    assertFalse(
        OsmosisConfig.deploymentSettings(new Properties(), of("osmosis.production", "false"))
            .production());
  }

  @Test
  void allowAnonymousInProduction_whenStrictValue_thenRead_elseRefused() {
    assertFalse(OsmosisConfig.parseAllowAnonymousInProduction(new Properties(), new Properties()));
    assertTrue(
        OsmosisConfig.parseAllowAnonymousInProduction(
            of("osmosis.allowAnonymousInProduction", "true"), new Properties()));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                OsmosisConfig.parseAllowAnonymousInProduction(
                    of("osmosis.allowAnonymousInProduction", "yes"), new Properties()));
    assertTrue(
        e.getMessage().contains("osmosis.allowAnonymousInProduction")
            && e.getMessage().contains("'yes'"));
  }

  @Test
  void loginThrottle_whenShippedFile_thenSameAsDefaults() throws Exception {
    Properties file = new Properties();
    try (FileReader in = new FileReader("payara-config/osmosis.properties")) {
      file.load(in);
    }
    assertEquals(
        LoginThrottleSettings.defaults(),
        OsmosisConfig.parseLoginThrottle(file, new Properties()),
        "payara-config/osmosis.properties documents the defaults");
    assertFalse(OsmosisConfig.parseAllowAnonymousInProduction(file, new Properties()));
  }

  @Test
  void loginThrottle_whenSet_thenUsed_andInconsistentDelaysRefused() {
    LoginThrottleSettings s =
        OsmosisConfig.parseLoginThrottle(
            of(
                "osmosis.loginFailuresPerPrincipal",
                "2",
                "osmosis.loginMaxDelayMillis",
                "8000",
                "osmosis.loginHashingThreads",
                "3"),
            new Properties());
    assertEquals(2, s.principalFailures());
    assertEquals(Duration.ofSeconds(8), s.maxDelay());
    assertEquals(3, s.hashingThreads());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                OsmosisConfig.parseLoginThrottle(
                    of(
                        "osmosis.loginFirstDelayMillis",
                        "5000",
                        "osmosis.loginMaxDelayMillis",
                        "1000"),
                    new Properties()));
    assertTrue(e.getMessage().contains("osmosis.loginMaxDelayMillis"), e.getMessage());
  }
}
