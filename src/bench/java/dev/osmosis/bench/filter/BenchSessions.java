package dev.osmosis.bench.filter;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Handshake;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.wire.CloseReason;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Real server sessions on a connection that hands each message to a consumer (no transport). */
public final class BenchSessions {
  private BenchSessions() {}

  public static Session[] open(int count, Consumer<String> sink) {
    SecurityStore store =
        new SecurityStore(
            new AnonymousPolicy(true, Set.of()), List.of(), new SecurityPolicy(List.of()));
    Sessions sessions =
        new Sessions(
            SessionSettings.defaults(),
            new SessionRegistry(),
            new AuthenticatorChain(
                List.of(request -> AuthenticationResult.allowWithRoles(Set.of("CLIENT"))),
                () -> store),
            Clock.systemUTC());
    Connection connection =
        new Connection() {
          @Override
          public void send(String message) {
            sink.accept(message);
          }

          @Override
          public void close(CloseReason reason, String message) {}

          @Override
          public String remoteAddress() {
            return "10.0.0.1";
          }
        };
    Session[] all = new Session[count];
    for (int i = 0; i < count; i++) {
      all[i] =
          sessions.open(
              new Handshake("JAVA", null, null, Map.of(), Transport.WEBSOCKET, "10.0.0.1", -1),
              connection);
    }
    return all;
  }
}
