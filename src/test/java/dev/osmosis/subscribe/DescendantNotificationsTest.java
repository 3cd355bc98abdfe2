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
import dev.osmosis.wire.NotifiedDigest;
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

  /**
   * Fail-over (PROTOCOL.md §12 "Resuming notifications"): a session made again silently ({@code
   * restore}) after a/b went and a/d came; its client, told of a/b and a/c, gets the list of the
   * descendants counted here, then RESYNCED with their number.
   */
  @Test
  void resync_whenDescendantsCameAndWent_thenTheListAndResynced_sameDigestThenNothing() {
    add("a/c", "a/d", "a/c/x");
    notifications.restore(client, ">a");
    assertEquals(List.of(), connection.sent, "silent");

    assertEquals(2, notifications.resync(client, told(digest(), digest("a/b", "a/c"))));
    assertEquals(3, connection.sent.size(), "two, then RESYNCED: " + connection.sent);
    assertEquals(
        "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":2,\"descendant\":true}",
        connection.sent.remove(2));
    assertEquals(List.of("RESYNC a/c", "RESYNC a/d"), sortedDescendants());

    assertEquals(0, notifications.resync(client, told(digest(), digest("a/d", "a/c"))));
    assertEquals(List.of(), connection.sent, "the same digest: nothing");
    assertEquals(0, notifications.resync(client, digest()), "an older client: no descendants");
    assertEquals(List.of(), connection.sent);
  }

  @Test
  void resync_whenNoSelectionHere_thenAnEmptyResyncedForWhatTheClientKnew() {
    notifications.resync(client, told(digest(), digest("a/b")));
    assertEquals(
        List.of(
            "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":0,"
                + "\"descendant\":true}"),
        connection.sent);
  }

  static NotifiedDigest digest(String... paths) {
    NotifiedDigest digest = new NotifiedDigest();
    for (String path : paths) {
      digest.add(path);
    }
    return digest;
  }

  static NotifiedDigest told(NotifiedDigest topics, NotifiedDigest descendants) {
    return new NotifiedDigest(topics.count(), topics.hash(), descendants);
  }

  /** {@link #descendants()} sorted by event then path (one change's order is the tree's). */
  List<String> sortedDescendants() {
    List<String> events = descendants();
    events.sort(null);
    return events;
  }
}
