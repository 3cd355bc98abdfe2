package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoreAuthenticatorTest {
  private final AtomicReference<SecurityStore> current =
      new AtomicReference<>(TestStores.store(true));
  private final StoreAuthenticator authenticator = new StoreAuthenticator(current::get);

  @Test
  void authenticate_whenAnonymousAllowed_thenAllowWithAnonymousRoles() {
    var result = authenticator.authenticate(AuthenticationRequest.anonymous());
    assertEquals(
        Set.of("CLIENT"), assertInstanceOf(AuthenticationResult.Allow.class, result).roles());
  }

  @Test
  void authenticate_whenAnonymousNotAllowed_thenDeny() {
    current.set(TestStores.store(false));
    var result = authenticator.authenticate(AuthenticationRequest.of(null, "ignored"));
    assertInstanceOf(AuthenticationResult.Deny.class, result);
  }

  @Test
  void authenticate_whenRightPassword_thenAllowWithPrincipalRoles() {
    var result = authenticator.authenticate(AuthenticationRequest.of("admin", "adm1n"));
    assertEquals(
        Set.of("ADMINISTRATOR"),
        assertInstanceOf(AuthenticationResult.Allow.class, result).roles());
  }

  @Test
  void authenticate_whenWrongPassword_thenDeny() {
    var result = authenticator.authenticate(AuthenticationRequest.of("admin", "password"));
    assertEquals(
        StoreAuthenticator.WRONG_CREDENTIALS,
        assertInstanceOf(AuthenticationResult.Deny.class, result).message());
  }

  @Test
  void authenticate_whenNoCredentials_thenDeny() {
    var result = authenticator.authenticate(AuthenticationRequest.of("admin", null));
    assertInstanceOf(AuthenticationResult.Deny.class, result);
  }

  @Test
  void authenticate_whenUnknownPrincipal_thenAbstain() {
    var result = authenticator.authenticate(AuthenticationRequest.of("mallory", "password"));
    assertInstanceOf(AuthenticationResult.Abstain.class, result);
  }

  @Test
  void authenticate_whenStoreReplaced_thenNextCallUsesNewStore() {
    current.set(TestStores.store(false));
    assertInstanceOf(
        AuthenticationResult.Deny.class,
        authenticator.authenticate(AuthenticationRequest.anonymous()));
  }

  @Test
  void store_whenPrincipalHasUndefinedRole_thenRejected() {
    SecurityPolicy policy = TestStores.store(true).policy();
    var principal = new StoredPrincipal("x", TestStores.FAST.hash("p"), Set.of("NOPE"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SecurityStore(AnonymousPolicy.DENIED, List.of(principal), policy));
    assertEquals("Principal x has undefined role NOPE", e.getMessage());
  }

  @Test
  void principalsWithDefaultPassword_whenOneUsesIt_thenOnlyThatOne() {
    assertEquals(
        List.of("client"),
        TestStores.store(true).principalsWithDefaultPassword(List.of("password")));
  }
}
