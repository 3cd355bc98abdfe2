package dev.osmosis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.message.MessagingFixtures.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock();
  // 3 failures per name, 6 per address, then 1 s, 2 s, 4 s, capped at 5 s; forgotten after 60 s
  final LoginThrottle throttle =
      new LoginThrottle(
          new LoginThrottleSettings(
              3,
              6,
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              Duration.ofSeconds(60),
              100,
              1,
              1),
          clock);

  private void fail(String principal, String address, int times) {
    for (int i = 0; i < times; i++) {
      assertEquals(0, throttle.begin(principal, address), "attempt " + (i + 1) + " may go ahead");
    }
  }

  @Test
  void begin_whenPrincipalPastAllowance_thenWaitDoublesUpToTheCap() {
    fail("admin", "10.0.0.1", 3);
    assertEquals(
        1_000, throttle.begin("admin", "10.0.0.2"), "a fourth attempt waits 1 s, from any address");
    clock.advance(999);
    assertEquals(1, throttle.begin("admin", "10.0.0.3"));
    clock.advance(1);
    fail("admin", "10.0.0.4", 1);
    assertEquals(2_000, throttle.begin("admin", "10.0.0.5"));
    clock.advance(2_000);
    fail("admin", "10.0.0.6", 1);
    assertEquals(4_000, throttle.begin("admin", "10.0.0.7"));
    clock.advance(4_000);
    fail("admin", "10.0.0.8", 1);
    assertEquals(5_000, throttle.begin("admin", "10.0.0.9"), "capped at maxDelay");
    assertEquals(0, throttle.begin("client", "10.0.0.9"), "another name is not held back");
  }

  @Test
  void failed_thenTheWaitRunsFromTheEndOfTheVerification() {
    fail("admin", "10.0.0.1", 3);
    clock.advance(1_500); // the third verification took 1.5 s
    throttle.failed("admin", "10.0.0.1");
    assertEquals(
        1_000, throttle.begin("admin", "10.0.0.1"), "a full second after the failure, not 0");
  }

  @Test
  void begin_whenAddressPastAllowance_thenEveryNameFromItWaits() {
    for (int i = 0; i < 6; i++) {
      fail("user" + i, "10.0.0.1", 1);
    }
    assertEquals(1_000, throttle.begin("someone-else", "10.0.0.1"));
    assertEquals(0, throttle.begin("someone-else", "10.0.0.2"), "another address is not held back");
  }

  @Test
  void succeeded_thenTheNameStartsAgainAndTheAddressGetsItsAttemptBack() {
    fail("admin", "10.0.0.1", 2);
    throttle.succeeded("admin", "10.0.0.1");
    fail("admin", "10.0.0.1", 3);
    assertEquals(1_000, throttle.begin("admin", "10.0.0.1"));
    // the address: 2 + 3 attempts minus the one that succeeded = 4 failures; 2 more before it waits
    fail("other", "10.0.0.1", 2);
    assertEquals(1_000, throttle.begin("third", "10.0.0.1"));
  }

  @Test
  void begin_whenQuietForForgetAfter_thenCountsFromZero() {
    fail("admin", null, 3);
    clock.advance(60_000);
    fail("admin", null, 3);
    assertEquals(1_000, throttle.begin("admin", null));
  }

  @Test
  void begin_whenTrackingIsFull_thenOnlyForgottenEntriesMakeRoom() {
    for (int i = 0; i < 100; i++) {
      throttle.begin("name" + i, null);
    }
    assertEquals(100, throttle.tracked());
    throttle.begin("one-more", null);
    assertEquals(100, throttle.tracked(), "bounded");
    clock.advance(60_000);
    throttle.begin("after-a-minute", null);
    assertEquals(1, throttle.tracked(), "the forgotten ones were dropped to make room");
  }

  @Test
  void settings_whenInconsistent_thenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LoginThrottleSettings(0, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LoginThrottleSettings(
                1,
                1,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                1,
                1,
                1));
  }
}
