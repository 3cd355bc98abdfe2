package dev.osmosis.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small stores for tests, hashed with few iterations so tests stay fast. */
final class TestStores {
  static final PasswordHasher FAST = new PasswordHasher(1_000);

  private TestStores() {}

  static SecurityStore store(boolean anonymousAllowed) {
    SecurityPolicy policy =
        new SecurityPolicy(
            List.of(
                new Role("CLIENT", Set.of(), Set.of(PathPermission.READ_TOPIC), Map.of(), Set.of()),
                new Role(
                    "ADMINISTRATOR",
                    Set.of(GlobalPermission.values()),
                    Set.of(PathPermission.values()),
                    Map.of(),
                    Set.of("CLIENT"))));
    return new SecurityStore(
        new AnonymousPolicy(anonymousAllowed, Set.of("CLIENT")),
        List.of(
            new StoredPrincipal("client", FAST.hash("password"), Set.of("CLIENT")),
            new StoredPrincipal("admin", FAST.hash("adm1n"), Set.of("ADMINISTRATOR"))),
        policy);
  }
}
