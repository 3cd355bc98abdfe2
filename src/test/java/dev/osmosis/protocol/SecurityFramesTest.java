package dev.osmosis.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.security.AuthenticationConfiguration;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.PropertyValidation;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityConfiguration;
import dev.osmosis.security.SystemPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one encoding of the two configurations: the protocol's answers and the admin API's. */
class SecurityFramesTest {
  static final SecurityConfiguration SECURITY =
      new SecurityConfiguration(
          List.of("CLIENT"),
          List.of(),
          List.of(
              new Role(
                  "CLIENT",
                  Set.of(GlobalPermission.VIEW_SERVER),
                  Set.of(PathPermission.SELECT_TOPIC, PathPermission.READ_TOPIC),
                  Map.of("z/b", Set.of(), "a/b", Set.of(PathPermission.UPDATE_TOPIC)),
                  Set.of("Y", "X"))),
          List.of("secret"));

  static final AuthenticationConfiguration AUTHENTICATION =
      new AuthenticationConfiguration(
          List.of(
              new SystemPrincipal("alice", List.of("CLIENT"), null),
              new SystemPrincipal("bob", List.of(), "admin")),
          "deny",
          List.of(),
          Map.of(
              "Tier", PropertyValidation.values(List.of("gold")),
              "Department", PropertyValidation.matches("Sales|Support")));

  @Test
  void securityStore_sortedPermissionsPathsAndIncludes() {
    assertEquals(
        "{\"named\":[\"CLIENT\"],\"anonymous\":[],\"roles\":[{\"name\":\"CLIENT\","
            + "\"global\":[\"VIEW_SERVER\"],\"default\":[\"READ_TOPIC\",\"SELECT_TOPIC\"],"
            + "\"topic\":{\"a/b\":[\"UPDATE_TOPIC\"],\"z/b\":[]},\"roles\":[\"X\",\"Y\"]}],"
            + "\"isolatedPaths\":[\"secret\"]}",
        SecurityFrames.security(SECURITY));
  }

  @Test
  void authenticationStore_lockingPrincipalOnlyWhenThereIsOne() {
    assertEquals(
        "{\"principals\":[{\"name\":\"alice\",\"roles\":[\"CLIENT\"]},"
            + "{\"name\":\"bob\",\"roles\":[],\"lockingPrincipal\":\"admin\"}],"
            + "\"anonymous\":{\"action\":\"deny\",\"roles\":[]},"
            + "\"trustedClientProposedProperties\":{"
            + "\"Department\":{\"type\":\"matches\",\"regex\":\"Sales|Support\"},"
            + "\"Tier\":{\"type\":\"values\",\"values\":[\"gold\"]}}}",
        SecurityFrames.authentication(AUTHENTICATION));
  }

  @Test
  void protocolAnswers_carryTheSameTextAsTheAdminApi() {
    assertEquals(
        "{\"t\":\"ok\",\"id\":7,\"configuration\":" + SecurityFrames.security(SECURITY) + "}",
        SecurityFrames.securityConfiguration(7, SECURITY));
    assertEquals(
        "{\"t\":\"ok\",\"id\":8,\"configuration\":"
            + SecurityFrames.authentication(AUTHENTICATION)
            + "}",
        SecurityFrames.authenticationConfiguration(8, AUTHENTICATION));
  }
}
