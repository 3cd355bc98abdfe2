package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  // ---- the same answer and the same work for unknown principals; the login throttle

  /** Records which hashes were verified, delegating to PBKDF2. */
  private final List<String> verified = new ArrayList<>();

  private final PasswordCheck recordingCheck =
      (password, encoded) -> {
        verified.add(encoded);
        return PasswordHasher.matches(password, encoded);
      };

  private AuthenticationOutcome login(AuthenticatorChain chain, String principal, String password) {
    return chain.authenticate(
        new AuthenticationRequest(
            principal, password, Map.of(), Map.of(AuthenticationRequest.CLIENT_IP, "10.0.0.9")));
  }

  @Test
  void authenticate_whenUnknownPrincipalOrWrongPassword_thenSameMessageAndOneHashVerifiedEach() {
    var chain = new AuthenticatorChain(List.of(), () -> store, null, recordingCheck);
    var unknown = login(chain, "nobody", "guess");
    assertEquals(
        List.of(store.unknownPrincipalHash()),
        verified,
        "a hash is verified for an unknown principal");
    var wrong = login(chain, "admin", "guess");
    assertEquals(2, verified.size());
    assertEquals(store.principal("admin").orElseThrow().passwordHash(), verified.get(1));
    assertEquals(
        assertInstanceOf(AuthenticationOutcome.Refused.class, wrong).message(),
        assertInstanceOf(AuthenticationOutcome.Refused.class, unknown).message());
    assertEquals(
        PasswordHasher.iterations(store.principal("admin").orElseThrow().passwordHash()),
        PasswordHasher.iterations(store.unknownPrincipalHash()),
        "the unknown principal's hash costs what the store's do");
  }

  @Test
  void authenticate_whenThrottled_thenRefusedWithRetryAndNothingVerified() {
    var clock = new dev.osmosis.message.MessagingFixtures.MutableClock();
    var throttle =
        new LoginThrottle(
            new LoginThrottleSettings(
                2,
                100,
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(8),
                java.time.Duration.ofMinutes(1),
                100,
                1,
                1),
            clock);
    var chain = new AuthenticatorChain(List.of(), () -> store, throttle, recordingCheck);
    login(chain, "nobody", "a");
    login(chain, "nobody", "b");
    verified.clear();
    var refused =
        assertInstanceOf(AuthenticationOutcome.Refused.class, login(chain, "nobody", "c"));
    assertEquals(1_000, refused.retryAfterMillis());
    assertTrue(
        refused.throttled() && refused.message().contains("retry in 1 s"), refused.message());
    assertEquals(List.of(), verified, "a throttled attempt costs no hashing");

    login(chain, "admin", "x");
    login(chain, "admin", "y");
    var known =
        assertInstanceOf(AuthenticationOutcome.Refused.class, login(chain, "admin", "adm1n"));
    assertEquals(
        refused.message(), known.message(), "known and unknown principals are throttled alike");
    clock.advance(1_000);
    assertInstanceOf(AuthenticationOutcome.Granted.class, login(chain, "admin", "adm1n"));
    assertInstanceOf(AuthenticationOutcome.Refused.class, login(chain, "admin", "z"));
    assertInstanceOf(
        AuthenticationOutcome.Refused.class,
        login(chain, "admin", "z"),
        "after a success the name starts again from zero: two failures allowed");
    assertTrue(
        login(chain, "admin", "adm1n") instanceof AuthenticationOutcome.Refused r && r.throttled());
  }

  @Test
  void authenticate_whenAnonymous_thenNeverThrottled() {
    var clock = new dev.osmosis.message.MessagingFixtures.MutableClock();
    var throttle =
        new LoginThrottle(
            new LoginThrottleSettings(
                1,
                1,
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMinutes(1),
                100,
                1,
                1),
            clock);
    var chain = new AuthenticatorChain(List.of(), () -> store, throttle, recordingCheck);
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(AuthenticationOutcome.Granted.class, login(chain, "", null));
    }
    assertEquals(0, throttle.tracked());
  }
}
