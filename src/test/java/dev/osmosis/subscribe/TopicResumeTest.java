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
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Resuming a session's topics by their sequence numbers from the topics' histories. */
class TopicResumeTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final TopicResume resume = new TopicResume(subscriptions);
  final TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();
  final Session session = sessions.open(handshake("client", "password", Map.of()), connection);

  static TopicSpecification history(int size) {
    return TopicSpecification.of(TopicType.INT64)
        .withProperty(TopicSpecification.HISTORY_SIZE, Integer.toString(size));
  }

  long id(String path) {
    return subscriptions.tree().get(path).id();
  }

  /** Adds {@code path}, subscribes the session, publishes 1..n, then forgets what was sent. */
  void topicWithUpdates(String path, TopicSpecification spec, int n) {
    topics.add(ADMIN, path, spec);
    subscriptions.select(session, path);
    for (long v = 1; v <= n; v++) {
      topics.set(ADMIN, path, TopicType.INT64, v);
    }
    connection.sent.clear();
  }

  @Test
  void resume_whenHistoryReachesBack_thenReplaysTheMissedUpdatesInOrder() {
    topicWithUpdates("h", history(5), 8);
    List<Long> resumed = new ArrayList<>();
    TopicResume.Result result = resume.resume(session, Map.of("h", 5L), resumed::add);
    long a = id("h");
    assertEquals(
        List.of(
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":6,\"v\":6}",
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":7,\"v\":7}",
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":8,\"v\":8}"),
        connection.sent);
    assertEquals(new TopicResume.Result(1, 3, List.of()), result);
    assertEquals(List.of(a), resumed);

    topics.set(ADMIN, "h", TopicType.INT64, 9L);
    assertEquals(
        "{\"t\":\"value\",\"a\":" + a + ",\"n\":9,\"v\":9}",
        connection.last(),
        "live updates follow the replay");
  }

  @Test
  void resume_whenClientIsUpToDate_thenNothingIsSent() {
    topicWithUpdates("h", history(5), 3);
    assertEquals(new TopicResume.Result(1, 0, List.of()), resume.resume(session, Map.of("h", 3L)));
    assertEquals(List.of(), connection.sent);
  }

  @Test
  void resume_whenHistoryNoLongerReachesBack_thenLostUpdatesNoticeAndCurrentValue() {
    topicWithUpdates("h", history(3), 10);
    TopicResume.Result result = resume.resume(session, Map.of("h", 5L));
    long a = id("h");
    assertEquals(
        List.of(
            "{\"t\":\"lostUpdates\",\"a\":" + a + ",\"after\":5,\"n\":10}",
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":10,\"v\":10}"),
        connection.sent);
    assertEquals(new TopicResume.Result(1, 0, List.of("h")), result);
  }

  @Test
  void resume_whenTopicHasNoHistory_thenLostUpdatesNoticeAndCurrentValue() {
    topicWithUpdates("plain", TopicSpecification.of(TopicType.INT64), 4);
    topicWithUpdates("other", TopicSpecification.of(TopicType.INT64), 2);
    TopicResume.Result result = resume.resume(session, Map.of("plain", 3L, "unknown", 1L));
    long a = id("plain");
    assertEquals(
        List.of(
            "{\"t\":\"lostUpdates\",\"a\":" + a + ",\"after\":3,\"n\":4}",
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":4,\"v\":4}"),
        connection.sent,
        "topics not in the map (other) and paths not subscribed (unknown) are left alone");
    assertEquals(new TopicResume.Result(1, 0, List.of("plain")), result);
  }

  @Test
  void resume_whenClientNumberIsBeyondTheTopics_thenItIsAnotherIncarnationAndLost() {
    topicWithUpdates("h", history(5), 2);
    TopicResume.Result result = resume.resume(session, Map.of("h", 40L));
    assertEquals(List.of("h"), result.lost());
    assertEquals(
        "{\"t\":\"value\",\"a\":" + id("h") + ",\"n\":2,\"v\":2}",
        connection.last(),
        "the current value after the notice");
  }

  @Test
  void add_whenHistorySizeAboveTheServersMaximum_thenLimitExceeded() {
    TopicControl small =
        new TopicControl(subscriptions, TestSessions::store, new ValueLimits(1 << 20, 64, 100, 10));
    small.add(ADMIN, "ten", history(10));
    RequestException e =
        assertThrows(RequestException.class, () -> small.add(ADMIN, "eleven", history(11)));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(
        "HISTORY_SIZE 11 is more than this server keeps per topic (osmosis.maxTopicHistory = 10)",
        e.getMessage());
  }
}
