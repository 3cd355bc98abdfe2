package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osmosis.control.Caller;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Immediate descendant notifications at the server: the first bound topic on each branch below a
 * selected path, brought up to date when topics come and go and when selections change.
 */
class DescendantNotificationsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final TopicNotifications notifications = subscriptions.notifications();
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Session client = sessions.open(handshake("client", "password", Map.of()), connection);

  /** The descendant events sent, as "EVENT path"; the topic notifications are left out. */
  List<String> descendants() {
    List<String> events = new ArrayList<>();
    for (String m : connection.sent) {
      if (!m.endsWith(",\"descendant\":true}")) {
        continue;
      }
      int e = m.indexOf("\"event\":\"") + 9;
      int p = m.indexOf("\"path\":\"") + 8;
      events.add(m.substring(e, m.indexOf('"', e)) + " " + m.substring(p, m.indexOf('"', p)));
    }
    connection.sent.clear();
    return events;
  }

  void add(String... paths) {
    for (String path : paths) {
      topics.add(ADMIN, path, TopicSpecification.of(TopicType.JSON));
    }
  }

  @Test
  void select_whenDiffusionsExample_thenFirstTopicOnEachBranch() {
    add("a/b", "a/c", "a/c/d", "a/e/f/g", "x/y");
    assertEquals(0, notifications.select(client, ">a"), "a is not a topic");
    assertEquals(
        List.of(
            "{\"t\":\"topicNotification\",\"event\":\"SELECTED\",\"path\":\"a/b\","
                + "\"descendant\":true}"),
        connection.sent.subList(0, 1));
    assertEquals(List.of("SELECTED a/b", "SELECTED a/c", "SELECTED a/e/f/g"), sortedDescendants());
  }

  @Test
  void added_whenBelowADescendant_thenNothingUntilItsPathIsSelected() {
    notifications.select(client, ">a");
    add("a/b");
    assertEquals(List.of("ADDED a/b"), descendants());
    add("a/b/c");
    assertEquals(List.of(), descendants(), "a/b hides a/b/c");
    notifications.select(client, ">a/b");
    assertEquals(List.of("DESELECTED a/b", "SELECTED a/b/c"), descendants());
    notifications.deselect(client, ">a/b");
    assertEquals(List.of("DESELECTED a/b/c", "SELECTED a/b"), descendants());
  }

  @Test
  void addedAndRemoved_whenATopicAppearsBetween_thenItHidesAndUncoversTheOnesBelow() {
    add("a/b/c/d", "a/b/x");
    notifications.select(client, ">a");
    assertEquals(List.of("SELECTED a/b/c/d", "SELECTED a/b/x"), sortedDescendants());
    add("a/b");
    assertEquals(List.of("ADDED a/b", "REMOVED a/b/c/d", "REMOVED a/b/x"), sortedDescendants());
    topics.remove(ADMIN, ">a/b");
    assertEquals(List.of("ADDED a/b/c/d", "ADDED a/b/x", "REMOVED a/b"), sortedDescendants());
    topics.remove(ADMIN, ">a/b/x");
    assertEquals(List.of("REMOVED a/b/x"), descendants());
  }

  @Test
  void select_whenPatternSelectsTopics_thenTheirUnselectedDescendants() {
    add("p/1", "p/1/q", "p/1/q/r", "p/2/s");
    assertEquals(1, notifications.select(client, "?p/.*"));
    assertEquals(List.of("SELECTED p/1/q", "SELECTED p/2/s"), sortedDescendants());
    notifications.select(client, "?p/.*/.*");
    assertEquals(
        List.of("DESELECTED p/1/q", "DESELECTED p/2/s", "SELECTED p/1/q/r"), sortedDescendants());
  }

  @Test
  void added_whenNoSelectTopic_thenNotNotifiedUnlessOwned() {
    notifications.select(client, "?secre.");
    add("secret/x");
    topics.add(
        ADMIN,
        "secret/mine",
        TopicSpecification.of(TopicType.JSON)
            .withProperty(TopicSpecification.OWNER, "$Principal is \"client\""));
    assertEquals(List.of("ADDED secret/mine"), descendants());
  }

  @Test
  void close_whenSessionCloses_thenNoMoreDescendants() {
    notifications.select(client, ">a");
    client.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    connection.sent.clear();
    add("a/b");
    assertEquals(List.of(), descendants());
  }

  /** {@link #descendants()} sorted by event then path (one change's order is the tree's). */
  List<String> sortedDescendants() {
    List<String> events = descendants();
    events.sort(null);
    return events;
  }
}
