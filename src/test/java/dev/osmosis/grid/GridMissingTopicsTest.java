package dev.osmosis.grid;

import static dev.osmosis.grid.GridRelayTest.eventually;
import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.MissingTopicRoutes;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.subscribe.MissingTopicHandlers;
import dev.osmosis.subscribe.Subscriptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Missing topic handlers across nodes on real embedded Hazelcast members: a handler registered on
 * one node serves a select made on another (docs/CLUSTER.md "Topics"). Every wait has a deadline.
 */
class GridMissingTopicsTest {
  static final String CLUSTER = "osmosis-missing-test-" + UUID.randomUUID();
  static final List<Node> nodes = new ArrayList<>();
  static Node a;
  static Node b;

  /** One node: its sessions, subscriptions, relay and messaging on its own grid member. */
  static final class Node {
    final HazelcastInstance grid;
    final Sessions sessions = TestSessions.sessions();
    final Subscriptions subscriptions = TestSessions.subscriptions();
    final GridCluster cluster;
    final GridRelay relay;
    final Messaging messaging;

    Node() {
      Config config = GridTopicsTest.config();
      config.setClusterName(CLUSTER);
      grid = Hazelcast.newHazelcastInstance(config);
      cluster = new GridCluster(grid);
      relay = new GridRelay(cluster, new GridSessionDirectory(cluster, sessions.registry()));
      messaging =
          new Messaging(
              sessions.registry(),
              new SessionFilters(),
              TestSessions::store,
              (target, request) -> {},
              TestSessions.CLOCK,
              Duration.ofSeconds(30),
              100,
              relay);
      MissingTopicRoutes.connect(messaging, subscriptions.missingTopicHandlers());
      nodes.add(this);
    }

    MissingTopicHandlers handlers() {
      return subscriptions.missingTopicHandlers();
    }
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

  static long rid(String request) {
    int at = request.indexOf("\"rid\":") + 6;
    return Long.parseLong(request.substring(at, request.indexOf(',', at)));
  }

  @Test
  void select_whenHandlerOnOtherNode_thenItIsAskedAndItsAnswerEndsTheSelect() {
    TestSessions.RecordingConnection handlerConnection = new TestSessions.RecordingConnection();
    Session handler = a.sessions.open(handshake("admin", "secret", Map.of()), handlerConnection);
    Session client =
        b.sessions.open(
            handshake("client", "password", Map.of("Team", "red")),
            new TestSessions.RecordingConnection());
    a.handlers().register(handler, "remote/games", List.of("Team"));
    List<MissingTopicHandlers.Answer> answers = new CopyOnWriteArrayList<>();
    eventually(
        "B knows A's handler",
        () -> {
          answers.clear();
          b.handlers().select(client, ">remote/games/chess", answers::add);
          return b.handlers().pending() == 1;
        });

    eventually("the handler on A is asked", () -> !handlerConnection.sent.isEmpty());
    String request = handlerConnection.last();
    assertTrue(request.startsWith("{\"t\":\"missingTopic\""), request);
    assertTrue(request.contains("\"handler\":\"remote/games\""), request);
    assertTrue(request.contains("\"selector\":\">remote/games/chess\""), request);
    assertTrue(request.contains("\"session\":\"" + client.id() + "\""), request);
    assertTrue(request.contains("\"properties\":{\"Team\":\"red\"}"), request);
    assertEquals(List.of(), answers, "the select waits for the handler on A");

    a.handlers().respond(handler, rid(request), true);
    eventually("the answer on B", () -> !answers.isEmpty());
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(0, MissingTopicHandlers.Outcome.PROCEED)), answers);
    assertEquals(0, a.handlers().pending());
    assertEquals(0, b.handlers().pending());
  }

  @Test
  void select_whenRemoteHandlerSessionCloses_thenHandlerGone_andItIsNoLongerAsked() {
    TestSessions.RecordingConnection handlerConnection = new TestSessions.RecordingConnection();
    Session handler = a.sessions.open(handshake("admin", "secret", Map.of()), handlerConnection);
    Session client =
        b.sessions.open(
            handshake("client", "password", Map.of()), new TestSessions.RecordingConnection());
    a.handlers().register(handler, "closing", List.of());
    List<MissingTopicHandlers.Answer> answers = new CopyOnWriteArrayList<>();
    eventually(
        "B knows A's handler",
        () -> {
          answers.clear();
          b.handlers().select(client, ">closing/x", answers::add);
          return b.handlers().pending() == 1;
        });
    eventually("the handler on A is asked", () -> !handlerConnection.sent.isEmpty());

    handler.close(dev.osmosis.wire.CloseReason.CLOSED_BY_CLIENT, "bye");
    eventually("the answer on B", () -> !answers.isEmpty());
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(0, MissingTopicHandlers.Outcome.HANDLER_GONE)),
        answers);

    List<MissingTopicHandlers.Answer> later = new CopyOnWriteArrayList<>();
    eventually(
        "B forgets A's handler",
        () -> {
          later.clear();
          b.handlers().select(client, ">closing/y", later::add);
          return later.size() == 1 && later.get(0).outcome() == null;
        });
    // a select of an earlier round above may have been sent to A before B heard the handler go:
    // A answers it HANDLER_GONE, so nothing stays pending
    eventually("nothing left pending on B", () -> b.handlers().pending() == 0);
  }
}
