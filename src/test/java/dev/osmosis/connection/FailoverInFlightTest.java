package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ReconnectTest.FakeLink;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.topic.TopicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fail-over of the server messages in flight (docs/RECONNECTION.md "Fail-over"), on fake
 * transports: a replicated session's messages other than topic values ride in its record until its
 * client acknowledges them, each is written only once a record holds it with its number, and the
 * node that resumes the session sends again exactly those its client lacks.
 */
class FailoverInFlightTest {

  /** One node whose replication keeps messages in flight; the test lands its record writes. */
  static final class Node {
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
    final AtomicReference<SessionReplication.Claim> claim = new AtomicReference<>();
    final AtomicReference<SessionReplication.InFlightSource> source = new AtomicReference<>();
    final AtomicInteger writesAsked = new AtomicInteger();
    final SessionReplication.InFlightLimits limits;
    final Messaging messaging =
        new Messaging(
            sessions.registry(),
            new SessionFilters(),
            TestSessions::store,
            MessagingProtocol.sender(),
            TestSessions.CLOCK,
            Duration.ofSeconds(30),
            100);
    final MessagingProtocol protocol =
        new MessagingProtocol(messaging, new SessionLocks(TestSessions::store, 100));

    /** The last record that landed: its client message number and messages in flight. */
    long recordedReceived;

    SessionReplication.InFlight recordedInFlight = SessionReplication.InFlight.NONE;
    long pendingReceived;
    LongConsumer durable;

    Node(int maxMessages, long maxChars) {
      limits = new SessionReplication.InFlightLimits(maxMessages, maxChars);
    }

    final SessionReplication replication =
        new SessionReplication() {
          @Override
          public Claim claim(String id, String token) {
            return claim.get();
          }

          @Override
          public void changed(Session session, long seq, LongConsumer recorded) {
            pendingReceived = seq;
            durable = recorded;
          }

          @Override
          public InFlightLimits inFlightLimits() {
            return limits;
          }

          @Override
          public void keepInFlight(Session session, InFlightSource s) {
            source.set(s);
          }

          @Override
          public void inFlightChanged(Session session) {
            writesAsked.incrementAndGet();
          }

          @Override
          public void sweep(long now) {}

          @Override
          public String sweepName() {
            return "test";
          }
        };

    /** A record write starts now (the session's state at this moment) and lands. */
    void recordLands() {
      long received = pendingReceived;
      SessionReplication.InFlight carried = source.get().inFlight();
      recordedReceived = received;
      recordedInFlight = carried;
      if (durable != null) {
        durable.accept(received);
      }
      source.get().recorded(carried.through());
    }

    /**
     * Lands record writes while one more was asked for (each lets the next message be numbered).
     */
    void recordsLand() {
      for (int i = 0; i < 100; i++) {
        int asked = writesAsked.get();
        recordLands();
        if (writesAsked.get() == asked) {
          return;
        }
      }
      throw new AssertionError("record writes keep being asked for");
    }

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
          .messaging(protocol)
          .replication(replication);
    }

    /** A plain session of principal admin on this node handling path {@code svc}. */
    FakeLink handler() {
      FakeLink link = new FakeLink();
      ClientConnection c = client(link);
      c.onText("{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\"}");
      c.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
      handlerConnection = c;
      return link;
    }

    ClientConnection handlerConnection;
  }

  private static final String CONNECT =
      "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000}";

  @Test
  void aResponse_isWrittenOnlyOnceARecordHoldsItWithItsNumber() {
    Node a = new Node(1000, 1 << 20);
    FakeLink link = new FakeLink();
    ClientConnection c = a.client(link);
    c.onText(CONNECT);
    a.recordLands();
    int before = link.frames.size();
    c.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    assertEquals(before, link.frames.size(), "the pong waits for the record: " + link.frames);
    assertTrue(a.writesAsked.get() > 0, "a record write was asked for");

    a.recordLands();
    assertTrue(link.last().startsWith("{\"s\":1,"), link.last());
    assertTrue(link.last().contains("\"id\":1"), link.last());
    assertEquals(List.of(1L), seqs(a.recordedInFlight), "the record holds it with its number");
  }

  /**
   * The dead node numbered the answers to pings 1..4 as messages 1..4 and its last record held
   * them; its client had received messages 1 and 2. The resuming node sends the answers to pings 3
   * and 4 (numbered 3 and 4 there), the responses sent but not received, once each, and not those
   * to pings 1 and 2 again.
   */
  @Test
  void aResume_sendsTheMessagesInFlightTheClientLacks_onceEach_notTheAcknowledgedOnes() {
    Node a = new Node(1000, 1 << 20);
    FakeLink first = new FakeLink();
    ClientConnection c = a.client(first);
    c.onText(CONNECT);
    for (int id = 1; id <= 4; id++) {
      c.onText("{\"t\":\"ping\",\"id\":" + id + ",\"seq\":" + id + "}");
      a.recordLands();
    }
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(a.recordedInFlight));
    // the node dies; the client had received messages 1 and 2
    Session dead = a.sessions.registry().all().iterator().next();

    Node b = new Node(1000, 1 << 20);
    b.claim.set(new SessionReplication.Claimed(replica(dead, a)));
    FakeLink link = new FakeLink();
    ClientConnection resumed = b.client(link);
    resumed.onText(reconnect(dead, 2));
    assertTrue(link.frames.get(0).contains("\"reconnected\":true"), link.frames.get(0));
    assertEquals(1, link.frames.size(), "sent again only once recorded here: " + link.frames);

    b.recordsLand();
    String sent = String.join("\n", link.frames);
    assertEquals(List.of("3", "4"), pongIds(sent), sent);
    assertTrue(link.frames.get(1).startsWith("{\"s\":3,"), "numbered after the ack: " + sent);
    assertEquals(
        List.of(3L, 4L), seqs(b.recordedInFlight), "kept in flight here until acknowledged");

    resumed.onText("{\"t\":\"ping\",\"id\":9,\"seq\":5,\"ack\":4}");
    b.recordLands();
    assertEquals(List.of(5L), seqs(b.recordedInFlight), "acknowledged ones leave the record");
    assertEquals(List.of("3", "4", "9"), pongIds(String.join("\n", link.frames)));
  }

  /** Queued (never numbered: the client was away) messages in the record are all sent again. */
  @Test
  void aResume_sendsTheQueuedMessagesInFlight_afterTheNumberedOnes() {
    Node b = new Node(1000, 1 << 20);
    b.subscriptions.tree().add("x/y", TopicType.STRING);
    SessionId id = SessionId.random();
    SessionReplication.InFlight inFlight =
        new SessionReplication.InFlight(
            8,
            List.of(
                new SessionReplication.Sent(7, "{\"t\":\"pong\",\"id\":7}"),
                new SessionReplication.Sent(8, "{\"t\":\"pong\",\"id\":8}")),
            List.of("{\"t\":\"pong\",\"id\":10}"));
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
                List.of(">x/y"),
                0,
                dev.osmosis.cluster.SessionRegistrations.NONE,
                inFlight)));
    FakeLink link = new FakeLink();
    b.client(link)
        .onText(
            "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
                + id
                + "\",\"token\":\"t\",\"ack\":7}");
    b.recordsLand();
    String sent = String.join("\n", link.frames);
    assertEquals(List.of("8", "10"), pongIds(sent), sent);
    assertTrue(
        link.frames.get(1).startsWith("{\"s\":8,\"ack\":0,\"m\":[{\"t\":\"pong\",\"id\":8}"),
        "before the topic's subscribe: " + sent);
    assertTrue(sent.contains("\"t\":\"subscribe\""), sent);
  }

  /**
   * A request the dead node sent on to a handler and had not seen answered (the answer goes to the
   * dead node): the resuming node sends it on again, and the client gets one answer.
   */
  @Test
  void aRequestAwaitingItsAnswer_isSentOnAgainByTheResumingNode_andAnsweredOnce() {
    Node a = new Node(1000, 1 << 20);
    FakeLink handlerOnA = a.handler();
    FakeLink first = new FakeLink();
    ClientConnection c = a.client(first);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,"
            + "\"principal\":\"admin\",\"credentials\":\"secret\"}");
    a.recordsLand();
    c.onText(
        "{\"t\":\"sendRequest\",\"id\":7,\"path\":\"svc/x\",\"type\":\"STRING\",\"v\":\"hi\","
            + "\"seq\":1}");
    assertTrue(handlerOnA.last().contains("\"t\":\"request\""), handlerOnA.last());
    a.recordsLand();
    assertEquals(
        List.of(new SessionReplication.Awaiting(1, 7, "svc/x", null, "STRING", "\"hi\"")),
        a.recordedInFlight.awaiting());
    Session dead = c.session();
    long clientHas = lastNumber(first);

    Node b = new Node(1000, 1 << 20);
    FakeLink handlerOnB = b.handler();
    b.claim.set(new SessionReplication.Claimed(replica(dead, a)));
    FakeLink link = new FakeLink();
    b.client(link).onText(reconnect(dead, clientHas));
    b.recordsLand();
    Matcher rid = Pattern.compile("\"rid\":(\\d+)").matcher(handlerOnB.last());
    assertTrue(rid.find(), "sent on again: " + handlerOnB.last());
    b.handlerConnection.onText(
        "{\"t\":\"response\",\"rid\":" + rid.group(1) + ",\"type\":\"STRING\",\"v\":\"hello\"}");
    b.recordsLand();
    String sent = String.join("\n", link.frames);
    assertEquals(1, count(sent, "{\"t\":\"ok\",\"id\":7,"), sent);
    assertTrue(sent.contains("\"hello\""), sent);
    assertEquals(List.of(), b.recordedInFlight.awaiting(), "answered: no longer awaited");
  }

  /**
   * A request whose client message the record does not count as processed is not sent on again: the
   * client replays that message, and it is asked once.
   */
  @Test
  void aRequestAwaitingItsAnswer_fromAMessageNotRecordedAsProcessed_isLeftToTheClientsReplay() {
    Node b = new Node(1000, 1 << 20);
    FakeLink handlerOnB = b.handler();
    SessionId id = SessionId.random();
    b.claim.set(
        adminOfNodeA(
            id,
            new SessionReplication.InFlight(
                0,
                List.of(),
                List.of(),
                List.of(
                    new SessionReplication.Awaiting(3, 7, "svc/x", null, "STRING", "\"hi\"")))));
    FakeLink link = new FakeLink();
    ClientConnection c = b.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + id
            + "\",\"token\":\"t\",\"ack\":0}");
    assertEquals(
        0, count(String.join("\n", handlerOnB.frames), "\"t\":\"request\""), "not sent on");

    c.onText(
        "{\"t\":\"sendRequest\",\"id\":7,\"path\":\"svc/x\",\"type\":\"STRING\",\"v\":\"hi\","
            + "\"seq\":3}");
    assertEquals(1, count(String.join("\n", handlerOnB.frames), "\"t\":\"request\""), "asked once");
  }

  /**
   * The dead node processed client messages 3 and 4 (requests 7 and 8) without recording them as
   * processed, but its record holds the answer to request 7 (written to the client, which did not
   * get it): the client replays both; request 7 is answered once, by the record's answer, and not
   * processed again (its handler is not asked); request 8 is processed as usual.
   */
  @Test
  void aReplayedRequest_whoseAnswerTheRecordHolds_isNotProcessedAgain() {
    Node b = new Node(1000, 1 << 20);
    FakeLink handlerOnB = b.handler();
    SessionId id = SessionId.random();
    b.claim.set(
        adminOfNodeA(
            id,
            new SessionReplication.InFlight(
                5,
                List.of(
                    new SessionReplication.Sent(
                        5, "{\"t\":\"ok\",\"id\":7,\"type\":\"STRING\",\"v\":\"done\"}")),
                List.of())));
    FakeLink link = new FakeLink();
    ClientConnection c = b.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + id
            + "\",\"token\":\"t\",\"ack\":4}");
    c.onText(
        "{\"t\":\"sendRequest\",\"id\":7,\"path\":\"svc/x\",\"type\":\"STRING\",\"v\":\"hi\","
            + "\"seq\":3}");
    c.onText("{\"t\":\"ping\",\"id\":8,\"seq\":4}");
    b.recordsLand();
    String sent = String.join("\n", link.frames);
    assertEquals(List.of("7", "8"), pongIds(sent), "each answered once: " + sent);
    assertTrue(sent.contains("\"done\""), sent);
    assertEquals(
        0, count(String.join("\n", handlerOnB.frames), "\"t\":\"request\""), "not asked again");
  }

  @Test
  void moreMessagesInFlightThanTheBound_closesTheSessionWithLostMessages() {
    Node a = new Node(2, 1 << 20);
    FakeLink link = new FakeLink();
    ClientConnection c = a.client(link);
    c.onText(CONNECT);
    a.recordLands();
    c.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    c.onText("{\"t\":\"ping\",\"id\":2,\"seq\":2}");
    Session s = a.sessions.registry().all().iterator().next();
    assertTrue(s.isOpen());
    c.onText("{\"t\":\"ping\",\"id\":3,\"seq\":3}");
    assertTrue(!s.isOpen(), "closed past the bound");
    assertTrue(String.join("\n", link.frames).contains("LOST_MESSAGES"), link.frames.toString());

    Node bytes = new Node(1000, 100); // a ping's answer is 38 characters
    FakeLink other = new FakeLink();
    ClientConnection d = bytes.client(other);
    d.onText(CONNECT);
    bytes.recordLands();
    d.onText("{\"t\":\"ping\",\"id\":1,\"seq\":1}");
    d.onText("{\"t\":\"ping\",\"id\":2,\"seq\":2}");
    Session t = bytes.sessions.registry().all().iterator().next();
    assertTrue(t.isOpen());
    d.onText("{\"t\":\"ping\",\"id\":3,\"seq\":3}");
    assertTrue(!t.isOpen(), "closed past the character bound");
  }

  @Test
  void topicValues_areNotKeptInFlight_norHeldForARecord() {
    Node a = new Node(1000, 1 << 20);
    a.subscriptions.tree().add("t", TopicType.STRING);
    FakeLink link = new FakeLink();
    ClientConnection c = a.client(link);
    c.onText(CONNECT);
    a.recordLands();
    c.onText("{\"t\":\"select\",\"id\":1,\"selector\":\">t\",\"seq\":1}");
    a.recordLands(); // the subscription's ok
    int before = link.frames.size();
    a.topics.set(FailoverTest.ADMIN, "t", TopicType.STRING, "v1");
    assertEquals(before + 1, link.frames.size(), "written at once: " + link.frames);
    assertTrue(link.last().contains("v1"), link.last());
    assertTrue(
        a.source.get().inFlight().sent().stream().noneMatch(m -> m.message().contains("v1")),
        "not in the record");
  }

  /**
   * The record of an ADMINISTRATOR session {@code id} of the dead node-a that processed its client
   * messages up to 2, with {@code inFlight}.
   */
  private static SessionReplication.Claimed adminOfNodeA(
      SessionId id, SessionReplication.InFlight inFlight) {
    return new SessionReplication.Claimed(
        new SessionReplication.Replica(
            id.toString(),
            "node-a",
            "admin",
            java.util.Set.of("ADMINISTRATOR"),
            Map.of("$SessionId", id.toString()),
            0L,
            5000,
            List.of(),
            2,
            dev.osmosis.cluster.SessionRegistrations.NONE,
            inFlight));
  }

  private static SessionReplication.Replica replica(Session dead, Node a) {
    return new SessionReplication.Replica(
        dead.id().toString(),
        "node-a",
        dead.principal(),
        dead.roles(),
        dead.properties(),
        dead.startTime(),
        5000,
        List.of(),
        a.recordedReceived,
        dev.osmosis.cluster.SessionRegistrations.NONE,
        a.recordedInFlight);
  }

  /** The number of the last message written to {@code link} (0 for none). */
  private static long lastNumber(FakeLink link) {
    long last = 0;
    for (String f : link.frames) {
      Matcher m = Pattern.compile("^\\{\"s\":(\\d+),").matcher(f);
      if (m.find()) {
        int count = count(f, "{\"t\":");
        last = Long.parseLong(m.group(1)) + count - 1;
      }
    }
    return last;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  private static String reconnect(Session s, long ack) {
    return "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
        + s.id()
        + "\",\"token\":\""
        + s.token()
        + "\",\"ack\":"
        + ack
        + "}";
  }

  private static List<Long> seqs(SessionReplication.InFlight inFlight) {
    return inFlight.sent().stream().map(SessionReplication.Sent::seq).toList();
  }

  /** The ids of the ping answers ({@code ok}) and of the test's own messages, in order. */
  private static List<String> pongIds(String sent) {
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("\"t\":\"(?:pong|ok)\",\"id\":(\\d+)").matcher(sent);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
