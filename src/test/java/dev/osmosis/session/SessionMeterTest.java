package dev.osmosis.session;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.meter.AuthFailure;
import dev.osmosis.meter.ServerMeters;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions and authentications counted in {@link ServerMeters}. */
class SessionMeterTest {
  final ServerMeters meters = new ServerMeters();
  final SessionRegistry registry = new SessionRegistry();
  final Sessions sessions =
      new Sessions(
          SessionSettings.defaults(),
          registry,
          new AuthenticatorChain(List.of(), TestSessions::store),
          TestSessions.CLOCK,
          AddressQuota.unlimited(),
          meters);
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();

  {
    registry.addListener(new SessionMeter(meters));
  }

  @Test
  void open_whenGrantedThenClosed_thenCountsSuccessOpenAndCloseByReason() {
    Session s = sessions.open(handshake("client", "password", Map.of()), connection);
    s.close(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED, "slow");

    assertEquals(1, meters.authenticationSuccesses());
    assertEquals(1, meters.opened());
    assertEquals(1, meters.closed(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED));
    assertEquals(1, meters.closedTotal());
  }

  @Test
  void open_whenBadPassword_thenCountsOneDeniedAndNoSession() {
    assertThrows(
        HandshakeRefusedException.class,
        () -> sessions.open(handshake("client", "nope", Map.of()), connection));

    assertEquals(1, meters.authenticationFailures(AuthFailure.DENIED));
    assertEquals(1, meters.authenticationFailures());
    assertEquals(0, meters.authenticationSuccesses());
    assertEquals(0, meters.opened());
  }

  @Test
  void changePrincipal_whenRefusedThenGranted_thenCountsBoth() {
    Session s = sessions.open(handshake(null, null, Map.of()), connection);

    sessions.changePrincipal(s, "client", "wrong");
    sessions.changePrincipal(s, "client", "password");

    assertEquals(1, meters.authenticationFailures(AuthFailure.DENIED));
    assertEquals(2, meters.authenticationSuccesses()); // the anonymous open and the change
  }
}
