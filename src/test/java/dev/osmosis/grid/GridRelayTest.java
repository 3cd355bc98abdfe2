package dev.osmosis.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.control.Caller;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.Target;
import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.message.FilterReply;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.MessagingFixtures;
import dev.osmosis.message.NodeRelay;
import dev.osmosis.message.Payload;
import dev.osmosis.message.Reply;
import dev.osmosis.message.Request;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests across nodes on real embedded Hazelcast members in this JVM (loopback tcp-ip join, a
 * cluster name of its own): each node has its own sessions, session directory, relay and {@link
 * Messaging}; two members shared by the tests, a third started and stopped by the failure test.
 * Every wait has a deadline; nothing asserts on time.
 */
class GridRelayTest {
  static final String CLUSTER = "osmosis-relay-test-" + UUID.randomUUID();
  static final long DEADLINE_MS = 30_000;
  static final Payload HELLO = new Payload("STRING", "\"hello\"");

  /** Client control's callers: OPERATOR may view and modify sessions, VIEWER only view. */
  static final SecurityStore OPERATORS =
      new SecurityStore(
          new AnonymousPolicy(true, Set.of("CLIENT")),
          List.of(),
          new SecurityPolicy(
              List.of(
                  new Role(
                      "OPERATOR",
                      Set.of(GlobalPermission.VIEW_SESSION, GlobalPermission.MODIFY_SESSION),
                      Set.of(),
                      Map.of(),
                      Set.of("CLIENT")),
                  new Role(
                      "LISTENER",
                      Set.of(GlobalPermission.VIEW_SESSION, GlobalPermission.REGISTER_HANDLER),
                      Set.of(),
                      Map.of(),
                      Set.of()),
                  new Role(
                      "VIEWER",
                      Set.of(GlobalPermission.VIEW_SESSION),
                      Set.of(),
                      Map.of(),
                      Set.of()),
                  new Role("CLIENT", Set.of(), Set.of(), Map.of(), Set.of()))));

  static final Caller OPERATOR = new Caller("op", Set.of("OPERATOR"));

  static Node a;
  static Node b;
  static final List<Node> nodes = new ArrayList<>();

  /** One Osmosis node's messaging side on its own grid member. */
  static final class Node {
    final HazelcastInstance grid;
    final MessagingFixtures fx = new MessagingFixtures();
    final MessagingFixtures.MutableClock clock = new MessagingFixtures.MutableClock();
    final GridCluster cluster;
    final GridSessionDirectory directory;
    final GridRelay relay;
    final Messaging messaging;
    final ClientControl control;

    /** Requests delivered to this node's sessions: what their clients would receive. */
    final ConcurrentLinkedQueue<Delivered> delivered = new ConcurrentLinkedQueue<>();

    Node() {
      grid = Hazelcast.newHazelcastInstance(config());
      cluster = new GridCluster(grid);
      directory = new GridSessionDirectory(cluster, fx.registry);
      relay = new GridRelay(cluster, directory);
      messaging =
          new Messaging(
              fx.registry,
              new SessionFilters(),
              () -> fx.store,
              (target, request) -> delivered.add(new Delivered(target, request)),
              clock,
              Duration.ofSeconds(30),
              100,
              relay);
      control = new ClientControl(fx.registry, new SessionFilters(), () -> OPERATORS);
      messaging.connect(control);
      control.connect(directory);
      nodes.add(this);
    }

    Session control(Map<String, String> properties) {
      return fx.open("control", properties, new TestSessions.RecordingConnection());
    }

    Session client(Map<String, String> properties) {
      return fx.open(null, properties, new TestSessions.RecordingConnection());
    }

    /** Waits for the request delivered to {@code target}, and takes it. */
    Request awaitRequest(Session target) {
      Delivered[] found = new Delivered[1];
      eventually(
          "a request for " + target.id(),
          () -> {
            for (Delivered d : delivered) {
              if (d.target() == target && delivered.remove(d)) {
                found[0] = d;
                return true;
              }
            }
            return false;
          });
      return found[0].request();
    }

    String id() {
      return cluster.nodeId();
    }
  }

  record Delivered(Session target, Request request) {}

  /** How requests ended. Thread-safe. */
  static final class Ends implements Reply, FilterReply {
    final List<Object> ends = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<SessionId, Object> bySession = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void response(Payload response) {
      ends.add(response);
    }

    @Override
    public void error(ErrorCode code, String message) {
      ends.add(code);
      ends.add(message);
    }

    @Override
    public void count(int sessions) {
      ends.add("count " + sessions);
    }

    @Override
    public void response(SessionId session, Payload response) {
      bySession.put(session, response);
    }

    @Override
    public void error(SessionId session, ErrorCode code, String message) {
      bySession.put(session, code);
    }
  }

  static Config config() {
    Config config = GridTopicsTest.config();
    config.setClusterName(CLUSTER);
    return config;
  }

  @BeforeAll
  static void cluster() {
    a = new Node();
    b = new Node();
    eventually("two members", () -> b.grid.getCluster().getMembers().size() == 2);
  }

  @AfterAll
  static void shutdown() {
    for (Node node : nodes) {
      node.relay.close();
      node.grid.shutdown();
    }
  }

  /** Waits until {@code node}'s directory lists the session. */
  static void visible(Node node, Session session) {
    eventually(
        session.id() + " listed on " + node.id(),
        () -> node.directory.session(session.id().toString()).isPresent());
  }

  @Test
  void sendToSession_whenTargetOnOtherNode_thenItsReplyComesBack() {
    Session sender = a.control(Map.of());
    Session target = b.client(Map.of());
    visible(a, target);
    Ends ends = new Ends();

    a.messaging.sendToSession(sender, target.id().toString(), "chat", HELLO, ends);

    Request request = b.awaitRequest(target);
    assertEquals("chat", request.path());
    assertNull(request.handler());
    assertEquals(sender.id(), request.sender());
    assertEquals(HELLO, request.payload());
    assertTrue(b.messaging.respond(target, request.rid(), new Payload("STRING", "\"from B\"")));
    eventually("the reply on A", () -> !ends.ends.isEmpty());
    assertEquals(List.of(new Payload("STRING", "\"from B\"")), ends.ends);
    assertEquals(0, a.messaging.pendingRequests());
    assertEquals(0, b.messaging.pendingRequests());
  }

  @Test
  void sendToSession_whenTargetRejectsOnOtherNode_thenRejectedRequestWithItsMessage() {
    Session sender = a.control(Map.of());
    Session target = b.client(Map.of());
    visible(a, target);
    Ends ends = new Ends();

    a.messaging.sendToSession(sender, target.id().toString(), "chat", HELLO, ends);
    Request request = b.awaitRequest(target);
    b.messaging.respondError(target, request.rid(), ErrorCode.INTERNAL_ERROR, "no thanks");

    eventually("the error on A", () -> ends.ends.size() == 2);
    assertEquals(List.of(ErrorCode.REJECTED_REQUEST, "no thanks"), ends.ends);
  }

  @Test
  void sendToSession_whenTargetClosesOnOtherNode_thenRecipientGone() {
    Session sender = a.control(Map.of());
    Session target = b.client(Map.of());
    visible(a, target);
    Ends ends = new Ends();

    a.messaging.sendToSession(sender, target.id().toString(), "chat", HELLO, ends);
    b.awaitRequest(target);
    target.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    eventually("the error on A", () -> ends.ends.size() == 2);
    assertEquals(ErrorCode.RECIPIENT_GONE, ends.ends.get(0));
  }

  @Test
  void sendToSession_whenNoNodeHasIt_thenNotFound() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                a.messaging.sendToSession(
                    a.control(Map.of()), SessionId.random().toString(), "chat", HELLO, new Ends()));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }

  @Test
  void sendToSession_whenNoAnswer_thenTheSendersTimeoutEndsIt() {
    Session sender = a.control(Map.of());
    Session target = b.client(Map.of());
    visible(a, target);
    Ends ends = new Ends();
    a.messaging.sendToSession(sender, target.id().toString(), "chat", HELLO, ends);
    Request request = b.awaitRequest(target);

    a.clock.advance(30_000);
    assertEquals(1, a.messaging.sweep());

    assertEquals(ErrorCode.REQUEST_TIMEOUT, ends.ends.get(0));
    // B's own timeout ends its side; its answer to A is then ignored
    b.clock.advance(30_000);
    assertEquals(1, b.messaging.sweep());
    assertEquals(false, b.messaging.respond(target, request.rid(), HELLO));
    assertEquals(2, ends.ends.size());
  }

  @Test
  void sendToFilter_whenSessionsOnBothNodes_thenCountsBothAndHearsEveryAnswer() {
    String team = "t" + UUID.randomUUID();
    Session onA = a.client(Map.of("Team", team));
    Session onB1 = b.client(Map.of("Team", team));
    Session onB2 = b.client(Map.of("Team", team));
    a.client(Map.of("Team", "other"));
    b.client(Map.of("Team", "other"));
    for (Session s : List.of(onB1, onB2)) {
      visible(a, s);
    }
    Session sender = a.control(Map.of());
    Ends ends = new Ends();

    assertEquals(
        3, a.messaging.sendToFilter(sender, "Team is '" + team + "'", "chat", HELLO, ends));

    assertEquals(List.of("count 3"), ends.ends);
    Map<Node, List<Session>> targets = Map.of(a, List.of(onA), b, List.of(onB1, onB2));
    Map<SessionId, Object> expected = new HashMap<>();
    for (Map.Entry<Node, List<Session>> e : targets.entrySet()) {
      for (Session target : e.getValue()) {
        Request request = e.getKey().awaitRequest(target);
        Payload answer = new Payload("STRING", "\"" + target.id() + "\"");
        e.getKey().messaging.respond(target, request.rid(), answer);
        expected.put(target.id(), answer);
      }
    }
    eventually("three answers", () -> ends.bySession.size() == 3);
    assertEquals(expected, ends.bySession);
  }

  @Test
  void sendToFilter_whenThreeSessionsOnB_thenOneMessageToBAndEveryAnswerBack() {
    String team = "t" + UUID.randomUUID();
    String path = "fan" + UUID.randomUUID().toString().substring(0, 8);
    List<Session> onB = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      onB.add(b.client(Map.of("Team", team)));
    }
    onB.forEach(s -> visible(a, s));
    List<String> toB = java.util.Collections.synchronizedList(new ArrayList<>());
    UUID counting =
        b.grid
            .<byte[]>getTopic(GridRelay.INBOX + b.id())
            .addMessageListener(
                m -> {
                  byte[] bytes = m.getMessageObject();
                  switch (RelayCodec.kind(bytes)) {
                    case RelayCodec.REQUEST -> {
                      if (RelayCodec.request(bytes).path().equals(path)) {
                        toB.add("request");
                      }
                    }
                    case RelayCodec.FAN_OUT -> {
                      NodeRelay.RemoteFanOut fanOut = RelayCodec.fanOut(bytes);
                      if (fanOut.path().equals(path)) {
                        toB.add("fan-out to " + fanOut.targets().size());
                      }
                    }
                    default -> {}
                  }
                });
    Ends ends = new Ends();

    assertEquals(
        3,
        a.messaging.sendToFilter(a.control(Map.of()), "Team is '" + team + "'", path, HELLO, ends));

    for (Session target : onB) {
      Request request = b.awaitRequest(target);
      b.messaging.respond(target, request.rid(), new Payload("STRING", "\"" + target.id() + "\""));
    }
    eventually("three answers", () -> ends.bySession.size() == 3);
    eventually("B's message counted", () -> !toB.isEmpty());
    b.grid.getTopic(GridRelay.INBOX + b.id()).removeMessageListener(counting);
    assertEquals(List.of("fan-out to 3"), toB);
    for (Session target : onB) {
      assertEquals(
          new Payload("STRING", "\"" + target.id() + "\""), ends.bySession.get(target.id()));
    }
    assertEquals(0, a.messaging.pendingRequests());
  }

  @Test
  void sendToFilter_whenTooManySessionsAcrossNodes_thenLimitExceededBeforeAnythingIsSent() {
    String team = "t" + UUID.randomUUID();
    List<Session> onB = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      onB.add(b.client(Map.of("Team", team)));
    }
    visible(a, onB.get(100));
    eventually(
        "101 listed on A",
        () ->
            a.directory.sessions(new SessionFilters().compile("Team is '" + team + "'")).size()
                == 101);
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                a.messaging.sendToFilter(
                    a.control(Map.of()), "Team is '" + team + "'", "chat", HELLO, new Ends()));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    for (Session s : onB) {
      s.close(CloseReason.CLOSED_BY_CLIENT, "");
    }
  }

  @Test
  void sendToPath_whenHandlerOnOtherNode_thenItAnswersWithTheSenderPropertiesItWants() {
    String path = "orders" + UUID.randomUUID().toString().substring(0, 8);
    Session service = b.control(Map.of());
    b.messaging.addHandler(service, path, List.of("Department"));
    eventually("A knows B's handler", () -> a.relay.handler(path) != null);
    Session client = a.client(Map.of("Department", "Accounts", "Other", "x"));
    Ends ends = new Ends();

    a.messaging.sendToPath(client, path + "/new", HELLO, ends);

    Request request = b.awaitRequest(service);
    assertEquals(path + "/new", request.path());
    assertEquals(path, request.handler());
    assertEquals(Map.of("Department", "Accounts"), request.properties());
    b.messaging.respond(service, request.rid(), new Payload("STRING", "\"accepted\""));
    eventually("the reply on A", () -> !ends.ends.isEmpty());
    assertEquals(List.of(new Payload("STRING", "\"accepted\"")), ends.ends);
  }

  @Test
  void sendToPath_whenBothNodesHaveHandlers_thenTheMostSpecificBranchWinsAndLocalIsPreferred() {
    String root = "p" + UUID.randomUUID().toString().substring(0, 8);
    Session onA = a.control(Map.of());
    Session onB = b.control(Map.of());
    a.messaging.addHandler(onA, root, List.of());
    b.messaging.addHandler(onB, root + "/x", List.of());
    b.messaging.addHandler(onB, root, List.of());
    eventually("A knows B's handlers", () -> a.relay.handler(root + "/x") != null);
    eventually("A knows B's root", () -> a.relay.handler(root) != null);

    a.messaging.sendToPath(a.client(Map.of()), root + "/x/y", HELLO, new Ends());
    assertEquals(root + "/x", b.awaitRequest(onB).handler(), "B's more specific branch");

    a.messaging.sendToPath(a.client(Map.of()), root + "/z", HELLO, new Ends());
    assertEquals(root, a.awaitRequest(onA).handler(), "A's own handler of the branch, no hop");
  }

  @Test
  void sendToPath_whenTheHandlerEndsOnOtherNode_thenOtherNodesForgetIt() {
    String path = "gone" + UUID.randomUUID().toString().substring(0, 8);
    Session service = b.control(Map.of());
    b.messaging.addHandler(service, path, List.of());
    eventually("A knows B's handler", () -> a.relay.handler(path) != null);

    service.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    eventually("A forgot B's handler", () -> a.relay.handler(path) == null);
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> a.messaging.sendToPath(a.client(Map.of()), path, HELLO, new Ends()));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }

  @Test
  void request_whenTheTargetNodeDies_thenRecipientGoneNotAHang_andItsHandlersAreForgotten() {
    Node c = new Node();
    eventually("three members", () -> a.grid.getCluster().getMembers().size() == 3);
    Session target = c.client(Map.of());
    Session service = c.control(Map.of());
    String path = "dying" + UUID.randomUUID().toString().substring(0, 8);
    c.messaging.addHandler(service, path, List.of());
    visible(a, target);
    eventually("A knows C's handler", () -> a.relay.handler(path) != null);
    Ends toSession = new Ends();
    Ends toPath = new Ends();
    a.messaging.sendToSession(
        a.control(Map.of()), target.id().toString(), "chat", HELLO, toSession);
    a.messaging.sendToPath(a.client(Map.of()), path, HELLO, toPath);
    c.awaitRequest(target);
    c.awaitRequest(service);

    c.grid.getLifecycleService().terminate();
    nodes.remove(c);

    eventually("both requests ended", () -> toSession.ends.size() == 2 && toPath.ends.size() == 2);
    assertEquals(ErrorCode.RECIPIENT_GONE, toSession.ends.get(0));
    assertEquals(ErrorCode.RECIPIENT_GONE, toPath.ends.get(0));
    assertTrue(((String) toSession.ends.get(1)).contains(c.id()), toSession.ends.toString());
    assertNull(a.relay.handler(path));
    assertEquals(0, a.messaging.pendingRequests());
    // a request that still finds the dead node (a stale directory entry) fails at once
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                a.relay.send(
                    c.id(),
                    new NodeRelay.RemoteRequest(
                        a.id(),
                        1,
                        target.id().toString(),
                        "chat",
                        null,
                        target.id(),
                        Map.of(),
                        HELLO)));
    assertEquals(ErrorCode.RECIPIENT_GONE, e.code());
  }

  @Test
  void close_byIdOfASessionOnOtherNode_thenThatNodeClosesIt() {
    Session target = b.client(Map.of());
    visible(a, target);

    a.control.close(OPERATOR, Target.session(target.id().toString()));

    assertTrue(!target.isOpen(), "closed on B");
    assertEquals(
        List.of(CloseReason.CLOSED_BY_CONTROLLER),
        ((TestSessions.RecordingConnection) target.connection()).closes);
  }

  @Test
  void close_byFilter_whenSessionsOnBothNodes_thenCountIsTheClustersAndAllAreClosed() {
    String tag = UUID.randomUUID().toString();
    Session onA = a.client(Map.of("Tag", tag));
    Session onB1 = b.client(Map.of("Tag", tag));
    Session onB2 = b.client(Map.of("Tag", tag));
    Session other = b.client(Map.of("Tag", "other"));
    visible(a, onB1);
    visible(a, onB2);

    int closed = a.control.close(OPERATOR, Target.filter("Tag is '" + tag + "'"));

    assertEquals(3, closed);
    assertTrue(!onA.isOpen() && !onB1.isOpen() && !onB2.isOpen());
    assertTrue(other.isOpen());
  }

  @Test
  void setPropertiesAndRoles_byIdOfASessionOnOtherNode_thenChangedThereWithPreviousValues() {
    Session target = b.client(Map.of("Colour", "red"));
    visible(a, target);
    String id = target.id().toString();

    List<Map<String, String>> previous =
        a.control.setProperties(OPERATOR, Target.session(id), Map.of("Colour", "blue"));
    int changed = a.control.changeRoles(OPERATOR, Target.session(id), Set.of(), Set.of("CLIENT"));

    assertEquals(List.of(Map.of("Colour", "red")), previous);
    assertEquals("blue", target.properties().get("Colour"));
    assertEquals(1, changed);
  }

  @Test
  void subscribe_byFilter_whenSessionsOnBothNodes_thenEachNodeSelectsForItsOwn() {
    String tag = UUID.randomUUID().toString();
    Session onA = a.client(Map.of("Tag", tag));
    Session onB = b.client(Map.of("Tag", tag));
    visible(a, onB);
    List<String> selectedOnB = java.util.Collections.synchronizedList(new ArrayList<>());
    b.control.connect(
        new dev.osmosis.control.SessionSelections() {
          @Override
          public void select(Session session, String selector) {
            selectedOnB.add("+" + session.id() + " " + selector);
          }

          @Override
          public void unselect(Session session, String selector) {
            selectedOnB.add("-" + session.id() + " " + selector);
          }
        });
    List<String> selectedOnA = new ArrayList<>();
    dev.osmosis.control.SessionSelections here =
        new dev.osmosis.control.SessionSelections() {
          @Override
          public void select(Session session, String selector) {
            selectedOnA.add("+" + session.id() + " " + selector);
          }

          @Override
          public void unselect(Session session, String selector) {
            selectedOnA.add("-" + session.id() + " " + selector);
          }
        };
    Target target = Target.filter("Tag is '" + tag + "'");

    int subscribed = a.control.subscribe(OPERATOR, target, "?a//", true, here);
    int unsubscribed =
        a.control.subscribe(OPERATOR, Target.session(onB.id().toString()), "?a//", false, here);

    assertEquals(2, subscribed);
    assertEquals(1, unsubscribed);
    assertEquals(List.of("+" + onA.id() + " ?a//"), selectedOnA);
    assertEquals(List.of("+" + onB.id() + " ?a//", "-" + onB.id() + " ?a//"), selectedOnB);
  }

  @Test
  void control_whenTheTargetNodeDiesMidCall_thenRecipientGoneNotAHang() throws Exception {
    Node c = new Node();
    eventually("three members", () -> a.grid.getCluster().getMembers().size() == 3);
    Session target = c.client(Map.of());
    visible(a, target);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    c.control.connect(
        new dev.osmosis.control.SessionSelections() {
          @Override
          public void select(Session session, String selector) {
            entered.countDown();
            try {
              release.await(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void unselect(Session session, String selector) {}
        });
    java.util.concurrent.CompletableFuture<Integer> call =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                a.control.subscribe(
                    OPERATOR, Target.session(target.id().toString()), "?a//", true, null));
    assertTrue(entered.await(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));

    c.grid.getLifecycleService().terminate();
    nodes.remove(c);
    release.countDown();

    java.util.concurrent.ExecutionException e =
        assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> call.get(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
    RequestException gone = (RequestException) e.getCause();
    assertEquals(ErrorCode.RECIPIENT_GONE, gone.code());
    assertTrue(gone.getMessage().contains(c.id()), gone.getMessage());
  }

  @Test
  void control_whileAnOperationRunsOnB_thenBsRelayStillDeliversRequests() throws Exception {
    Session target = b.client(Map.of());
    visible(a, target);
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    b.control.connect(
        new dev.osmosis.control.SessionSelections() {
          @Override
          public void select(Session session, String selector) {
            entered.countDown();
            try {
              release.await(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void unselect(Session session, String selector) {}
        });
    java.util.concurrent.CompletableFuture<Integer> call =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                a.control.subscribe(
                    OPERATOR, Target.session(target.id().toString()), "?a//", true, null));
    assertTrue(entered.await(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
    Ends ends = new Ends();

    a.messaging.sendToSession(a.control(Map.of()), target.id().toString(), "chat", HELLO, ends);

    Request request = b.awaitRequest(target); // delivered while the operation still runs
    release.countDown();
    assertEquals(1, call.get(DEADLINE_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
    b.messaging.respond(target, request.rid(), HELLO);
    eventually("the reply on A", () -> !ends.ends.isEmpty());
  }

  @Test
  void control_onOtherNode_thenSameErrorsAsLocally() {
    Session target = b.client(Map.of());
    visible(a, target);
    String id = target.id().toString();
    Caller viewer = new Caller("viewer", Set.of("VIEWER"));

    RequestException denied =
        assertThrows(RequestException.class, () -> a.control.close(viewer, Target.session(id)));
    RequestException unknown =
        assertThrows(
            RequestException.class,
            () -> a.control.close(OPERATOR, Target.session(SessionId.random().toString())));
    RequestException fixed =
        assertThrows(
            RequestException.class,
            () -> a.control.setProperties(OPERATOR, Target.session(id), Map.of("$Principal", "x")));

    assertEquals(ErrorCode.PERMISSION_DENIED, denied.code());
    assertEquals(ErrorCode.NOT_FOUND, unknown.code());
    assertEquals(ErrorCode.INVALID_ARGUMENT, fixed.code());
    assertTrue(target.isOpen());
  }

  /** A session properties listener's events, as "KIND id {properties} [reason]". Thread-safe. */
  static final class Heard implements dev.osmosis.control.SessionEvents.Sink {
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void opened(String session, Map<String, String> properties) {
      events.add("OPEN " + session + " " + new java.util.TreeMap<>(properties));
    }

    @Override
    public void updated(
        String session, Map<String, String> properties, Map<String, String> previous) {
      events.add("UPDATED " + session + " " + new java.util.TreeMap<>(properties));
    }

    @Override
    public void connection(String session, Map<String, String> properties, boolean connected) {
      events.add((connected ? "RECONNECTED " : "DISCONNECTED ") + session);
    }

    @Override
    public void closed(String session, Map<String, String> properties, CloseReason reason) {
      events.add("CLOSED " + session + " " + reason);
    }

    /** The events of these sessions, in the order heard. */
    List<String> of(Session... sessions) {
      synchronized (events) {
        return events.stream()
            .filter(e -> java.util.Arrays.stream(sessions).anyMatch(s -> e.contains(s.id() + "")))
            .toList();
      }
    }
  }

  static final Caller LISTENER = new Caller("listener", Set.of("LISTENER"));

  @Test
  void listen_onA_thenHearsBsSessionsOpenChangeAndCloseInOrder() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Session before = b.client(Map.of("Tag", tag));
    visible(a, before);
    Heard heard = new Heard();

    Runnable unregister = a.control.listen(LISTENER, List.of("Tag"), heard);
    eventually("B knows that A listens", () -> b.directory.othersListen());
    Session fresh = b.client(Map.of("Tag", tag));
    Session local = a.client(Map.of("Tag", tag));
    eventually("B's new session heard on A", () -> heard.of(fresh).size() == 1);
    fresh.updateUserProperties(Map.of("Tag", tag + "2"));
    fresh.updateUserProperties(Map.of("Other", "not selected"));
    fresh.close(CloseReason.CLOSED_BY_CONTROLLER, "bye");
    before.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    local.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    eventually(
        "both closes heard", () -> heard.of(before).size() == 2 && heard.of(fresh).size() == 3);
    unregister.run();

    assertEquals(
        List.of(
            "OPEN " + before.id() + " {Tag=" + tag + "}",
            "CLOSED " + before.id() + " CLOSED_BY_CLIENT"),
        heard.of(before));
    assertEquals(
        List.of(
            "OPEN " + fresh.id() + " {Tag=" + tag + "}",
            "UPDATED " + fresh.id() + " {Tag=" + tag + "2}",
            "CLOSED " + fresh.id() + " CLOSED_BY_CONTROLLER"),
        heard.of(fresh));
    assertEquals(
        List.of(
            "OPEN " + local.id() + " {Tag=" + tag + "}",
            "CLOSED " + local.id() + " CLOSED_BY_CLIENT"),
        heard.of(local));
    eventually("A listens no more", () -> !b.directory.othersListen());
  }

  @Test
  void listen_onA_whenBsSessionLosesItsConnectionAndComesBack_thenDisconnectedThenReconnected() {
    Heard heard = new Heard();
    Runnable unregister = a.control.listen(LISTENER, List.of("Tag"), heard);
    Session onB = b.client(Map.of("Tag", "recovering"));
    eventually("opened", () -> heard.of(onB).size() == 1);

    assertTrue(onB.disconnected(System.currentTimeMillis()));
    eventually("disconnected", () -> heard.of(onB).size() == 2);
    assertTrue(onB.reconnected());
    eventually("reconnected", () -> heard.of(onB).size() == 3);
    unregister.run();

    assertEquals(
        List.of(
            "OPEN " + onB.id() + " {Tag=recovering}",
            "DISCONNECTED " + onB.id(),
            "RECONNECTED " + onB.id()),
        heard.of(onB));
  }

  @Test
  void listen_whenTheOtherNodeDies_thenItsSessionsCloseWithConnectionError() {
    Node c = new Node();
    eventually("three members", () -> a.grid.getCluster().getMembers().size() == 3);
    Session onC = c.client(Map.of("Tag", "dying"));
    visible(a, onC);
    Heard heard = new Heard();
    Runnable unregister = a.control.listen(LISTENER, List.of("Tag"), heard);
    assertEquals(List.of("OPEN " + onC.id() + " {Tag=dying}"), heard.of(onC));

    c.grid.getLifecycleService().terminate();
    nodes.remove(c);

    eventually("C's session closed on A", () -> heard.of(onC).size() == 2);
    assertEquals("CLOSED " + onC.id() + " CONNECTION_ERROR", heard.of(onC).get(1));
    unregister.run();
  }

  static void eventually(String what, BooleanSupplier condition) {
    EmbeddedGrid.eventually(what, condition);
  }
}
