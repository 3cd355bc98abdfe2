package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.message.MessagingFixtures.MutableClock;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** REMOVAL policies evaluated by the sweep against a clock the test moves by hand. */
class TopicExpiryTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final long S = 1000;

  final MutableClock clock = new MutableClock();
  final SecurityStore store = TestSessions.store();
  final TopicTree tree = new TopicTree(clock);
  final Subscriptions subscriptions =
      new Subscriptions(tree, new TopicSelectors(), () -> store, JsonTopicEncoder.INSTANCE);
  final TopicControl topics = new TopicControl(subscriptions, () -> store);
  final Sessions sessions = TestSessions.sessions();
  final TopicExpiry expiry =
      new TopicExpiry(tree, sessions.registry(), new TopicSelectors(), clock);
  final long t0 = clock.millis();

  TestSessions.RecordingConnection connection;

  Session open(String principal, String password) {
    connection = new TestSessions.RecordingConnection();
    return sessions.open(handshake(principal, password, Map.of()), connection);
  }

  void add(String path, String removal) {
    topics.add(ADMIN, path, spec(removal));
  }

  static TopicSpecification spec(String removal) {
    return TopicSpecification.of(TopicType.STRING)
        .withProperty(TopicSpecification.REMOVAL, removal);
  }

  /** Moves the clock to {@code t0 + offset} and sweeps. */
  int sweepAt(long offset) {
    clock.advance(t0 + offset - clock.millis());
    return expiry.sweep();
  }

  boolean exists(String path) {
    return tree.get(path) != null;
  }

  @Test
  void timeAfter_whenTimePasses_thenRemovedAndSubscriberToldRemoval() {
    add("t", "when time after " + (t0 + 5 * S));
    Session client = open("client", "password");
    subscriptions.select(client, "t");
    long id = tree.get("t").id();

    assertEquals(0, sweepAt(5 * S - 1));
    assertTrue(exists("t"));
    assertEquals(1, sweepAt(5 * S));
    assertNull(tree.get("t"));
    assertEquals(
        "{\"t\":\"unsubscribe\",\"a\":" + id + ",\"reason\":\"REMOVAL\"}", connection.last());
    assertEquals(0, expiry.tracked());
  }

  @Test
  void subscriptionsBelow_whenSubscribedThenUnsubscribed_thenPeriodCountsFromTheUnsubscription() {
    add("s", "when subscriptions < 1 for 10s");
    Session client = open("client", "password");
    clock.advance(9 * S);
    subscriptions.select(client, "s");
    assertEquals(0, sweepAt(9 * S));
    assertEquals(0, sweepAt(20 * S), "a subscriber: not below");
    subscriptions.unselect(client, "s");
    assertEquals(0, sweepAt(20 * S));
    assertEquals(0, sweepAt(29 * S));
    assertEquals(1, sweepAt(30 * S));
  }

  @Test
  void subscriptionsBelow_whenNeverSubscribed_thenCountsFromCreation() {
    add("s", "when local subscriptions < 1 for 10s");
    assertEquals(0, sweepAt(9 * S));
    assertEquals(1, sweepAt(10 * S));
  }

  @Test
  void subscriptionsBelow_whenEnoughSubscribers_thenKept() {
    add("s", "when subscriptions < 2 for 1s");
    subscriptions.select(open("client", "password"), "s");
    subscriptions.select(open("client", "password"), "s");
    assertEquals(0, sweepAt(60 * S));
    assertTrue(exists("s"));
  }

  @Test
  void subscriptionsBelowAfter_thenPeriodStartsAfterTheGrace() {
    add("s", "when subscriptions < 2 for 10s after 1m");
    assertEquals(0, sweepAt(10 * S));
    assertEquals(0, sweepAt(69 * S));
    assertEquals(1, sweepAt(70 * S));
  }

  @Test
  void noUpdates_thenCountsFromTheLastUpdate() {
    add("u", "when no updates for 10s");
    clock.advance(5 * S);
    topics.set(ADMIN, "u", TopicType.STRING, "v");
    assertEquals(0, sweepAt(14 * S));
    assertEquals(1, sweepAt(15 * S));
  }

  @Test
  void noUpdatesAfter_thenPeriodStartsAfterTheGrace() {
    add("u", "when no updates for 10s after 1m");
    assertEquals(0, sweepAt(60 * S));
    assertEquals(0, sweepAt(69 * S));
    assertEquals(1, sweepAt(70 * S));
  }

  @Test
  void noSessionHasFor_whenTheLastMatchingSessionCloses_thenRemovedAfterThePeriod() {
    add("n", "when no session has '$Principal is \"client\"' for 10s");
    Session client = open("client", "password");
    assertEquals(0, sweepAt(100 * S));
    client.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(0, sweepAt(100 * S));
    Session again = open("client", "password");
    assertEquals(0, sweepAt(105 * S), "a matching session came back: the period restarts");
    again.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(0, sweepAt(106 * S));
    assertEquals(0, sweepAt(115 * S));
    assertEquals(1, sweepAt(116 * S));
  }

  @Test
  void noSessionHas_withoutPeriod_thenRemovedAtTheFirstSweepWithNoMatch() {
    add("n", "when no local session has 'Department is \"Accounts\"'");
    open("client", "password");
    assertEquals(1, sweepAt(1 * S));
  }

  @Test
  void noSessionHasAfter_thenNotBeforeTheGrace() {
    add("n", "when no session has '$Principal is \"nobody\"' after 30s");
    assertEquals(0, sweepAt(29 * S));
    assertEquals(1, sweepAt(30 * S));
  }

  @Test
  void thisSessionCloses_whenCreatorCloses_thenRemovedAtOnceWithoutASweep() {
    Session creator = open("admin", "secret");
    topics.add(
        new Caller(creator.principal(), creator.roles(), creator.id().toString()),
        "mine",
        spec("when this session closes"));
    Session client = open("client", "password");
    subscriptions.select(client, "mine");
    long id = tree.get("mine").id();
    assertEquals(0, sweepAt(100 * S));

    creator.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    assertNull(tree.get("mine"));
    assertEquals(
        "{\"t\":\"unsubscribe\",\"a\":" + id + ",\"reason\":\"REMOVAL\"}", connection.last());
    assertEquals(0, expiry.tracked());
  }

  @Test
  void thisSessionCloses_whenAddedByTheAdminApi_thenNeverRemoved() {
    add("admin", "when this session closes");
    assertEquals(0, sweepAt(1_000_000 * S));
    assertTrue(exists("admin"));
  }

  @Test
  void thisSessionCloses_whenCreatorAlreadyGone_thenRemovedByTheNextSweep() {
    Session creator = open("admin", "secret");
    Caller caller = new Caller(creator.principal(), creator.roles(), creator.id().toString());
    creator.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    topics.add(caller, "late", spec("when this session closes"));
    assertTrue(exists("late"));
    assertEquals(1, sweepAt(1 * S));
  }

  @Test
  void and_whenTimeAfter_thenSiblingPeriodsCountFromThatTime() {
    add("a", "when time after " + (t0 + 60 * S) + " and no updates for 10s");
    clock.advance(30 * S);
    topics.set(ADMIN, "a", TopicType.STRING, "v");
    assertEquals(0, sweepAt(45 * S), "no updates for 15s, but not yet the time");
    assertEquals(0, sweepAt(69 * S));
    assertEquals(1, sweepAt(70 * S));
  }

  @Test
  void and_whenOnlyOneHolds_thenKept() {
    add("a", "when no updates for 10s and subscriptions < 1 for 10s");
    subscriptions.select(open("client", "password"), "a");
    assertEquals(0, sweepAt(100 * S));
    assertTrue(exists("a"));
  }

  @Test
  void or_whenEitherHolds_thenRemoved() {
    add("o", "when subscriptions < 1 for 1h or no updates for 10s");
    assertEquals(0, sweepAt(9 * S));
    assertEquals(1, sweepAt(10 * S));
  }

  @Test
  void parentheses_thenTheGroupWaitsForTheTime() {
    add(
        "p",
        "when time after "
            + (t0 + 100 * S)
            + " and (no updates for 10s or subscriptions < 1 for 1h)");
    assertEquals(0, sweepAt(50 * S), "no updates for 50s, but not yet the time");
    assertEquals(0, sweepAt(109 * S));
    assertEquals(1, sweepAt(110 * S));
  }

  @Test
  void withoutParentheses_thenOrIsLooser() {
    add(
        "p",
        "when time after "
            + (t0 + 100 * S)
            + " and subscriptions < 1 for 1h or no updates for 10s");
    assertEquals(1, sweepAt(10 * S), "no updates for 10s alone suffices");
  }

  @Test
  void removeSelector_thenRemovesThoseTopicsOnceAndRetiresThePolicy() {
    add("ctl", "when no updates for 10s remove '?data//'");
    topics.add(ADMIN, "data/a", TopicSpecification.of(TopicType.STRING));
    topics.add(ADMIN, "data/b/c", TopicSpecification.of(TopicType.STRING));
    topics.add(ADMIN, "other", TopicSpecification.of(TopicType.STRING));

    assertEquals(2, sweepAt(10 * S));

    assertTrue(exists("ctl"), "not matched by its own selector");
    assertTrue(exists("other"));
    assertNull(tree.get("data/a"));
    assertNull(tree.get("data/b/c"));
    topics.add(ADMIN, "data/d", TopicSpecification.of(TopicType.STRING));
    assertEquals(0, sweepAt(100 * S), "the policy fired once");
    assertTrue(exists("data/d"));
  }

  @Test
  void removeSelector_whenMatchingItself_thenRemovesTheBranch() {
    add("root", "when time after 1 remove '>root//'");
    topics.add(ADMIN, "root/x", TopicSpecification.of(TopicType.STRING));
    assertEquals(2, sweepAt(0));
    assertEquals(0, tree.size());
  }

  @Test
  void tracked_onlyTopicsWithAPolicy_andForgottenOnRemove() {
    topics.add(ADMIN, "plain/1", TopicSpecification.of(TopicType.STRING));
    topics.add(ADMIN, "plain/2", TopicSpecification.of(TopicType.JSON));
    add("policy", "when no updates for 1h");
    assertEquals(1, expiry.tracked());
    topics.remove(ADMIN, "policy");
    assertEquals(0, expiry.tracked());
  }

  @Test
  void sweep_whenOnePolicyFails_thenOthersStillEvaluated() {
    // Bypasses TopicControl's selector check, as a server-side caller could.
    tree.add("bad", spec("when time after 1 remove '?('"));
    add("good", "when time after 1");
    assertEquals(1, sweepAt(0));
    assertNull(tree.get("good"));
    assertNotNull(tree.get("bad"));
    assertEquals(0, expiry.tracked(), "the failing policy is retired, not retried every second");
  }

  @Test
  void add_whenRemoveSelectorInvalid_thenInvalidArgument() {
    RequestException e =
        assertThrows(RequestException.class, () -> add("x", "when time after 1 remove '?('"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void add_whenRemoveSelectorOutsideTheCallersModifyPermission_thenDenied() {
    Role modify =
        new Role(
            "MODIFY",
            Set.of(),
            Set.of(PathPermission.MODIFY_TOPIC),
            Map.of("secret", Set.of()),
            Set.of());
    SecurityStore partial =
        new SecurityStore(
            new AnonymousPolicy(true, Set.of("MODIFY")),
            List.of(),
            new SecurityPolicy(List.of(modify)));
    TopicControl control = new TopicControl(subscriptions, () -> partial);
    Caller caller = new Caller("someone", Set.of("MODIFY"));

    control.add(caller, "x", spec("when time after 1 remove '>open//'"));
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> control.add(caller, "y", spec("when time after 1 remove '>secret//'")));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("'secret'"), e.getMessage());
  }
}
