package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.cluster.SessionRegistrations;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ReconnectTest.FakeLink;
import dev.osmosis.control.ClientControl;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.RequestHandlers;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.NotifiedDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fail-over (docs/RECONNECTION.md) of what a session registered: the node that resumes it makes its
 * request and missing topic handlers, notification selections and session listeners again, without
 * answering or notifying anything twice; a registration its client replays takes the made one over;
 * an ordinary reconnect on the same node makes nothing again.
 */
class FailoverRegistrationsTest {

  /** A node of FailoverTest with messaging, and one client control as on a server. */
  static final class Node {
    final FailoverTest.Node node = new FailoverTest.Node();
    final ClientControl control = TestSessions.control(node.sessions);
    final Messaging messaging =
        new Messaging(
            node.sessions.registry(),
            new SessionFilters(),
            TestSessions::store,
            MessagingProtocol.sender(),
            TestSessions.CLOCK,
            Duration.ofSeconds(30),
            100);
    final MessagingProtocol protocol =
        new MessagingProtocol(messaging, new SessionLocks(TestSessions::store, 100));

    ClientConnection client(FakeLink link) {
      return new ClientConnection(
              node.sessions,
              control,
              node.subscriptions,
              node.topics,
              link,
              Transport.WEBSOCKET,
              TestSessions.CLOCK)
          .reconnectable(Runnable::run)
          .messaging(protocol)
          .replication(node.replication);
    }

    /** A plain session of principal admin (Team blue) on this node. */
    ClientConnection plain(FakeLink link) {
      ClientConnection c = client(link);
      c.onText(
          "{\"t\":\"connect\",\"v\":1,\"principal\":\"admin\",\"credentials\":\"secret\","
              + "\"properties\":{\"Team\":\"blue\"}}");
      return c;
    }

    Session session(String id) {
      return node.sessions.registry().get(SessionId.parse(id)).orElseThrow();
    }

    List<String> handlers(Session s) {
      return messaging.handlers().of(s).stream().map(RequestHandlers.Handler::branch).toList();
    }
  }

  static final SessionRegistrations REGISTERED =
      new SessionRegistrations(
          List.of(new SessionRegistrations.Handler("svc", List.of("Team"))),
          List.of(new SessionRegistrations.Handler("games", List.of())),
          List.of(">n/a", ">n/b"),
          List.of(new SessionRegistrations.Listener(9, List.of("$Principal"))));

  /** Resumes on {@code b} a session of node-a that registered {@link #REGISTERED}. */
  static ClientConnection resume(Node b, String id, FakeLink link) {
    return resume(b, id, link, "");
  }

  /** As above, {@code fields} (",..." or "") added to the reconnect. */
  static ClientConnection resume(Node b, String id, FakeLink link, String fields) {
    b.node.claim.set(
        new SessionReplication.Claimed(
            new SessionReplication.Replica(
                id,
                "node-a",
                "admin",
                Set.of("ADMINISTRATOR"),
                Map.of("$SessionId", id, "Team", "red"),
                0L,
                5000,
                List.of(),
                0,
                REGISTERED)));
    ClientConnection c = b.client(link);
    c.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + id
            + "\",\"token\":\"t\",\"ack\":0"
            + fields
            + "}");
    return c;
  }

  /** The {@code notified} field of a reconnect whose client was told of {@code paths}. */
  static String notified(String... paths) {
    NotifiedDigest digest = new NotifiedDigest();
    for (String path : paths) {
      digest.add(path);
    }
    return ",\"notified\":{\"count\":" + digest.count() + ",\"hash\":\"" + digest.hex() + "\"}";
  }

  @Test
  void resumed_whenTopicsCameAndWentDuringTheOutage_thenTheClientGetsTheListToCompare() {
    Node b = new Node();
    b.node.topics.add(FailoverTest.ADMIN, "n/a", TopicSpecification.of(TopicType.STRING));
    b.node.topics.add(FailoverTest.ADMIN, "n/b", TopicSpecification.of(TopicType.STRING));
    b.node.topics.add(FailoverTest.ADMIN, "x/y", TopicSpecification.of(TopicType.STRING));
    FakeLink link = new FakeLink();
    // its client was told of n/a and n/a/gone (removed since); n/b was added since
    resume(b, SessionId.random().toString(), link, notified("n/a/gone", "n/a"));

    List<String> notifications =
        link.frames.stream().filter(f -> f.contains("topicNotification")).toList();
    String sent = String.join("\n", link.frames);
    assertEquals(3, notifications.size(), sent);
    assertTrue(sent.contains("\"event\":\"RESYNC\",\"path\":\"n/a\",\"type\":\"STRING\""), sent);
    assertTrue(sent.contains("\"event\":\"RESYNC\",\"path\":\"n/b\",\"type\":\"STRING\""), sent);
    assertTrue(
        notifications
            .get(2)
            .contains("{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":2}"),
        sent);
  }

  @Test
  void resumed_whenDescendantsCameAndWent_thenTheClientGetsTheirListApart() {
    Node b = new Node();
    for (String path : List.of("n/a", "n/b", "n/a/kept", "n/a/new")) {
      b.node.topics.add(FailoverTest.ADMIN, path, TopicSpecification.of(TopicType.STRING));
    }
    FakeLink link = new FakeLink();
    // told of the topics n/a and n/b, and of the descendants n/a/kept and n/a/gone (removed since)
    NotifiedDigest descendants = new NotifiedDigest();
    descendants.add("n/a/kept");
    descendants.add("n/a/gone");
    String fields = notified("n/a", "n/b");
    fields =
        fields.substring(0, fields.length() - 1)
            + ",\"descendants\":{\"count\":2,\"hash\":\""
            + descendants.hex()
            + "\"}}";
    resume(b, SessionId.random().toString(), link, fields);

    List<String> notifications =
        link.frames.stream().filter(f -> f.contains("topicNotification")).toList();
    String sent = String.join("\n", link.frames);
    assertEquals(3, notifications.size(), "the descendants only: " + sent);
    assertTrue(
        sent.contains("\"event\":\"RESYNC\",\"path\":\"n/a/kept\",\"descendant\":true"), sent);
    assertTrue(
        sent.contains("\"event\":\"RESYNC\",\"path\":\"n/a/new\",\"descendant\":true"), sent);
    assertTrue(
        notifications
            .get(2)
            .contains(
                "{\"t\":\"topicNotification\",\"event\":\"RESYNCED\",\"count\":2,"
                    + "\"descendant\":true}"),
        sent);
  }

  @Test
  void resumed_whenTheClientWasToldOfWhatThisNodeCounts_thenNothingIsSent() {
    Node b = new Node();
    b.node.topics.add(FailoverTest.ADMIN, "n/a", TopicSpecification.of(TopicType.STRING));
    b.node.topics.add(FailoverTest.ADMIN, "n/b", TopicSpecification.of(TopicType.STRING));
    FakeLink link = new FakeLink();
    resume(b, SessionId.random().toString(), link, notified("n/b", "n/a"));
    String sent = String.join("\n", link.frames);
    assertTrue(sent.contains("\"reconnected\":true"), sent);
    assertFalse(sent.contains("topicNotification"), sent);
  }

  @Test
  void resumedOnAnotherNode_thenItsRegistrationsMadeAgain_withoutAnswersOrNotificationsTwice() {
    Node b = new Node();
    b.node.topics.add(FailoverTest.ADMIN, "n/a", TopicSpecification.of(TopicType.STRING));
    FakeLink otherLink = new FakeLink();
    ClientConnection other = b.plain(otherLink);
    String otherId = other.session().id().toString();
    String id = SessionId.random().toString();
    FakeLink link = new FakeLink();
    resume(b, id, link);

    Session s = b.session(id);
    String sent = String.join("\n", link.frames);
    assertTrue(sent.contains("\"reconnected\":true"), sent);
    assertFalse(sent.contains("\"t\":\"ok\""), "its registrations were answered already: " + sent);
    assertFalse(sent.contains("topicNotification"), "n/a was notified already: " + sent);
    assertTrue(
        link.frames.stream()
            .anyMatch(
                f ->
                    f.startsWith("{\"s\":")
                        && f.contains(
                            "{\"t\":\"sessionEvent\",\"listener\":9,\"type\":\"OPEN\","
                                + "\"session\":\""
                                + otherId)),
        "the listener hears the open sessions again, numbered (the client de-duplicates): " + sent);
    assertEquals(List.of("svc"), b.handlers(s));
    assertEquals(Map.of("games", List.of()), b.node.subscriptions.missingTopicHandlers().of(s));
    assertEquals(2, b.node.subscriptions.notifications().selections(s).size());
    assertEquals(Map.of(9L, List.of("$Principal")), b.control.listeners().of(s));

    other.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc/x\",\"type\":\"STRING\",\"v\":\"hi\"}");
    assertTrue(
        link.last().contains("\"t\":\"request\"") && link.last().contains("\"handler\":\"svc\""),
        "a request to its path reaches it: " + link.last());
    assertTrue(
        link.last().contains("\"properties\":{\"Team\":\"blue\"}"),
        "with the sender's properties the handler asked for: " + link.last());

    b.node.topics.add(FailoverTest.ADMIN, "n/b", TopicSpecification.of(TopicType.STRING));
    assertTrue(
        link.last().contains("\"event\":\"ADDED\",\"path\":\"n/b\""),
        "a topic added now is notified: " + link.last());

    other.onText(
        "{\"t\":\"setSessionProperties\",\"id\":6,\"session\":\""
            + otherId
            + "\",\"properties\":{\"Colour\":\"blue\"}}");
    assertFalse(link.last().contains("UPDATED"), "$Principal did not change: " + link.last());
  }

  @Test
  void resumed_thenTheClientsReplayedRegistrationsTakeTheMadeOnesOver_laterOnesConflictAsBefore() {
    Node b = new Node();
    String id = SessionId.random().toString();
    FakeLink link = new FakeLink();
    ClientConnection c = resume(b, id, link);
    Session s = b.session(id);

    // the dead node processed these but had not recorded it: the client replays them
    c.onText(
        "{\"t\":\"addRequestHandler\",\"id\":3,\"path\":\"svc\",\"properties\":[\"Team\"],\"seq\":1}");
    assertTrue(link.last().contains("{\"t\":\"ok\",\"id\":3,\"path\":\"svc\"}"), link.last());
    c.onText("{\"t\":\"addSessionListener\",\"id\":9,\"keys\":[\"$Principal\"],\"seq\":2}");
    assertTrue(String.join("\n", link.frames).contains("{\"t\":\"ok\",\"id\":9}"), link.last());
    assertEquals(List.of("svc"), b.handlers(s));
    assertEquals(1, b.control.listeners().count(s));

    c.onText("{\"t\":\"addRequestHandler\",\"id\":4,\"path\":\"svc\",\"seq\":3}");
    assertTrue(link.last().contains("\"id\":4,\"code\":4009"), link.last());
    c.onText("{\"t\":\"addSessionListener\",\"id\":9,\"keys\":[],\"seq\":4}");
    assertTrue(link.last().contains("\"id\":9,\"code\":4001"), link.last());

    c.onText("{\"t\":\"removeSessionListener\",\"id\":5,\"listener\":9,\"seq\":5}");
    c.onText("{\"t\":\"removeRequestHandler\",\"id\":6,\"path\":\"svc\",\"seq\":6}");
    assertTrue(link.last().contains("\"id\":6,\"removed\":true"), link.last());
    assertEquals(0, b.control.listeners().count(s));
    assertEquals(List.of(), b.handlers(s));
  }

  @Test
  void reconnectOnTheSameNode_thenNothingMadeAgain_andAListenerRemovableThroughTheNewConnection() {
    Node a = new Node();
    FakeLink first = new FakeLink();
    ClientConnection c1 = a.client(first);
    c1.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"reconnectTimeout\":5000,"
            + "\"principal\":\"admin\",\"credentials\":\"secret\"}");
    Session s = c1.session();
    c1.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\",\"seq\":1}");
    c1.onText("{\"t\":\"addSessionListener\",\"id\":2,\"keys\":[],\"seq\":2}");
    c1.onTransportClosed(CloseReason.CONNECTION_ERROR, "cut");

    Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(first.frames.get(0));
    assertTrue(token.find(), first.frames.get(0));
    FakeLink second = new FakeLink();
    ClientConnection c2 = a.client(second);
    c2.onText(
        "{\"t\":\"connect\",\"v\":1,\"seq\":true,\"sessionId\":\""
            + s.id()
            + "\",\"token\":\""
            + token.group(1)
            + "\",\"ack\":0}");
    assertTrue(second.frames.get(0).contains("\"reconnected\":true"), second.frames.get(0));
    assertEquals(List.of("svc"), a.handlers(s));
    assertEquals(1, a.control.listeners().count(s));

    c2.onText("{\"t\":\"addRequestHandler\",\"id\":3,\"path\":\"svc\",\"seq\":3}");
    assertTrue(second.last().contains("\"id\":3,\"code\":4009"), "not restored: " + second.last());
    c2.onText("{\"t\":\"removeSessionListener\",\"id\":4,\"listener\":2,\"seq\":4}");
    assertEquals(0, a.control.listeners().count(s), "removed through the new connection");
  }
}
