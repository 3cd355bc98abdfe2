package dev.osmosis.it;

import dev.osmosis.security.AuthenticationRequest;
import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.security.Authenticator;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A custom authenticator deployed only in tests, to check the chain: principals {@code ext-*} are
 * allowed with role EXTERNAL plus CLIENT and a user property set by the authenticator; {@code
 * blocked} is denied; {@code thrower} throws (counts as deny); {@code geo-*} are allowed with
 * {@code $Country} NZ and {@code $Language} en (fixed properties an authenticator may set); {@code
 * spoofer} is allowed with a {@code $ClientIP} (one it may not set: the session is refused);
 * everyone else is left to the store.
 */
@ApplicationScoped
@Priority(10)
public class TestAuthenticator implements Authenticator {
  @Override
  public AuthenticationResult authenticate(AuthenticationRequest request) {
    String principal = request.principal();
    if (principal.startsWith("ext-")) {
      Map<String, String> properties = new HashMap<>(request.proposedProperties());
      properties.put("Source", "external");
      return new AuthenticationResult.Allow(properties, Set.of("CLIENT", "EXTERNAL"));
    }
    if (principal.startsWith("geo-")) {
      return AuthenticationResult.allow()
          .withFixedProperties(Map.of("$Country", "NZ", "$Language", "en"));
    }
    if (principal.equals("spoofer")) {
      return AuthenticationResult.allow().withFixedProperties(Map.of("$ClientIP", "192.0.2.1"));
    }
    if (principal.equals("blocked")) {
      return AuthenticationResult.deny("blocked by policy");
    }
    if (principal.equals("thrower")) {
      throw new IllegalStateException("authenticator failure for tests");
    }
    return AuthenticationResult.abstain();
  }
}
