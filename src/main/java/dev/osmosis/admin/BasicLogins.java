package dev.osmosis.admin;

import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticationRequest;
import dev.osmosis.security.AuthenticatorChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The admin API's Basic logins, plain Java: verified by the authenticator chain (so the login
 * throttle applies, by principal and by the caller's address) on the bounded login pool, and a
 * successful login remembered for {@value #REMEMBER_MILLIS} ms as a SHA-256 of the credentials
 * (never the password itself): a console polling every second does not pay PBKDF2 each time, and a
 * remembered login is forgotten as soon as the security store changes (a new snapshot: a password
 * changed, a principal removed, roles reassigned, by any of the admin API, the protocol or the
 * console), so it never outlives the credentials it proved. A failed login leaves the remembered
 * one alone: it proves nothing about the real user's credentials, and evicting them would let
 * anyone make every request of that user pay a verification again. Thread safe.
 */
final class BasicLogins {
  static final long REMEMBER_MILLIS = 30_000;
  static final int MAX_REMEMBERED = 1_000;

  /** A remembered successful login. */
  record Remembered(byte[] digest, Set<String> roles, long until, Object store) {}

  private final ConcurrentHashMap<String, Remembered> remembered;
  private final AuthenticatorChain authenticators;
  private final Executor pool;
  private final Supplier<?> store;

  /**
   * @param remembered the logins remembered so far, shared by every request
   * @param pool where passwords are verified; a full pool throws {@link
   *     java.util.concurrent.RejectedExecutionException} from {@link #login}
   * @param store the current security store snapshot: a login remembered under another one is
   *     verified again
   */
  BasicLogins(
      ConcurrentHashMap<String, Remembered> remembered,
      AuthenticatorChain authenticators,
      Executor pool,
      Supplier<?> store) {
    this.remembered = remembered;
    this.authenticators = authenticators;
    this.pool = pool;
    this.store = store;
  }

  /**
   * @param address the caller's address, or null
   * @param now the time (epoch ms)
   */
  AuthenticationOutcome login(String principal, String password, String address, long now) {
    byte[] digest = digest(principal, password);
    Object snapshot = store.get();
    Remembered known = remembered.get(principal);
    if (known != null
        && known.until > now
        && known.store == snapshot
        && MessageDigest.isEqual(known.digest, digest)) {
      return new AuthenticationOutcome.Granted(principal, known.roles, Map.of());
    }
    AuthenticationRequest request =
        new AuthenticationRequest(
            principal,
            password,
            Map.of(),
            address == null ? Map.of() : Map.of(AuthenticationRequest.CLIENT_IP, address));
    AuthenticationOutcome outcome;
    try {
      outcome =
          CompletableFuture.supplyAsync(() -> authenticators.authenticate(request), pool).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    if (outcome instanceof AuthenticationOutcome.Granted granted) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.values().removeIf(r -> r.until <= now);
        if (remembered.size() >= MAX_REMEMBERED) {
          remembered.clear();
        }
      }
      remembered.put(
          principal, new Remembered(digest, granted.roles(), now + REMEMBER_MILLIS, snapshot));
    }
    return outcome;
  }

  private static byte[] digest(String principal, String password) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest((principal + '\u0000' + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
