package dev.osmosis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * osmosis.maxAnonymousSessionsPerAddress: anonymous sessions per $ClientIP, named principals not
 * counted.
 */
class AnonymousSessionCapTest {
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final AddressQuota quota = new AddressQuota(2);
  final Sessions sessions =
      new Sessions(
          SessionSettings.defaults(),
          new SessionRegistry(),
          new AuthenticatorChain(List.of(), TestSessions::store),
          TestSessions.CLOCK,
          quota);

  @Test
  void open_whenAddressHoldsTheMostAnonymousSessions_thenAccessDeniedAndNothingRegistered() {
    sessions.open(anonymousFrom("10.0.0.7"), connection);
    sessions.open(anonymousFrom("10.0.0.7"), connection);

    HandshakeRefusedException e =
        assertThrows(
            HandshakeRefusedException.class,
            () -> sessions.open(anonymousFrom("10.0.0.7"), connection));

    assertEquals(CloseReason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().contains("too many anonymous sessions"), e.getMessage());
    assertEquals(2, sessions.registry().size());
    assertEquals(2, quota.held("10.0.0.7"));
  }

  @Test
  void open_whenOtherAddressOrNamedPrincipal_thenNotLimitedByTheFullAddress() {
    sessions.open(anonymousFrom("10.0.0.7"), connection);
    sessions.open(anonymousFrom("10.0.0.7"), connection);

    sessions.open(anonymousFrom("10.0.0.8"), connection);
    sessions.open(
        TestSessions.handshake("client", "password", Map.of()), connection); // from 10.0.0.7

    assertEquals(4, sessions.registry().size());
    assertEquals(2, quota.held("10.0.0.7"));
  }

  @Test
  void open_whenAnAnonymousSessionCloses_thenItsAddressMayOpenAnother() {
    Session first = sessions.open(anonymousFrom("10.0.0.7"), connection);
    sessions.open(anonymousFrom("10.0.0.7"), connection);

    first.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    assertEquals(1, quota.held("10.0.0.7"));
    sessions.open(anonymousFrom("10.0.0.7"), connection);
    assertEquals(2, quota.held("10.0.0.7"));
  }

  @Test
  void open_whenCapIsZero_thenNoAnonymousSessions() {
    Sessions none =
        new Sessions(
            SessionSettings.defaults(),
            new SessionRegistry(),
            new AuthenticatorChain(List.of(), TestSessions::store),
            TestSessions.CLOCK,
            new AddressQuota(0));
    assertEquals(
        CloseReason.ACCESS_DENIED,
        assertThrows(
                HandshakeRefusedException.class,
                () -> none.open(anonymousFrom("10.0.0.7"), connection))
            .reason());
  }

  private static Handshake anonymousFrom(String address) {
    return new Handshake("JAVA", null, null, Map.of(), Transport.WEBSOCKET, address, -1);
  }
}
