package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.selector.SelectionLimits;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Selection scopes (docs/TOPICS.md "Selection scopes") and per-session conflation control. */
class SelectionScopesTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Session session = sessions.open(handshake("client", "password", Map.of()), connection);

  void add(String... paths) {
    for (String path : paths) {
      topics.addAndSet(ADMIN, path, TopicSpecification.of(TopicType.STRING), "v");
    }
  }

  Set<String> subscribed() {
    SessionTopics state = subscriptions.existing(session);
    return state == null
        ? Set.of()
        : Set.copyOf(state.subscribedTopics().stream().map(t -> t.path()).toList());
  }

  @Test
  void unselect_whenAnotherScopeSelectsTheTopic_thenItStaysSubscribed() {
    add("a/x", "a/y");
    subscriptions.select(session, "?a//", "panel");
    subscriptions.select(session, ">a/x");

    assertEquals(0, subscriptions.unselect(session, "?a//"));
    assertEquals(Set.of("a/x", "a/y"), subscribed());

    assertEquals(1, subscriptions.unselect(session, "?a//", "panel"));
    assertEquals(Set.of("a/x"), subscribed());
  }

  @Test
  void unselect_inOneScope_whenNoOtherScope_thenAsBeforeScopes() {
    add("b/x", "b/y");
    subscriptions.select(session, "?b//");

    assertEquals(1, subscriptions.unselect(session, ">b/x"));

    assertEquals(Set.of("b/y"), subscribed());
    assertEquals(Map.of("", List.of("?b//")), subscriptions.selectionsByScope(session));
  }

  @Test
  void topicAdded_whenOnlyAScopeSelectsIt_thenSubscribes_andUnsubscribedWithTheScope() {
    subscriptions.select(session, "?c//", "s1");
    add("c/new");
    assertEquals(Set.of("c/new"), subscribed());

    assertEquals(1, subscriptions.unselect(session, "?c//", "s1"));
    add("c/later");
    assertEquals(Set.of(), subscribed());
    assertEquals(Map.of(), subscriptions.selectionsByScope(session));
  }

  @Test
  void sameSelectorInTwoScopes_thenTheTopicLeavesWhenTheLastScopeDropsIt() {
    add("d/x");
    subscriptions.select(session, ">d/x", "s1");
    subscriptions.select(session, ">d/x", "s2");

    assertEquals(0, subscriptions.unselect(session, ">d/x", "s1"));
    add("d/x2");
    assertEquals(Set.of("d/x"), subscribed());
    assertEquals(1, subscriptions.unselect(session, ">d/x", "s2"));
    assertEquals(Set.of(), subscribed());
  }

  @Test
  void unselectAllScopes_thenEveryScopeLosesTheSelectorAndItsTopics() {
    add("e/x", "e/y");
    subscriptions.select(session, "?e//");
    subscriptions.select(session, "?e//", "s1");
    subscriptions.select(session, ">e/y", "s2");

    assertEquals(2, subscriptions.unselectAllScopes(session, "?e//"));

    assertEquals(Set.of(), subscribed());
    assertEquals(Map.of("s2", List.of(">e/y")), subscriptions.selectionsByScope(session));
  }

  @Test
  void selectionsByScope_thenScopesAndSelectorsInTheOrderMade() {
    subscriptions.select(session, ">f/1", "z");
    subscriptions.select(session, ">f/2");
    subscriptions.select(session, ">f/3", "z");

    assertEquals(List.of("z", ""), List.copyOf(subscriptions.selectionsByScope(session).keySet()));
    assertEquals(List.of(">f/1", ">f/3"), subscriptions.selectionsByScope(session).get("z"));
  }

  @Test
  void select_whenTheScopeNameIsBad_then4001AndNothingSelected() {
    for (String bad : List.of("$internal", "a\nb", "x".repeat(129))) {
      RequestException e =
          assertThrows(RequestException.class, () -> subscriptions.select(session, ">g", bad));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().startsWith("invalid selection scope: it "), e.getMessage());
    }
    assertEquals(Map.of(), subscriptions.selectionsByScope(session));
    subscriptions.select(session, ">g", "x".repeat(128)); // the longest allowed
  }

  @Test
  void select_pastTheSelectionLimit_countsEveryScope_then4029() {
    Subscriptions small =
        new Subscriptions(
            subscriptions.tree(),
            new dev.osmosis.selector.TopicSelectors(),
            TestSessions::store,
            SelectionLimits.defaults().withMaxSelectionsPerSession(2),
            dev.osmosis.protocol.JsonTopicEncoder.INSTANCE);
    small.select(session, ">h", "s1");
    small.select(session, ">h", "s2");

    RequestException e =
        assertThrows(RequestException.class, () -> small.select(session, ">h", "s3"));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    small.select(session, ">h", "s1"); // already held there: no new pair
  }

  @Test
  void replicatedEntries_roundTripTheScope_andTheDefaultScopeKeepsTheOldForm() {
    subscriptions.select(session, ">i/1");
    subscriptions.select(session, ">i/2", "pa:ne$l");

    List<String> entries = subscriptions.selections(session);

    assertEquals(List.of(">i/1", "$7:pa:ne$l>i/2"), entries);
    assertArrayEquals(new String[] {"pa:ne$l", ">i/2"}, SelectionScopes.decode(entries.get(1)));
    assertArrayEquals(new String[] {"", ">i/1"}, SelectionScopes.decode(entries.get(0)));
    assertArrayEquals(new String[] {"", "$x"}, SelectionScopes.decode("$x"));
    assertArrayEquals(new String[] {"", "$99:ab"}, SelectionScopes.decode("$99:ab"));
  }

  @Test
  void reselect_thenTheSelectionIsMadeInItsScope() {
    add("j/x");
    Session other = sessions.open(handshake("client", "password", Map.of()), connection);

    subscriptions.reselect(other, "$2:s1?j//");
    subscriptions.reselect(other, ">j/x");

    assertEquals(
        Map.of("s1", List.of("?j//"), "", List.of(">j/x")), subscriptions.selectionsByScope(other));
  }

  @Test
  void conflate_whenTurnedOff_thenUpdatesAreQueuedNotConflated_andOnAgainConflates() {
    add("k/x");
    subscriptions.select(session, ">k/x");
    subscriptions.conflate(session, false);
    topics.set(ADMIN, "k/x", TopicType.STRING, "v2");
    assertEquals(List.of(), connection.conflated);

    subscriptions.conflate(session, true);
    topics.set(ADMIN, "k/x", TopicType.STRING, "v3");
    assertEquals(List.of(subscriptions.tree().get("k/x").id()), connection.conflated);
  }
}
