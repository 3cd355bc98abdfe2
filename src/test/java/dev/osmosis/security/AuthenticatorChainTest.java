package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorChainTest {
  private static final Map<String, String> PROPOSED = Map.of("Department", "Accounts");

  private final SecurityStore store = TestStores.store(true);
  private final List<String> asked = new ArrayList<>();

  private Authenticator recording(String name, AuthenticationResult answer) {
    return request -> {
      asked.add(name);
      return answer;
    };
  }

  private AuthenticationOutcome authenticate(
      List<Authenticator> custom, String principal, String credentials) {
    return new AuthenticatorChain(custom, () -> store)
        .authenticate(new AuthenticationRequest(principal, credentials, PROPOSED, Map.of()));
  }

  @Test
  void authenticate_whenNoCustomAndStoreAllows_thenGrantedWithStoreRolesAndProposedProperties() {
    var granted =
        assertInstanceOf(
            AuthenticationOutcome.Granted.class, authenticate(List.of(), "client", "password"));
    assertEquals(new AuthenticationOutcome.Granted("client", Set.of("CLIENT"), PROPOSED), granted);
  }

  @Test
  void authenticate_whenCustomAllowsWithoutReplacements_thenStoreRolesKept() {
    var outcome =
        authenticate(List.of(recording("a", AuthenticationResult.allow())), "admin", "wrong");
    var granted = assertInstanceOf(AuthenticationOutcome.Granted.class, outcome);
    assertEquals(Set.of("ADMINISTRATOR"), granted.roles());
    assertEquals(PROPOSED, granted.userProperties());
  }

  @Test
  void authenticate_whenCustomAllowsUnknownPrincipalWithoutRoles_thenNoRoles() {
    var outcome =
        authenticate(List.of(recording("a", AuthenticationResult.allow())), "mallory", "x");
    assertEquals(Set.of(), assertInstanceOf(AuthenticationOutcome.Granted.class, outcome).roles());
  }

  @Test
  void authenticate_whenCustomReplacesPropertiesAndRoles_thenReplacementsWin() {
    var allow = new AuthenticationResult.Allow(Map.of("Tier", "gold"), Set.of("TRADER"));
    var outcome = authenticate(List.of(recording("a", allow)), "client", "password");
    assertEquals(
        new AuthenticationOutcome.Granted("client", Set.of("TRADER"), Map.of("Tier", "gold")),
        outcome);
  }

  @Test
  void authenticate_whenCustomDenies_thenRefusedAndLaterNotAsked() {
    var outcome =
        authenticate(
            List.of(
                recording("a", AuthenticationResult.deny("blocked at night")),
                recording("b", AuthenticationResult.allow())),
            "client",
            "password");
    assertEquals(new AuthenticationOutcome.Refused("blocked at night"), outcome);
    assertEquals(List.of("a"), asked);
  }

  @Test
  void authenticate_whenCustomAbstains_thenNextDecidesInOrder() {
    var outcome =
        authenticate(
            List.of(
                recording("a", AuthenticationResult.abstain()),
                recording("b", AuthenticationResult.abstain()),
                recording("c", AuthenticationResult.allowWithRoles(Set.of("CLIENT")))),
            "mallory",
            "x");
    assertInstanceOf(AuthenticationOutcome.Granted.class, outcome);
    assertEquals(List.of("a", "b", "c"), asked);
  }

  @Test
  void authenticate_whenAllAbstain_thenRefusedAsUnknownPrincipal() {
    var outcome =
        authenticate(List.of(recording("a", AuthenticationResult.abstain())), "mallory", "x");
    assertEquals(new AuthenticationOutcome.Refused(AuthenticatorChain.UNKNOWN_PRINCIPAL), outcome);
  }

  @Test
  void authenticate_whenCustomAbstainsAndPasswordWrong_thenStoreDenies() {
    var outcome =
        authenticate(List.of(recording("a", AuthenticationResult.abstain())), "client", "nope");
    assertEquals(new AuthenticationOutcome.Refused(StoreAuthenticator.WRONG_CREDENTIALS), outcome);
  }

  @Test
  void authenticate_whenCustomThrows_thenRefusedWithoutAskingOthers() {
    Authenticator thrower =
        request -> {
          throw new IllegalStateException("directory down");
        };
    var outcome =
        authenticate(
            List.of(thrower, recording("b", AuthenticationResult.allow())), "client", "password");
    assertEquals(
        new AuthenticationOutcome.Refused(AuthenticatorChain.AUTHENTICATOR_FAILED), outcome);
    assertEquals(List.of(), asked);
  }

  @Test
  void authenticate_whenCustomReturnsNull_thenRefused() {
    var outcome = authenticate(List.of(request -> null), "client", "password");
    assertInstanceOf(AuthenticationOutcome.Refused.class, outcome);
  }

  @Test
  void authenticate_whenAnonymousAndCustomAllows_thenAnonymousRoles() {
    var outcome = authenticate(List.of(recording("a", AuthenticationResult.allow())), null, null);
    var granted = assertInstanceOf(AuthenticationOutcome.Granted.class, outcome);
    assertEquals("", granted.principal());
    assertEquals(Set.of("CLIENT"), granted.roles());
  }
}
