package dev.osmosis.security;

import static dev.osmosis.security.GlobalPermission.CONTROL_SERVER;
import static dev.osmosis.security.GlobalPermission.VIEW_SERVER;
import static dev.osmosis.security.GlobalPermission.VIEW_SESSION;
import static dev.osmosis.security.PathPermission.MODIFY_TOPIC;
import static dev.osmosis.security.PathPermission.READ_TOPIC;
import static dev.osmosis.security.PathPermission.SELECT_TOPIC;
import static dev.osmosis.security.PathPermission.UPDATE_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityPolicyTest {

  private static Role role(
      String name,
      Set<GlobalPermission> global,
      Set<PathPermission> defaults,
      Map<String, Set<PathPermission>> paths,
      String... includes) {
    return new Role(name, global, defaults, paths, Set.of(includes));
  }

  private final SecurityPolicy policy =
      new SecurityPolicy(
          List.of(
              role(
                  "READER",
                  Set.of(),
                  Set.of(SELECT_TOPIC, READ_TOPIC),
                  Map.of("secret", Set.of(), "secret/public", Set.of(READ_TOPIC))),
              role(
                  "UPDATER",
                  Set.of(VIEW_SESSION),
                  Set.of(),
                  Map.of("prices", Set.of(UPDATE_TOPIC))),
              role("MONITOR", Set.of(VIEW_SERVER), Set.of(), Map.of(), "READER"),
              role("SUPER", Set.of(), Set.of(), Map.of(), "MONITOR", "UPDATER")));

  @Test
  void has_whenExactPathAssigned_thenAssignmentDecides() {
    assertTrue(policy.has(Set.of("READER"), READ_TOPIC, "secret/public"));
    assertFalse(policy.has(Set.of("READER"), SELECT_TOPIC, "secret/public"));
  }

  @Test
  void has_whenNearestAncestorAssignsPermission_thenTrue() {
    assertTrue(policy.has(Set.of("READER"), READ_TOPIC, "secret/public/news/today"));
    assertTrue(policy.has(Set.of("UPDATER"), UPDATE_TOPIC, "prices/fx/EURUSD"));
  }

  @Test
  void has_whenNoAssignmentOnPath_thenDefaultDecides() {
    assertTrue(policy.has(Set.of("READER"), SELECT_TOPIC, "news/sport"));
    assertFalse(policy.has(Set.of("READER"), MODIFY_TOPIC, "news/sport"));
    assertFalse(policy.has(Set.of("UPDATER"), UPDATE_TOPIC, "news"));
  }

  @Test
  void has_whenEmptyAssignmentOnAncestor_thenDeniedBelowIt() {
    assertFalse(policy.has(Set.of("READER"), READ_TOPIC, "secret"));
    assertFalse(policy.has(Set.of("READER"), READ_TOPIC, "secret/private/x"));
    assertFalse(policy.has(Set.of("READER"), SELECT_TOPIC, "secret/private"));
  }

  @Test
  void has_whenPathHasOuterSlashes_thenTheyAreIgnored() {
    assertFalse(policy.has(Set.of("READER"), READ_TOPIC, "/secret/x/"));
    assertTrue(policy.has(Set.of("READER"), READ_TOPIC, "/secret/public/"));
  }

  @Test
  void has_whenSiblingSharesPrefix_thenNotTreatedAsAncestor() {
    assertTrue(policy.has(Set.of("READER"), READ_TOPIC, "secretive"));
  }

  @Test
  void has_whenOneRoleDeniesAndAnotherAllowsAtPath_thenAnyRoleSuffices() {
    Set<String> roles = Set.of("READER", "UPDATER");
    assertTrue(policy.has(roles, UPDATE_TOPIC, "prices/x"));
    assertTrue(policy.has(roles, READ_TOPIC, "prices/x"));
    assertFalse(policy.has(roles, READ_TOPIC, "secret/x"));
  }

  @Test
  void has_whenRoleIncludedTransitively_thenItsPermissionsApply() {
    assertTrue(policy.has(Set.of("SUPER"), READ_TOPIC, "news"));
    assertFalse(policy.has(Set.of("SUPER"), READ_TOPIC, "secret/x"));
    assertTrue(policy.has(Set.of("SUPER"), UPDATE_TOPIC, "prices/a"));
    assertEquals(
        Set.of("SUPER", "MONITOR", "UPDATER", "READER"),
        policy.permissions(Set.of("SUPER")).closure());
  }

  @Test
  void has_whenGlobalPermissionInAnyRoleOfClosure_thenTrue() {
    assertTrue(policy.has(Set.of("SUPER"), VIEW_SERVER));
    assertTrue(policy.has(Set.of("SUPER"), VIEW_SESSION));
    assertFalse(policy.has(Set.of("SUPER"), CONTROL_SERVER));
    assertEquals(
        Set.of(VIEW_SERVER, VIEW_SESSION),
        policy.permissions(Set.of("MONITOR", "UPDATER")).global());
  }

  @Test
  void has_whenRoleUndefined_thenItGrantsNothing() {
    assertFalse(policy.has(Set.of("TRADER"), READ_TOPIC, "news"));
    assertTrue(policy.has(Set.of("TRADER", "READER"), READ_TOPIC, "news"));
  }

  @Test
  void has_whenNoRoles_thenNothing() {
    assertFalse(policy.has(Set.of(), READ_TOPIC, "news"));
    assertFalse(policy.has(Set.of(), VIEW_SERVER));
  }

  @Test
  void permissions_whenSameRoleSetAsked_thenCachedInstance() {
    Permissions first = policy.permissions(new HashSet<>(List.of("READER", "UPDATER")));
    assertSame(first, policy.permissions(Set.of("UPDATER", "READER")));
  }

  @Test
  void constructor_whenIncludeCycle_thenRejectedNamingIt() {
    List<Role> roles =
        List.of(
            role("A", Set.of(), Set.of(), Map.of(), "B"),
            role("B", Set.of(), Set.of(), Map.of(), "C"),
            role("C", Set.of(), Set.of(), Map.of(), "A"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SecurityPolicy(roles));
    assertEquals("Roles include each other in a cycle: A -> B -> C -> A", e.getMessage());
  }

  @Test
  void constructor_whenRoleIncludesItself_thenRejected() {
    List<Role> roles = List.of(role("A", Set.of(), Set.of(), Map.of(), "A"));
    assertThrows(IllegalArgumentException.class, () -> new SecurityPolicy(roles));
  }

  @Test
  void constructor_whenDiamondIncludes_thenAccepted() {
    SecurityPolicy diamond =
        new SecurityPolicy(
            List.of(
                role("TOP", Set.of(), Set.of(), Map.of(), "L", "R"),
                role("L", Set.of(), Set.of(), Map.of(), "BASE"),
                role("R", Set.of(), Set.of(), Map.of(), "BASE"),
                role("BASE", Set.of(VIEW_SERVER), Set.of(), Map.of())));
    assertTrue(diamond.has(Set.of("TOP"), VIEW_SERVER));
  }

  @Test
  void constructor_whenIncludeUndefined_thenRejected() {
    List<Role> roles = List.of(role("A", Set.of(), Set.of(), Map.of(), "NOPE"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SecurityPolicy(roles));
    assertEquals("Role A includes undefined role NOPE", e.getMessage());
  }

  @Test
  void role_whenPathAssignedTwiceAfterNormalising_thenRejected() {
    Map<String, Set<PathPermission>> paths = Map.of("a/b", Set.of(), "/a/b/", Set.of(READ_TOPIC));
    assertThrows(IllegalArgumentException.class, () -> role("A", Set.of(), Set.of(), paths));
  }

  @Test
  void role_whenEmptyPathAssigned_thenRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> role("A", Set.of(), Set.of(), Map.of("/", Set.of())));
  }
}
