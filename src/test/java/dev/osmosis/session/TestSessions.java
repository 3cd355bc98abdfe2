package dev.osmosis.session;

import dev.osmosis.control.ClientControl;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.Authenticator;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PasswordHasher;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.security.StoredPrincipal;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.wire.CloseReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fixtures: a small store (fast hashes), a fixed clock, and a connection that records what it is
 * told.
 */
public final class TestSessions {
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final PasswordHasher FAST = new PasswordHasher(1_000);

  private TestSessions() {}

  private static SecurityStore store;

  /** One store per test JVM (hashing even at 1,000 iterations is worth doing once). */
  public static synchronized SecurityStore store() {
    if (store == null) {
      store = newStore();
    }
    return store;
  }

  private static SecurityStore newStore() {
    Role client =
        new Role(
            "CLIENT",
            Set.of(),
            Set.of(PathPermission.SELECT_TOPIC, PathPermission.READ_TOPIC),
            Map.of("secret", Set.of()),
            Set.of());
    Role admin =
        new Role(
            "ADMINISTRATOR",
            Set.of(GlobalPermission.values()),
            Set.of(PathPermission.values()),
            Map.of(),
            Set.of("CLIENT"));
    return new SecurityStore(
        new AnonymousPolicy(true, Set.of("CLIENT")),
        List.of(
            new StoredPrincipal("client", FAST.hash("password"), Set.of("CLIENT")),
            new StoredPrincipal("admin", FAST.hash("secret"), Set.of("ADMINISTRATOR"))),
        new SecurityPolicy(List.of(client, admin)));
  }

  public static Sessions sessions(Authenticator... custom) {
    SecurityStore store = store();
    return new Sessions(
        SessionSettings.defaults(),
        new SessionRegistry(),
        new AuthenticatorChain(List.of(custom), () -> store),
        CLOCK);
  }

  /** Subscriptions over a new topic tree, with the test store. */
  public static Subscriptions subscriptions() {
    return subscriptions(new TopicTree());
  }

  /** Subscriptions over {@code tree}, with the test store. */
  public static Subscriptions subscriptions(TopicTree tree) {
    SecurityStore store = store();
    return new Subscriptions(tree, new TopicSelectors(), () -> store, JsonTopicEncoder.INSTANCE);
  }

  /** Client control over the same registry and store as {@code sessions}. */
  public static ClientControl control(Sessions sessions) {
    SecurityStore store = store();
    return new ClientControl(sessions.registry(), new SessionFilters(), () -> store);
  }

  public static Handshake handshake(
      String principal, String credentials, Map<String, String> properties) {
    return new Handshake(
        "JAVA", principal, credentials, properties, Transport.WEBSOCKET, "10.0.0.7", -1);
  }

  /** Records sends and closes. */
  public static final class RecordingConnection implements Connection {
    public final List<String> sent = new ArrayList<>();
    public final List<CloseReason> closes = new ArrayList<>();
    public final List<String> closeMessages = new ArrayList<>();
    public final List<Long> conflated = new ArrayList<>();

    /**
     * The delivery priority of each message in {@link #sent} ({@link Connection#DEFAULT} unless one
     * was given).
     */
    public final List<Integer> priorities = new ArrayList<>();

    public volatile boolean backedUp;

    @Override
    public synchronized void sendConflated(Long key, String message, String full) {
      sendConflated(key, message, full, DEFAULT);
    }

    @Override
    public synchronized void sendConflated(Long key, String message, String full, int priority) {
      conflated.add(key);
      sent.add(message);
      priorities.add(priority);
    }

    @Override
    public synchronized void send(String message, int priority) {
      sent.add(message);
      priorities.add(priority);
    }

    @Override
    public boolean isBackedUp() {
      return backedUp;
    }

    @Override
    public synchronized void send(String message) {
      send(message, DEFAULT);
    }

    @Override
    public synchronized void close(CloseReason reason, String message) {
      closes.add(reason);
      closeMessages.add(message);
    }

    @Override
    public String remoteAddress() {
      return "10.0.0.7";
    }

    public synchronized String last() {
      return sent.get(sent.size() - 1);
    }
  }
}
