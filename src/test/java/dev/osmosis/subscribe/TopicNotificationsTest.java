package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Topic notifications at the server: SELECTED, ADDED, REMOVED, DESELECTED, without values, once per
 * topic.
 */
class TopicNotificationsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final TopicNotifications notifications = subscriptions.notifications();
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Session client = sessions.open(handshake("client", "password", Map.of()), connection);

  /** The events sent, as "EVENT path". */
  List<String> events() {
    List<String> events = new ArrayList<>();
    for (String m : connection.sent) {
      int e = m.indexOf("\"event\":\"") + 9;
      int p = m.indexOf("\"path\":\"") + 8;
      events.add(m.substring(e, m.indexOf('"', e)) + " " + m.substring(p, m.indexOf('"', p)));
    }
    connection.sent.clear();
    return events;
  }

  @Test
  void select_whenTopicsExist_thenSelectedWithSpecificationAndNoValue() {
    topics.addAndSet(
        ADMIN,
        "n/a",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.DONT_RETAIN_VALUE, "false"),
        "value");
    assertEquals(1, notifications.select(client, "?n/.*"));
    assertEquals(
        List.of(
            "{\"t\":\"topicNotification\",\"event\":\"SELECTED\",\"path\":\"n/a\",\"type\":\"STRING\","
                + "\"properties\":{\"DONT_RETAIN_VALUE\":\"false\"}}"),
        connection.sent);
  }

  @Test
  void lifecycle_whenAddedRemovedDeselected_thenEachEventOncePerTopic() {
    topics.add(ADMIN, "n/old", TopicSpecification.of(TopicType.INT64));
    assertEquals(1, notifications.select(client, "?n/.*"));
    assertEquals(
        0, notifications.select(client, ">n/old"), "already notified through the first selection");
    assertEquals(List.of("SELECTED n/old"), events());

    topics.add(ADMIN, "n/new", TopicSpecification.of(TopicType.JSON));
    topics.add(ADMIN, "other", TopicSpecification.of(TopicType.JSON));
    topics.set(ADMIN, "n/new", TopicType.JSON, jakarta.json.Json.createValue(1));
    assertEquals(List.of("ADDED n/new"), events(), "no event for another branch, none for a value");

    topics.remove(ADMIN, ">n/new");
    assertEquals(List.of("REMOVED n/new"), events());

    assertEquals(0, notifications.deselect(client, "?n/.*"), ">n/old still selects n/old");
    assertEquals(1, notifications.deselect(client, ">n/old"));
    assertEquals(List.of("DESELECTED n/old"), events());
    topics.add(ADMIN, "n/later", TopicSpecification.of(TopicType.JSON));
    topics.remove(ADMIN, ">n/old");
    assertEquals(List.of(), events(), "nothing once deselected");
  }

  @Test
  void select_whenNoSelectTopicAtPrefixOrTopic_thenErrorOrNoEvent() {
    assertEquals(
        ErrorCode.PERMISSION_DENIED,
        assertThrows(RequestException.class, () -> notifications.select(client, ">secret//"))
            .code());
    notifications.select(client, "*.*");
    topics.add(ADMIN, "secret/x", TopicSpecification.of(TopicType.JSON));
    topics.add(
        ADMIN,
        "secret/mine",
        TopicSpecification.of(TopicType.JSON)
            .withProperty(TopicSpecification.OWNER, "$Principal is \"client\""));
    assertEquals(List.of("ADDED secret/mine"), events(), "only topics it may select (or owns)");
  }

  @Test
  void close_whenSessionCloses_thenStateReleased() {
    notifications.select(client, "*.*");
    assertEquals(1, notifications.sessions());
    client.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(0, notifications.sessions());
    topics.add(ADMIN, "after", TopicSpecification.of(TopicType.JSON));
    assertEquals(List.of(), events());
  }
}
