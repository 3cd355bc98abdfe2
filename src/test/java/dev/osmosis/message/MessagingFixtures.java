package dev.osmosis.message;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sessions for messaging and lock tests: anonymous sessions are CLIENT (SEND_TO_MESSAGE_HANDLER);
 * principal {@code control} (password {@code password}) adds REGISTER_HANDLER, SEND_TO_SESSION and
 * ACQUIRE_LOCK, except ACQUIRE_LOCK under {@code secret}.
 */
public final class MessagingFixtures {
  private static final PasswordHasher FAST = new PasswordHasher(1_000);

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private volatile long millis = Instant.parse("2026-11-22T12:00:00Z").toEpochMilli();

    public void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  public final SecurityStore store;
  public final Sessions sessions;
  public final SessionRegistry registry = new SessionRegistry();

  public MessagingFixtures() {
    Role client =
        new Role(
            "CLIENT", Set.of(), Set.of(PathPermission.SEND_TO_MESSAGE_HANDLER), Map.of(), Set.of());
    Role control =
        new Role(
            "CONTROL",
            Set.of(GlobalPermission.REGISTER_HANDLER),
            Set.of(PathPermission.SEND_TO_SESSION, PathPermission.ACQUIRE_LOCK),
            Map.of("secret", Set.of()),
            Set.of("CLIENT"));
    store =
        new SecurityStore(
            new AnonymousPolicy(true, Set.of("CLIENT")),
            List.of(new StoredPrincipal("control", FAST.hash("password"), Set.of("CONTROL"))),
            new SecurityPolicy(List.of(client, control)));
    sessions =
        new Sessions(
            SessionSettings.defaults(),
            registry,
            new AuthenticatorChain(List.of(), () -> store),
            TestSessions.CLOCK);
  }

  /**
   * A session with the roles of {@code principal} (null: anonymous CLIENT) and the given user
   * properties.
   */
  public Session open(
      String principal,
      Map<String, String> properties,
      TestSessions.RecordingConnection connection) {
    return sessions.open(
        TestSessions.handshake(principal, principal == null ? null : "password", properties),
        connection);
  }
}
