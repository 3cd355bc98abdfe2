package dev.osmosis.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.AuthenticationOutcome;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.LoginThrottle;
import dev.osmosis.security.LoginThrottleSettings;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.TestSessions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BasicLoginsTest {
  final SecurityStore store = TestSessions.store();
  final AtomicInteger verifications = new AtomicInteger();
  final PasswordCheck counting =
      (password, encoded) -> {
        verifications.incrementAndGet();
        return PasswordHasher.matches(password, encoded);
      };
  final LoginThrottle throttle =
      new LoginThrottle(
          new LoginThrottleSettings(
              3,
              10,
              Duration.ofSeconds(1),
              Duration.ofSeconds(4),
              Duration.ofMinutes(1),
              100,
              1,
              1),
          TestSessions.CLOCK);
  final AtomicReference<Object> snapshot = new AtomicReference<>(new Object());
  final BasicLogins logins =
      new BasicLogins(
          new ConcurrentHashMap<>(),
          new AuthenticatorChain(List.of(), () -> store, throttle, counting),
          Runnable::run,
          snapshot::get);

  @Test
  void login_whenAFailedLoginComesBetween_thenTheRememberedLoginStays() {
    assertEquals(
        Set.of("ADMINISTRATOR"),
        assertInstanceOf(
                AuthenticationOutcome.Granted.class, logins.login("admin", "secret", "10.0.0.1", 0))
            .roles());
    assertInstanceOf(
        AuthenticationOutcome.Refused.class, logins.login("admin", "guess", "10.6.6.6", 1));
    int before = verifications.get();
    assertInstanceOf(
        AuthenticationOutcome.Granted.class, logins.login("admin", "secret", "10.0.0.1", 2));
    assertEquals(before, verifications.get(), "still remembered: no verification");
    logins.login("admin", "secret", "10.0.0.1", BasicLogins.REMEMBER_MILLIS + 1);
    assertEquals(before + 1, verifications.get(), "verified again once the memory expires");
  }

  @Test
  void login_whenTheSecurityStoreChanged_thenVerifiedAgain() {
    logins.login("admin", "secret", "10.0.0.1", 0);
    int before = verifications.get();
    logins.login("admin", "secret", "10.0.0.1", 1);
    assertEquals(before, verifications.get(), "remembered");
    snapshot.set(new Object()); // a new store: the password may have changed, the principal gone
    logins.login("admin", "secret", "10.0.0.1", 2);
    assertEquals(before + 1, verifications.get(), "verified against the new store");
    logins.login("admin", "secret", "10.0.0.1", 3);
    assertEquals(before + 1, verifications.get(), "remembered under the new store");
  }

  @Test
  void
      login_whenGuessedPastTheAllowance_thenThrottledWithoutVerifying_butTheRememberedUserGetsIn() {
    logins.login("admin", "secret", "10.0.0.1", 0);
    for (int i = 0; i < 3; i++) {
      logins.login("admin", "guess" + i, "10.6.6.6", 1);
    }
    int before = verifications.get();
    var refused =
        assertInstanceOf(
            AuthenticationOutcome.Refused.class, logins.login("admin", "guess", "10.6.6.6", 2));
    assertTrue(refused.throttled(), refused.message());
    assertEquals(before, verifications.get());
    assertInstanceOf(
        AuthenticationOutcome.Granted.class, logins.login("admin", "secret", "10.0.0.1", 3));
  }

  @Test
  void login_whenPoolFull_thenRejected() {
    BasicLogins full =
        new BasicLogins(
            new ConcurrentHashMap<>(),
            new AuthenticatorChain(List.of(), () -> store),
            task -> {
              throw new RejectedExecutionException("full");
            },
            () -> store);
    assertThrows(RejectedExecutionException.class, () -> full.login("admin", "secret", null, 0));
  }
}
