package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ReconnectTest.FakeLink;
import dev.osmosis.control.Caller;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Acked delivery (docs/TOPICS.md "Acked delivery"): a topic with {@code DELIVERY acked} keeps the
 * updates its sessions have not acknowledged, so a session away longer than its recovery buffer
 * lasts, or resumed on another node, gets every update once and in order where a topic without
 * history would have sent a lost-updates notice; past {@code osmosis.maxAckedBacklog} the notice
 * comes as before.
 */
class AckedDeliveryTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));
  static final TopicSpecification ACKED =
      TopicSpecification.of(TopicType.INT64).withProperty(TopicSpecification.DELIVERY, "acked");
  static final TopicSpecification PLAIN =
      TopicSpecification.of(TopicType.INT64).withProperty(TopicSpecification.CONFLATION, "off");
  static final Pattern UPDATE =
      Pattern.compile(
          "\\{\"t\":\"(value|delta|lostUpdates)\",\"a\":(\\d+),(?:\"after\":(\\d+),)?\"n\":(\\d+)");

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions =
      TestSessions.subscriptions(new TopicTree(TestSessions.CLOCK, 20));
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);

  /** A sequenced client connection whose recovery buffer keeps 5 messages. */
  ClientConnection client(FakeLink link) {
    return client(link, 5);
  }

  ClientConnection client(FakeLink link, int recoveryBuffer) {
    return new ClientConnection(
            sessions,
            TestSessions.control(sessions),
            subscriptions,
            topics,
            link,
            Transport.WEBSOCKET,
            TestSessions.CLOCK)
        .reconnectable(Runnable::run)
        .settings(new ConnectionSettings(65536, Duration.ofSeconds(10), 10_000, recoveryBuffer));
  }

  /**
   * What {@code frames} carry of topic {@code path}, in order: each update's number, {@code "lost
   * a..n"} for a lost-updates notice.
   */
  List<String> updates(List<String> frames, String path) {
    long id = subscriptions.tree().get(path).id();
    List<String> out = new ArrayList<>();
    Matcher m = UPDATE.matcher(String.join("\n", frames));
    while (m.find()) {
      if (Long.parseLong(m.group(2)) == id) {
        out.add(
            m.group(1).equals("lostUpdates")
                ? "lost " + m.group(3) + ".." + m.group(4)
                : m.group(4));
      }
    }
    return out;
  }

  static List<String> numbers(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(Long::toString).toList();
  }

  /** Opens a session subscribed to a and p, cuts it, publishes {@code n} updates of each. */
  Session awayWhile(int n, FakeLink first) {
    topics.add(ADMIN, "a", ACKED);
    topics.add(ADMIN, "p", PLAIN);
    ClientConnection c1 = client(first);
    c1.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,\"topics\":{}}");
    Session session = c1.session();
    subscriptions.select(session, "a");
    subscriptions.select(session, "p");
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");
    for (long v = 1; v <= n; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
      topics.set(ADMIN, "p", TopicType.INT64, v);
    }
    return session;
  }

  FakeLink reconnect(Session session) {
    FakeLink second = new FakeLink();
    client(second)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + session.id()
                + "\",\"token\":\""
                + session.token()
                + "\",\"ack\":0,\"topics\":{\"a\":0,\"p\":0}}");
    assertTrue(second.frames.get(0).contains("\"reconnected\":true"), second.frames.get(0));
    return second;
  }

  @Test
  void awayPastTheRecoveryBuffer_thenTheAckedTopicResumesWithEveryUpdate_aPlainOneLosesThem() {
    Session session = awayWhile(15, new FakeLink());
    FakeLink second = reconnect(session);

    assertEquals(numbers(1, 15), updates(second.frames, "a"), "once each, in order, no notice");
    assertEquals(
        List.of("1", "lost 1..15", "15"),
        updates(second.frames, "p"),
        "the same updates of a topic without history: a notice past the recovery buffer");
    assertTrue(session.isOpen());
  }

  @Test
  void awayPastTheAckedBacklog_thenLostUpdatesNoticeAndTheCurrentValue() {
    Session session = awayWhile(40, new FakeLink());
    FakeLink second = reconnect(session);

    assertEquals(
        List.of("1", "2", "lost 2..40", "40"),
        updates(second.frames, "a"),
        "updates 3..20 fell off the backlog of 20: the bound, told as for any topic");
    assertEquals(20, subscriptions.tree().get("a").history().allocated(), "never beyond it");
  }

  @Test
  void quietAckedTopic_thenItsBacklogStaysSmall() {
    topics.add(ADMIN, "a", ACKED);
    for (long v = 1; v <= 3; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
    }
    assertEquals(16, subscriptions.tree().get("a").history().allocated());
    assertEquals(20, subscriptions.tree().get("a").history().capacity());
  }

  @Test
  void failover_thenTheAckedTopicReplaysFromTheClientsNumber_aPlainOneSendsANotice() {
    FailoverTest.Node b = new FailoverTest.Node();
    b.topics.add(ADMIN, "a", ACKED);
    b.topics.add(ADMIN, "p", PLAIN);
    for (long v = 1; v <= 12; v++) {
      b.topics.set(ADMIN, "a", TopicType.INT64, v);
      b.topics.set(ADMIN, "p", TopicType.INT64, v);
    }
    SessionId id = SessionId.random();
    b.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                id.toString(),
                "node-a",
                "client",
                Set.of("CLIENT"),
                Map.of("$SessionId", id.toString()),
                0L,
                5000,
                List.of(">a", ">p"),
                0)));
    FakeLink link = new FakeLink();
    b.client(link)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + id
                + "\",\"token\":\"t\",\"ack\":0,\"topics\":{\"a\":5,\"p\":5}}");
    long a = b.subscriptions.tree().get("a").id();
    long p = b.subscriptions.tree().get("p").id();
    String sent = String.join("\n", link.frames);
    List<String> ofA = new ArrayList<>();
    List<String> ofP = new ArrayList<>();
    Matcher m = UPDATE.matcher(sent);
    while (m.find()) {
      long topic = Long.parseLong(m.group(2));
      String what = m.group(1).equals("lostUpdates") ? "lost" : m.group(4);
      (topic == a ? ofA : topic == p ? ofP : new ArrayList<String>()).add(what);
    }
    assertEquals(numbers(6, 12), ofA, "the dead node's session: every update after its number");
    assertEquals(List.of("lost", "12"), ofP, sent);
    assertEquals(
        5,
        b.sessions.registry().get(id).orElseThrow().connection().acknowledged(a),
        "followed from the client's number: the replay is not acknowledged yet");
  }

  /** A connected session on {@code link} subscribed to acked topic a. */
  Session connected(FakeLink link) {
    ClientConnection c = client(link, 100);
    c.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,\"topics\":{}}");
    subscriptions.select(c.session(), "a");
    return c.session();
  }

  static final Pattern ENVELOPE = Pattern.compile("^\\{\"s\":(\\d+),.*\"m\":\\[(.*)\\]\\}$");

  /** The number of the last message written on {@code link} (what a client acknowledges). */
  static long lastMessage(FakeLink link) {
    Matcher m = ENVELOPE.matcher(link.last());
    assertTrue(m.matches(), link.last());
    return Long.parseLong(m.group(1)) + m.group(2).split(",\\{").length - 1;
  }

  @Test
  void clientAcknowledges_thenTheBacklogDropsWhatEverySubscriberAcknowledged() {
    topics.add(ADMIN, "a", ACKED);
    FakeLink acking = new FakeLink();
    ClientConnection c = client(acking, 100);
    c.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,\"topics\":{}}");
    subscriptions.select(c.session(), "a");
    long a = subscriptions.tree().get("a").id();
    for (long v = 1; v <= 100; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
      if (v % 10 == 0) {
        c.onText("{\"t\":\"ack\",\"ack\":" + lastMessage(acking) + "}");
        assertEquals(v, c.session().connection().acknowledged(a), "update " + v);
      }
    }
    dev.osmosis.topic.Topic topic = subscriptions.tree().get("a");
    assertEquals(16, topic.history().allocated(), "never grown: acknowledged updates are dropped");
    assertTrue(topic.history().size() <= 16, "at most the updates since a full ring");

    FakeLink silent = new FakeLink();
    Session away = connected(silent); // subscribed at 100, acknowledges nothing
    for (long v = 101; v <= 119; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
    }
    c.onText("{\"t\":\"ack\",\"ack\":" + lastMessage(acking) + "}");
    topics.set(ADMIN, "a", TopicType.INT64, 120L);
    assertEquals(
        101,
        topic.history().oldest(TestSessions.CLOCK.millis()),
        "kept for the silent session: everything after the number it was subscribed at");
    assertEquals(20, topic.history().size());

    subscriptions.unselect(away, "a");
    for (long v = 121; v <= 140; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
    }
    assertTrue(
        topic.history().oldest(TestSessions.CLOCK.millis()) > 120,
        "released once the silent session left: " + topic.history().oldest(0));
  }

  @Test
  void clustered_thenNothingIsReleasedByThisNodesAcknowledgements() {
    subscriptions.tree().keepAckedBacklogs();
    topics.add(ADMIN, "a", ACKED);
    FakeLink link = new FakeLink();
    ClientConnection c = client(link, 100);
    c.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,\"topics\":{}}");
    subscriptions.select(c.session(), "a");
    for (long v = 1; v <= 30; v++) {
      topics.set(ADMIN, "a", TopicType.INT64, v);
      c.onText("{\"t\":\"ack\",\"ack\":" + lastMessage(link) + "}");
    }
    dev.osmosis.topic.Topic topic = subscriptions.tree().get("a");
    assertEquals(
        20, topic.history().size(), "the last maxAckedBacklog updates, for other nodes' sessions");
    assertEquals(11, topic.history().oldest(TestSessions.CLOCK.millis()));
  }
}
