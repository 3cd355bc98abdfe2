package dev.osmosis.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  private static final OriginPolicy DEFAULT = new OriginPolicy(Set.of(), Set.of());

  @Test
  void allows_whenSameSchemeHostAndPort_thenAllowed() {
    assertTrue(DEFAULT.allows("http://localhost:8080", "http", "localhost:8080"));
    assertTrue(
        DEFAULT.allows("http://LocalHost:8080", "http", "localhost:8080"), "host case-insensitive");
    assertTrue(
        DEFAULT.allows("http://example.com", "http", "example.com:80"),
        "default port explicit or not");
    assertTrue(DEFAULT.allows("https://example.com:443", "https", "example.com"));
    assertTrue(DEFAULT.allows("http://[::1]:8080", "http", "[::1]:8080"));
  }

  @Test
  void allows_whenSchemeDiffers_thenRefused() {
    assertFalse(
        DEFAULT.allows("https://localhost:8080", "http", "localhost:8080"),
        "https page, plain http server");
    assertFalse(DEFAULT.allows("http://example.com", "https", "example.com"));
  }

  @Test
  void allows_whenPortOrHostDiffers_thenRefused() {
    assertFalse(DEFAULT.allows("http://localhost:8081", "http", "localhost:8080"));
    assertFalse(DEFAULT.allows("http://localhost", "http", "localhost:8080"));
    assertFalse(DEFAULT.allows("http://evil.example.com:8080", "http", "localhost:8080"));
    assertFalse(DEFAULT.allows("http://localhost:8080", "http", null), "no Host header");
  }

  @Test
  void allows_whenOriginMalformedOrNotHttp_thenRefused() {
    for (String origin :
        new String[] {
          "null",
          "",
          "localhost:8080",
          "file:///etc",
          "ws://localhost:8080",
          "http://user@localhost:8080",
          "http://localhost:8080/path",
          "http://localhost:8080?q",
          "http://"
        }) {
      assertFalse(DEFAULT.allows(origin, "http", "localhost:8080"), origin);
    }
  }

  @Test
  void allows_whenDnsRebindingAndNoAllowedHosts_thenAllowedAsDocumented() {
    // the rebinding page's Origin and Host name the attacker's domain, both consistent: only
    // allowedHosts stops it
    assertTrue(
        DEFAULT.allows(
            "http://rebind.attacker.example:8080", "http", "rebind.attacker.example:8080"));
  }

  @Test
  void allows_whenAllowedHostsSet_thenOnlyThoseHostsCountAsOwnOrigin() {
    OriginPolicy policy =
        new OriginPolicy(Set.of(), Set.of("osmosis.example.com", "localhost:8080"));
    assertTrue(policy.allows("https://osmosis.example.com", "https", "osmosis.example.com"));
    assertTrue(
        policy.allows("http://osmosis.example.com:8080", "http", "OSMOSIS.example.com:8080"),
        "any port");
    assertTrue(policy.allows("http://localhost:8080", "http", "localhost:8080"));
    assertFalse(
        policy.allows("http://localhost:9090", "http", "localhost:9090"),
        "host:port entry pins the port");
    assertFalse(
        policy.allows(
            "http://rebind.attacker.example:8080", "http", "rebind.attacker.example:8080"));
  }

  @Test
  void allows_whenListedOrigin_thenAllowedByValueNotText() {
    OriginPolicy policy =
        new OriginPolicy(
            Set.of("https://App.Example.com:443", "http://localhost:3000"),
            Set.of("osmosis.example.com"));
    assertTrue(policy.allows("https://app.example.com", "http", "osmosis.example.com:8080"));
    assertTrue(policy.allows("http://localhost:3000", "http", "osmosis.example.com"));
    assertFalse(
        policy.allows("http://app.example.com", "http", "osmosis.example.com"),
        "listed with https only");
    assertFalse(
        policy.allows("https://app.example.com:8443", "https", "osmosis.example.com"),
        "other port");
  }

  @Test
  void constructor_whenEntryInvalid_thenRefusedNamingTheKey() {
    IllegalArgumentException origin =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OriginPolicy(Set.of("app.example.com"), Set.of()));
    assertTrue(origin.getMessage().contains("osmosis.allowedOrigins"), origin.getMessage());
    IllegalArgumentException host =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OriginPolicy(Set.of(), Set.of("http://osmosis.example.com/")));
    assertTrue(host.getMessage().contains("osmosis.allowedHosts"), host.getMessage());
  }

  @Test
  void canonical_makesDefaultPortsExplicit() {
    assertEquals("http://a.example:80", OriginPolicy.canonical("http://A.example"));
    assertEquals("https://a.example:443", OriginPolicy.canonical("HTTPS://a.example/"));
    assertNull(OriginPolicy.canonical("ftp://a.example"));
  }
}
