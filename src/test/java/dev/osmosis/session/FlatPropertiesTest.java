package dev.osmosis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.filter.CanonicalKeys;
import dev.osmosis.filter.CanonicalValues;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlatPropertiesTest {

  private static FlatProperties sample() {
    return FlatProperties.of(
        "alice",
        Set.of("b", "a"),
        Map.of(SessionProperties.COUNTRY, "GB", SessionProperties.TRANSPORT, "WEBSOCKET"),
        Map.of("Department", "Accounts", "Desk", "x".repeat(100)));
  }

  @Test
  void of_whenFixedAndUser_thenOneMapWithPrincipalAndRoles() {
    FlatProperties properties = sample();
    assertEquals(
        Map.of(
            "$Principal", "alice",
            "$Roles", "\"a\",\"b\"",
            "$Country", "GB",
            "$Transport", "WEBSOCKET",
            "Department", "Accounts",
            "Desk", "x".repeat(100)),
        properties.asMap());
    assertThrows(UnsupportedOperationException.class, () -> properties.asMap().put("k", "v"));
  }

  @Test
  void of_whenPrincipalAlsoGivenAsFixed_thenTheArgumentWins() {
    FlatProperties properties =
        FlatProperties.of("bob", Set.of(), Map.of(SessionProperties.PRINCIPAL, "old"), Map.of());
    assertEquals("bob", properties.get(SessionProperties.PRINCIPAL));
    assertEquals("", properties.get(SessionProperties.ROLES));
  }

  @Test
  void get_whenCanonicalOrEqualKey_thenTheValueOrNull() {
    FlatProperties properties = sample();
    assertEquals("Accounts", properties.get(CanonicalKeys.of("Department")));
    assertEquals("Accounts", properties.get(new String("Department")), "an equal key also finds");
    assertEquals("GB", properties.get("$Country"));
    assertEquals("x".repeat(100), properties.get("Desk"));
    assertNull(properties.get("Missing"));
  }

  @Test
  void get_whenValuePooled_thenTheCanonicalInstance() {
    assertSame(CanonicalValues.of("Accounts"), sample().get("Department"));
  }

  @Test
  void is_whenCanonicalOrByContents_thenComparesTheValue() {
    FlatProperties properties = sample();
    String accounts = CanonicalValues.of("Accounts");
    assertTrue(properties.is("Department", accounts, true));
    assertTrue(properties.is("Department", new String("Accounts"), false));
    assertFalse(properties.is("Department", CanonicalValues.of("Sales"), true));
    assertFalse(properties.is("Missing", accounts, true));
    assertTrue(properties.is("Desk", "x".repeat(100), false), "an unpooled value by contents");
  }

  @Test
  void is_whenAValueIsNotPooled_thenACanonicalComparisonStillReadsContents() {
    FlatProperties properties = sample(); // Desk (100 chars) is too long to pool
    assertTrue(properties.is("$Country", new String("GB"), true));
  }

  @Test
  void fixedAndUser_whenCopied_thenTheTwoPartsModifiableAndIndependent() {
    FlatProperties properties = sample();
    Map<String, String> fixed = properties.fixed();
    Map<String, String> user = properties.user();
    assertEquals(Set.of("$Principal", "$Roles", "$Country", "$Transport"), fixed.keySet(), "fixed");
    assertEquals(Set.of("Department", "Desk"), user.keySet(), "user");
    user.put("Team", "red");
    fixed.remove("$Country");
    assertNull(properties.get("Team"));
    assertEquals("GB", properties.get("$Country"));
  }
}
