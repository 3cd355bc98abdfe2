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
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * Fail-over (docs/RECONNECTION.md) on fake transports: acknowledgements wait for the grid's record,
 * and a reconnect reaching a node without the session resumes what the replication hands it.
 */
class FailoverTest {
  static final Caller ADMIN = new Caller("admin", java.util.Set.of("ADMINISTRATOR"));

  /** One node: its sessions, topic tree and a replication whose claims the test decides. */
  static final class Node {
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
    final AtomicReference<SessionReplication.Claim> claim = new AtomicReference<>();
    final AtomicLong received = new AtomicLong(-1);
    final AtomicReference<LongConsumer> durable = new AtomicReference<>();

    final SessionReplication replication =
        new SessionReplication() {
          @Override
          public Claim claim(String id, String token) {
            return claim.get();
          }

          @Override
          public void changed(Session session, long seq, LongConsumer recorded) {
            received.set(seq);
            durable.set(recorded);
          }

          @Override
          public void sweep(long now) {}

          @Override
          public String sweepName() {
            return "test";
          }
        };

    ClientConnection client(FakeLink link) {
      return new ClientConnection(
              sessions,
              TestSessions.control(sessions),
              subscriptions,
              topics,
              link,
              Transport.WEBSOCKET,
              TestSessions.CLOCK)
          .reconnectable(Runnable::run)
          .replication(replication);
    }
  }

  @Test
  void clientMessages_thenAcknowledgedOnlyOnceTheGridRecordedThem() {
    Node a = new Node();
    FakeLink link = new FakeLink();
    ClientConnection c = a.client(link);
    c.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}");
    assertEquals(0, a.received.get(), "written with its reconnect timeout once granted");
    c.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    c.onText("{\"t\":\"ping\",\"id\":2,\"seq\":2}");
    assertEquals(2, a.received.get());
    assertTrue(link.last().startsWith("{\"s\":2,\"ack\":0,"), link.last());
    a.durable.get().accept(2);
    ReconnectSweep.sweep(a.sessions.registry(), TestSessions.CLOCK.millis());
    assertEquals("{\"t\":\"ack\",\"ack\":2}", link.last());
  }

  @Test
  void reconnect_toANodeWithoutTheSession_thenSelectionsComeBackInTheirScopes() {
    Node b = new Node();
    b.subscriptions.tree().add("x/y", TopicType.STRING);
    SessionId id = SessionId.random();
    b.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                id.toString(),
                "node-a",
                "client",
                java.util.Set.of("CLIENT"),
                Map.of("$SessionId", id.toString()),
                1234L,
                5000,
                List.of("$5:panel?x//", ">x/y"),
                0)));
    ClientConnection c = b.client(new FakeLink());
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + id
            + "\",\"token\":\"the-token\",\"ack\":0}");

    Session s = b.sessions.registry().get(id).orElseThrow();
    assertEquals(
        Map.of("panel", List.of("?x//"), "", List.of(">x/y")),
        b.subscriptions.selectionsByScope(s));
    assertEquals(List.of("$5:panel?x//", ">x/y"), b.subscriptions.selections(s));
    assertEquals(0, b.subscriptions.unselect(s, ">x/y"), "the panel's scope still selects x/y");
  }

  @Test
  void reconnect_toANodeWithoutTheSession_thenResumedWithItsIdentityNumberingAndSelections() {
    Node b = new Node();
    b.subscriptions.tree().add("x/y", TopicType.STRING);
    SessionId id = SessionId.random();
    Map<String, String> properties =
        Map.of("$SessionId", id.toString(), "$ClientType", "JAVA", "Team", "red");
    b.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                id.toString(),
                "node-a",
                "client",
                java.util.Set.of("CLIENT"),
                properties,
                1234L,
                5000,
                List.of(">x/y"),
                2)));
    FakeLink link = new FakeLink();
    ClientConnection c = b.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + id
            + "\",\"token\":\"the-token\",\"ack\":41}");

    String connected = link.frames.get(0);
    assertTrue(connected.contains("\"reconnected\":true"), connected);
    assertTrue(connected.contains("\"ack\":2"), "the client replays from 3: " + connected);
    assertTrue(connected.contains("\"sessionId\":\"" + id + "\""), connected);
    assertTrue(connected.contains("\"token\":\"the-token\""), connected);
    Session s = b.sessions.registry().get(id).orElseThrow();
    assertEquals("client", s.principal());
    assertEquals("red", s.property("Team"));
    assertEquals(1234L, s.startTime());
    assertEquals(5000, s.reconnectTimeoutMillis());
    assertEquals(List.of(">x/y"), b.subscriptions.selections(s), "selected again");
    assertTrue(
        link.frames.get(1).startsWith("{\"s\":42,\"ack\":2,\"m\":[{\"t\":\"subscribe\""),
        "the numbering goes on after the client's ack, the topic subscribed again: "
            + link.frames.get(1));

    c.onText("{\"t\":\"ping\",\"id\":7,\"seq\":2}"); // processed by the dead node: a duplicate
    c.onText("{\"t\":\"ping\",\"id\":8,\"seq\":3}");
    assertTrue(link.last().contains("\"id\":8"), link.last());
    assertTrue(link.frames.stream().noneMatch(f -> f.contains("\"id\":7")), link.frames.toString());
  }

  @Test
  void reconnect_withTheClientsTopicNumbers_thenTheMissedUpdatesReplayedNotTheCurrentValue() {
    Node b = new Node();
    FakeLink link = resumeAfterEightUpdates(b, 5);
    long a = b.subscriptions.tree().get("h").id();
    String sent = String.join("\n", link.frames);
    assertTrue(sent.contains("{\"t\":\"subscribe\",\"a\":" + a), sent);
    List<String> numbers = sequenceNumbers(sent);
    assertEquals(
        List.of("6", "7", "8"),
        numbers,
        "from the history, once each, not the current value again");
  }

  /**
   * Issue 16: each node applies the grid's topic updates on its own time, so the dead node may have
   * sent its client updates this node has not applied yet. The client's number is then past the
   * topic's sequence here: not a loss (no lostUpdates notice and older current value, which the
   * client took for a value going backwards), and the updates it has are not sent again when they
   * arrive here.
   */
  @Test
  void reconnect_withTheClientAheadOfThisNode_thenNothingOlderNorTwice_theNextUpdatesInOrder() {
    Node b = new Node();
    FakeLink link = resumeAfterEightUpdates(b, 10);
    dev.osmosis.topic.Topic h = b.subscriptions.tree().get("h");
    for (long n = 9; n <= 12; n++) { // the updates reach this node after the resume
      b.subscriptions.apply(h, h.specification().type().value("h", n), n);
    }
    String sent = String.join("\n", link.frames);
    assertTrue(sent.contains("{\"t\":\"subscribe\",\"a\":" + h.id()), sent);
    assertTrue(!sent.contains("lostUpdates"), "not a loss: " + sent);
    List<String> numbers = sequenceNumbers(sent);
    assertEquals(
        List.of("11", "12"), numbers, "only what the client lacks, in order, once: " + sent);
  }

  @Test
  void reconnect_whenTheClaimIsRefusedOrUnknown_thenThatClose() {
    Node b = new Node();
    b.claim.set(
        new SessionReplication.Refused(
            CloseReason.IDLE_CONNECTION, "its node is alive: try again"));
    FakeLink refused = new FakeLink();
    String reconnect =
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + SessionId.random()
            + "\",\"token\":\"t\",\"ack\":0}";
    b.client(refused).onText(reconnect);
    assertEquals(List.of(CloseReason.IDLE_CONNECTION), refused.closes);

    b.claim.set(null);
    FakeLink unknown = new FakeLink();
    b.client(unknown).onText(reconnect);
    assertEquals(List.of(CloseReason.HANDSHAKE_REJECTED), unknown.closes);
    assertTrue(unknown.last().contains("session unknown or expired"), unknown.last());
  }

  /**
   * Node {@code b} has applied updates 1..8 of INT64 topic "h" (HISTORY_SIZE 10) and resumes a
   * session of a dead node selecting ">h" whose client says it has number {@code clientHas} of it.
   */
  private static FakeLink resumeAfterEightUpdates(Node b, long clientHas) {
    b.topics.add(
        ADMIN,
        "h",
        dev.osmosis.topic.TopicSpecification.of(TopicType.INT64)
            .withProperty(dev.osmosis.topic.TopicSpecification.HISTORY_SIZE, "10"));
    for (long v = 1; v <= 8; v++) {
      b.topics.set(ADMIN, "h", TopicType.INT64, v);
    }
    SessionId id = SessionId.random();
    b.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                id.toString(),
                "node-a",
                "client",
                java.util.Set.of("CLIENT"),
                Map.of("$SessionId", id.toString()),
                0L,
                5000,
                List.of(">h"),
                0)));
    FakeLink link = new FakeLink();
    b.client(link)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + id
                + "\",\"token\":\"t\",\"ack\":0,\"topics\":{\"h\":"
                + clientHas
                + "}}");
    return link;
  }

  /** The topic sequence numbers ("n") in {@code sent}, in order. */
  private static List<String> sequenceNumbers(String sent) {
    List<String> numbers = new java.util.ArrayList<>();
    java.util.regex.Matcher n = java.util.regex.Pattern.compile("\"n\":(\\d+)").matcher(sent);
    while (n.find()) {
      numbers.add(n.group(1));
    }
    return numbers;
  }
}
