package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.AuthenticationResult;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code EXPOSE_BRANCH} and {@code AUTHENTICATE} grant nothing in Osmosis (docs/SECURITY.md
 * "Permissions Osmosis accepts but never checks"): a role holding only them at a branch sees
 * nothing of it through fetch or topic notifications, which show what READ_TOPIC and SELECT_TOPIC
 * allow.
 */
class InertPermissionsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final SecurityStore store =
      new SecurityStore(
          new AnonymousPolicy(true, Set.of()),
          List.of(),
          new SecurityPolicy(
              List.of(
                  new Role(
                      "EXPOSER",
                      Set.of(GlobalPermission.AUTHENTICATE),
                      Set.of(PathPermission.SELECT_TOPIC, PathPermission.READ_TOPIC),
                      Map.of("hidden", Set.of(PathPermission.EXPOSE_BRANCH)),
                      Set.of()),
                  new Role(
                      "ADMINISTRATOR",
                      Set.of(GlobalPermission.values()),
                      Set.of(PathPermission.values()),
                      Map.of(),
                      Set.of()))));
  final Subscriptions subscriptions =
      new Subscriptions(
          new TopicTree(), new TopicSelectors(), () -> store, JsonTopicEncoder.INSTANCE);
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Session exposer =
      new Sessions(
              SessionSettings.defaults(),
              new SessionRegistry(),
              new AuthenticatorChain(
                  List.of(request -> AuthenticationResult.allowWithRoles(Set.of("EXPOSER"))),
                  () -> store),
              TestSessions.CLOCK)
          .open(handshake("exposer", "any", Map.of()), connection);

  InertPermissionsTest() {
    TopicControl topics = new TopicControl(subscriptions, () -> store);
    for (String path : List.of("open/a", "hidden/b", "hidden/c/d")) {
      topics.addAndSet(ADMIN, path, TopicSpecification.of(TopicType.STRING), "v");
    }
  }

  @Test
  void fetch_whenOnlyExposeBranchAtABranch_thenNothingOfItIsRevealed() {
    List<String> paths = new ArrayList<>();
    subscriptions
        .fetcher()
        .fetch(exposer, FetchQuery.of("?.*//"))
        .items()
        .forEach(i -> paths.add(i.topic().path()));
    assertEquals(List.of("open/a"), paths);
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> subscriptions.fetcher().fetch(exposer, FetchQuery.of("?hidden//")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
  }

  @Test
  void topicNotifications_whenOnlyExposeBranchAtABranch_thenNoEventForIt() {
    assertEquals(1, subscriptions.notifications().select(exposer, "?.*//"));
    assertEquals(1, connection.sent.size());
    assertFalse(connection.sent.get(0).contains("hidden"), connection.sent.get(0));
  }

  @Test
  void authenticate_whenHeld_thenGrantsNoOtherGlobalPermission() {
    var permissions = store.policy().permissions(Set.of("EXPOSER"));
    assertEquals(Set.of(GlobalPermission.AUTHENTICATE), permissions.global());
    assertFalse(permissions.has(GlobalPermission.REGISTER_HANDLER));
    assertFalse(permissions.has(PathPermission.SELECT_TOPIC, "hidden/b"));
    assertFalse(permissions.has(PathPermission.READ_TOPIC, "hidden/c/d"));
  }
}
