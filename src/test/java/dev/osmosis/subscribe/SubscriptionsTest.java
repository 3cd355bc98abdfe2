package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seed 003's subscription rules at the server, on recording connections. */
class SubscriptionsTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  TestSessions.RecordingConnection connection = new TestSessions.RecordingConnection();

  Session client() {
    connection = new TestSessions.RecordingConnection();
    return sessions.open(handshake("client", "password", Map.of()), connection);
  }

  long id(String path) {
    return subscriptions.tree().get(path).id();
  }

  @Test
  void select_whenTopicExistsWithValue_thenSubscribeThenInitialValue() {
    topics.addAndSet(ADMIN, "a/b", TopicSpecification.of(TopicType.STRING), "hello");
    Session s = client();

    assertEquals(1, subscriptions.select(s, "?a/.*"));

    long a = id("a/b");
    assertEquals(
        List.of(
            "{\"t\":\"subscribe\",\"a\":"
                + a
                + ",\"path\":\"a/b\",\"type\":\"STRING\",\"properties\":{}}",
            "{\"t\":\"value\",\"a\":" + a + ",\"n\":1,\"v\":\"hello\"}"),
        connection.sent);
  }

  @Test
  void priority_thenEveryMessageOfATopicCarriesItsPriority() {
    topics.addAndSet(
        ADMIN,
        "p/high",
        TopicSpecification.of(TopicType.STRING).withProperty(TopicSpecification.PRIORITY, "high"),
        "h");
    topics.addAndSet(
        ADMIN,
        "p/low",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.PRIORITY, "low")
            .withProperty(TopicSpecification.CONFLATION, "off"),
        "l");
    topics.addAndSet(ADMIN, "p/default", TopicSpecification.of(TopicType.STRING), "d");
    Session s = client();
    subscriptions.select(s, "?p/.*");
    topics.set(ADMIN, "p/high", TopicType.STRING, "h2");
    topics.set(ADMIN, "p/low", TopicType.STRING, "l2");
    topics.set(ADMIN, "p/default", TopicType.STRING, "d2");
    subscriptions.unselect(s, "?p/.*");

    for (int i = 0; i < connection.sent.size(); i++) {
      String message = connection.sent.get(i);
      long topic =
          message.contains("\"a\":" + id("p/high") + ",")
              ? 0
              : message.contains("\"a\":" + id("p/low") + ",") ? 2 : 1;
      assertEquals((int) topic, connection.priorities.get(i), message);
    }
    assertEquals(
        12,
        connection.sent.size(),
        "subscribe, value, update, unsubscribe for each: " + connection.sent);
  }

  @Test
  void select_whenTopicAddedLater_thenSubscribedOnAddAndValuesFollow() {
    Session s = client();
    assertEquals(0, subscriptions.select(s, ">later//"));
    topics.add(ADMIN, "later/x", TopicSpecification.of(TopicType.INT64));
    topics.set(ADMIN, "later/x", TopicType.INT64, 42L);
    topics.add(ADMIN, "elsewhere", TopicSpecification.of(TopicType.INT64));

    long x = id("later/x");
    assertEquals(2, connection.sent.size(), connection.sent.toString());
    assertTrue(
        connection
            .sent
            .get(0)
            .startsWith("{\"t\":\"subscribe\",\"a\":" + x + ",\"path\":\"later/x\""));
    assertEquals("{\"t\":\"value\",\"a\":" + x + ",\"n\":1,\"v\":42}", connection.sent.get(1));
  }

  @Test
  void select_whenDontRetainValue_thenNoInitialValueButUpdates() {
    topics.addAndSet(
        ADMIN,
        "stateless",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.DONT_RETAIN_VALUE, "true"),
        "gone");
    Session s = client();
    subscriptions.select(s, "stateless");
    assertEquals(1, connection.sent.size(), "only the subscription notification");
    topics.set(ADMIN, "stateless", TopicType.STRING, "now");
    assertEquals(
        "{\"t\":\"value\",\"a\":" + id("stateless") + ",\"n\":2,\"v\":\"now\"}", connection.last());
  }

  @Test
  void publish_whenManySubscribers_thenOneEncodedMessageShared() {
    topics.add(ADMIN, "shared", TopicSpecification.of(TopicType.JSON));
    List<TestSessions.RecordingConnection> connections = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      subscriptions.select(client(), "shared");
      connections.add(connection);
    }
    topics.set(ADMIN, "shared", TopicType.JSON, "{\"n\":1}");
    String first = connections.get(0).last();
    for (TestSessions.RecordingConnection c : connections) {
      assertSame(first, c.last(), "encode once: the same String instance for every subscriber");
    }
  }

  @Test
  void publish_whenJsonPatchIsSmaller_thenDeltaElseValue() {
    String big = "{\"name\":\"" + "x".repeat(200) + "\",\"n\":1}";
    topics.addAndSet(ADMIN, "doc", TopicSpecification.of(TopicType.JSON), big);
    Session s = client();
    subscriptions.select(s, "doc");
    topics.set(ADMIN, "doc", TopicType.JSON, big.replace("\"n\":1", "\"n\":2"));
    assertEquals(
        "{\"t\":\"delta\",\"a\":"
            + id("doc")
            + ",\"n\":2,\"p\":[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]}",
        connection.last());
    topics.set(ADMIN, "doc", TopicType.JSON, "{\"short\":true}");
    assertTrue(connection.last().startsWith("{\"t\":\"value\""), connection.last());
  }

  @Test
  void publish_whenStringOrBinaryEditIsSmaller_thenDeltaElseValue() {
    String log = "line 1\n".repeat(30);
    topics.addAndSet(ADMIN, "log", TopicSpecification.of(TopicType.STRING), log);
    byte[] image = new byte[300];
    topics.addAndSet(ADMIN, "img", TopicSpecification.of(TopicType.BINARY), image);
    topics.addAndSet(
        ADMIN,
        "plain",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.PUBLISH_VALUES_ONLY, "true"),
        log);
    Session s = client();
    subscriptions.select(s, "?log|img|plain");
    topics.set(ADMIN, "log", TopicType.STRING, log + "line 2\n");
    assertEquals(
        "{\"t\":\"delta\",\"a\":" + id("log") + ",\"n\":2,\"d\":[210,0,\"line 2\\n\"]}",
        connection.last());
    image[150] = 1;
    topics.set(ADMIN, "img", TopicType.BINARY, image);
    assertEquals(
        "{\"t\":\"delta\",\"a\":" + id("img") + ",\"n\":2,\"d\":[150,1,\"AQ==\"]}",
        connection.last());
    topics.set(ADMIN, "log", TopicType.STRING, "short");
    assertEquals(
        "{\"t\":\"value\",\"a\":" + id("log") + ",\"n\":3,\"v\":\"short\"}", connection.last());
    topics.set(ADMIN, "plain", TopicType.STRING, log + "more");
    assertTrue(connection.last().startsWith("{\"t\":\"value\""), "PUBLISH_VALUES_ONLY");
  }

  @Test
  void set_whenJsonTopicGetsAWireNumber_thenItIsAJsonValue() {
    topics.add(ADMIN, "jn", TopicSpecification.of(TopicType.JSON));
    Session s = client();
    subscriptions.select(s, "jn");
    topics.set(ADMIN, "jn", TopicType.JSON, new java.math.BigDecimal("7"));
    assertEquals("{\"t\":\"value\",\"a\":" + id("jn") + ",\"n\":1,\"v\":7}", connection.last());
  }

  @Test
  void conflationPolicy_thenOffQueuesConflateReplacesUnsubscribeDropsBackedUpSession() {
    topics.add(
        ADMIN,
        "p/off",
        TopicSpecification.of(TopicType.STRING).withProperty(TopicSpecification.CONFLATION, "off"));
    topics.add(ADMIN, "p/default", TopicSpecification.of(TopicType.STRING));
    topics.add(
        ADMIN,
        "p/unsub",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.CONFLATION, "unsubscribe"));
    Session s = client();
    subscriptions.select(s, "?p/.*");
    topics.set(ADMIN, "p/off", TopicType.STRING, "a");
    topics.set(ADMIN, "p/default", TopicType.STRING, "b");
    assertEquals(
        List.of(id("p/default")), connection.conflated, "only the conflating topic goes conflated");

    topics.set(ADMIN, "p/unsub", TopicType.STRING, "c");
    assertTrue(connection.last().endsWith("\"v\":\"c\"}"), "not behind: delivered");
    connection.backedUp = true;
    topics.set(ADMIN, "p/unsub", TopicType.STRING, "d");
    assertEquals(
        "{\"t\":\"unsubscribe\",\"a\":" + id("p/unsub") + ",\"reason\":\"BACK_PRESSURE\"}",
        connection.last());
    assertEquals(0, subscriptions.tree().get("p/unsub").subscribers().length);
  }

  @Test
  void unselect_thenUnsubscribeRequestedAndNoMoreValues() {
    topics.addAndSet(ADMIN, "u/1", TopicSpecification.of(TopicType.STRING), "v");
    Session s = client();
    subscriptions.select(s, "?u/.*");
    assertEquals(1, subscriptions.unselect(s, "?u/.*"));
    assertEquals(
        "{\"t\":\"unsubscribe\",\"a\":" + id("u/1") + ",\"reason\":\"REQUESTED\"}",
        connection.last());
    int before = connection.sent.size();
    topics.set(ADMIN, "u/1", TopicType.STRING, "w");
    topics.add(ADMIN, "u/2", TopicSpecification.of(TopicType.STRING));
    assertEquals(before, connection.sent.size(), "neither values nor new topics after unselect");
  }

  @Test
  void removeTopic_thenSubscribersUnsubscribedWithRemoval() {
    topics.addAndSet(ADMIN, "r/1", TopicSpecification.of(TopicType.STRING), "v");
    Session s = client();
    subscriptions.select(s, "r/1");
    long r = id("r/1");
    assertEquals(1, topics.remove(ADMIN, ">r//"));
    assertEquals(
        "{\"t\":\"unsubscribe\",\"a\":" + r + ",\"reason\":\"REMOVAL\"}", connection.last());
  }

  @Test
  void select_whenNoReadPermission_thenNotSubscribed_andNoSelectPermissionIsError() {
    topics.addAndSet(ADMIN, "secret/plans", TopicSpecification.of(TopicType.STRING), "x");
    topics.addAndSet(ADMIN, "public/news", TopicSpecification.of(TopicType.STRING), "y");
    Session s = client();
    assertEquals(1, subscriptions.select(s, "*.*"), "CLIENT may not read under secret/");
    RequestException e =
        assertThrows(RequestException.class, () -> subscriptions.select(s, "?secret/.*"));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("SELECT_TOPIC"));
  }

  @Test
  void owner_whenPrincipalOwnsTopic_thenMayReadWithoutRolePermission() {
    topics.addAndSet(
        ADMIN,
        "secret/mine",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.OWNER, "$Principal is \"client\""),
        "x");
    Session s = client();
    assertEquals(1, subscriptions.select(s, "*.*"));
    topics.set(
        new Caller("client", Set.of("CLIENT")),
        "secret/mine",
        TopicType.STRING,
        "owner may update");
    assertTrue(connection.last().contains("owner may update"));
  }

  @Test
  void unselect_whenNoSelectPermissionAtThePrefix_thenDeniedBeforeTheSelectorRuns() {
    topics.addAndSet(
        ADMIN,
        "secret/mine",
        TopicSpecification.of(TopicType.STRING)
            .withProperty(TopicSpecification.OWNER, "$Principal is \"client\""),
        "x");
    Session s = client();
    assertEquals(1, subscriptions.select(s, "*.*"));
    RequestException e =
        assertThrows(RequestException.class, () -> subscriptions.unselect(s, "?secret/.*"));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertEquals(
        "principal 'client' lacks SELECT_TOPIC at 'secret' for selector ?secret/.*",
        e.getMessage());
    assertEquals(
        1, subscriptions.tree().get("secret/mine").subscribers().length, "still subscribed");
    assertEquals(1, subscriptions.unselect(s, "*.*"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(
      value = 60,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void removeTopics_whenBacktrackingSelectorOverTopicsTheCallerMayNotModify_thenNothingRemoved() {
    String deep = String.join("/", java.util.Collections.nCopies(20, "aaaaaaaaaa"));
    topics.add(ADMIN, deep, TopicSpecification.of(TopicType.STRING));
    Caller client = new Caller("client", Set.of("CLIENT"));
    assertEquals(0, topics.remove(client, "*(.*){1,20}X"));
    assertEquals(0, topics.remove(ADMIN, "*(.*){1,20}X"));
    assertEquals(1, topics.remove(ADMIN, "*(.*){1,20}a"));
  }

  @Test
  void select_whenPastTheSessionsMemberBudget_thenLimitExceededAndNothingSelected() {
    Subscriptions small =
        new Subscriptions(
            new dev.osmosis.topic.TopicTree(java.time.Clock.systemUTC()),
            new dev.osmosis.selector.TopicSelectors(),
            TestSessions::store,
            new dev.osmosis.selector.SelectionLimits(
                10_000, 300, 1 << 30, 1_000, 1 << 30, 1_000, 1 << 30, 1 << 20, 10, 10),
            JsonTopicEncoder.INSTANCE);
    Session s = client();
    StringBuilder set = new StringBuilder("#a0");
    for (int i = 1; i < 256; i++) {
      set.append("////a").append(i);
    }
    small.select(s, set.toString());
    RequestException e =
        assertThrows(
            RequestException.class, () -> small.select(s, set.toString().replace('a', 'b')));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(
        "too many selector members: the session holds 256, the selector has 256, the limit is 300 per"
            + " session",
        e.getMessage());
    assertEquals(256L, small.budget().members());
    s.close(CloseReason.CLOSED_BY_CLIENT, null);
    assertEquals(0L, small.budget().members(), "the session's close gives its members back");
  }

  @Test
  void badInput_thenCodedErrors() {
    Session s = client();
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> subscriptions.select(s, "?a/[")).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> subscriptions.select(s, "$reserved")).code());
    topics.add(ADMIN, "n", TopicSpecification.of(TopicType.INT64));
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                RequestException.class,
                () -> topics.set(ADMIN, "n", TopicType.INT64, "not a number"))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> topics.set(ADMIN, "n", TopicType.STRING, "x"))
            .code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(
                RequestException.class, () -> topics.set(ADMIN, "missing", TopicType.STRING, "x"))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                RequestException.class,
                () -> topics.add(ADMIN, "n", TopicSpecification.of(TopicType.STRING)))
            .code(),
        "exists with another spec");
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                RequestException.class,
                () -> topics.add(ADMIN, "a//b", TopicSpecification.of(TopicType.STRING)))
            .code());
    assertEquals(
        ErrorCode.PERMISSION_DENIED,
        assertThrows(
                RequestException.class,
                () ->
                    topics.add(
                        new Caller("client", Set.of("CLIENT")),
                        "x",
                        TopicSpecification.of(TopicType.STRING)))
            .code());
  }

  @Test
  void close_thenSessionLeavesEveryTopic() {
    topics.add(ADMIN, "c/1", TopicSpecification.of(TopicType.STRING));
    Session s = client();
    subscriptions.select(s, "c/1");
    Topic topic = subscriptions.tree().get("c/1");
    assertEquals(1, topic.subscribers().length);
    s.close(CloseReason.CLOSED_BY_CLIENT, null);
    assertEquals(0, topic.subscribers().length);
    assertEquals(0, subscriptions.sessions());
    topics.add(ADMIN, "c/2", TopicSpecification.of(TopicType.STRING));
  }

  @Test
  void updatesRacingSubscriptions_thenEachSubscriberSeesInitialThenIncreasingValues()
      throws Exception {
    topics.addAndSet(ADMIN, "race", TopicSpecification.of(TopicType.INT64), 0L);
    Thread publisher =
        new Thread(
            () -> {
              for (long i = 1; i <= 20_000; i++) {
                topics.set(ADMIN, "race", TopicType.INT64, i);
              }
            });
    publisher.start();
    List<TestSessions.RecordingConnection> seen = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      subscriptions.select(client(), "race");
      seen.add(connection);
    }
    publisher.join();
    for (TestSessions.RecordingConnection c : seen) {
      List<String> messages;
      synchronized (c) {
        messages = new ArrayList<>(c.sent);
      }
      assertTrue(messages.get(0).startsWith("{\"t\":\"subscribe\""), messages.get(0));
      long last = -1;
      for (String m : messages.subList(1, messages.size())) {
        long v = Long.parseLong(m.substring(m.lastIndexOf(':') + 1, m.length() - 1));
        assertEquals(last < 0 ? v : last + 1, v, "no gap, no repeat, in order");
        last = v;
      }
      assertEquals(20_000, last);
    }
  }
}
