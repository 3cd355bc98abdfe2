package dev.osmosis.bench.filter;

import dev.osmosis.filter.FilterTarget;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Handshake;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.wire.CloseReason;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Opens real server sessions (no transport) for benchmarks. */
final class RealSessions {
  private RealSessions() {}

  static FilterTarget[] open(int count, String[] departments, Random random) {
    SecurityStore store =
        new SecurityStore(
            new AnonymousPolicy(true, Set.of()), List.of(), new SecurityPolicy(List.of()));
    Sessions sessions =
        new Sessions(
            SessionSettings.defaults(),
            new SessionRegistry(),
            new AuthenticatorChain(List.of(request -> AuthenticationResult.allow()), () -> store),
            Clock.systemUTC());
    Connection none =
        new Connection() {
          @Override
          public void send(String message) {}

          @Override
          public void close(CloseReason reason, String message) {}

          @Override
          public String remoteAddress() {
            return "10.0.0.1";
          }
        };
    FilterTarget[] all = new FilterTarget[count];
    for (int i = 0; i < count; i++) {
      Map<String, String> user =
          Map.of(
              "Department",
              new String(departments[random.nextInt(departments.length)]),
              "Status",
              random.nextBoolean() ? "Open" : "Closed",
              "Desk",
              "desk-" + random.nextInt(50));
      all[i] =
          sessions.open(
              new Handshake("JAVA", null, null, user, Transport.WEBSOCKET, "10.0.0.1", -1), none);
    }
    return all;
  }
}
