package dev.osmosis.subscribe;

import static dev.osmosis.session.TestSessions.handshake;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.Caller;
import dev.osmosis.error.RequestException;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.session.Session;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Missing topic handlers at the server, with a manual timer. */
class MissingTopicHandlersTest {
  static final Caller ADMIN = new Caller("admin", Set.of("ADMINISTRATOR"));

  final Sessions sessions = TestSessions.sessions();
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final TopicControl topics = new TopicControl(subscriptions, TestSessions::store);
  final List<Runnable> timers = new ArrayList<>();
  final List<Boolean> cancelled = new ArrayList<>();
  final MissingTopicHandlers handlers =
      new MissingTopicHandlers(
          subscriptions,
          TestSessions::store,
          (task, delay) -> {
            assertEquals(Duration.ofSeconds(3), delay);
            int at = timers.size();
            timers.add(task);
            cancelled.add(false);
            return () -> cancelled.set(at, true);
          },
          Duration.ofSeconds(3));

  final TestSessions.RecordingConnection handlerConnection = new TestSessions.RecordingConnection();
  final Session handler = sessions.open(handshake("admin", "secret", Map.of()), handlerConnection);
  final TestSessions.RecordingConnection clientConnection = new TestSessions.RecordingConnection();
  final Session client =
      sessions.open(handshake("client", "password", Map.of("Team", "red")), clientConnection);
  final List<MissingTopicHandlers.Answer> answers = new ArrayList<>();

  long rid(String request) {
    int at = request.indexOf("\"rid\":") + 6;
    return Long.parseLong(request.substring(at, request.indexOf(',', at)));
  }

  @Test
  void register_whenSessionHasTheMaximum_thenLimitExceeded_butRenewingABranchStillWorks() {
    for (int i = 0; i < MissingTopicHandlers.MAX_PER_SESSION; i++) {
      handlers.register(handler, "many/" + i, List.of());
    }
    RequestException e =
        assertThrows(
            RequestException.class, () -> handlers.register(handler, "many/one-more", List.of()));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(
        "many/0",
        handlers.register(handler, "many/0", List.of("Team")),
        "renewing is not a new branch");
    assertEquals(MissingTopicHandlers.MAX_PER_SESSION, handlers.handlers());
  }

  @Test
  void select_whenNothingMatchesAndHandlerAddsTopic_thenRequestThenSubscriptionThenAnswer() {
    assertEquals("games", handlers.register(handler, "/games/", List.of("Team")));
    handlers.select(client, ">games/chess/1", answers::add);

    assertEquals(List.of(), answers, "the select waits for the handler");
    String request = handlerConnection.last();
    assertEquals(
        "{\"t\":\"missingTopic\",\"rid\":"
            + rid(request)
            + ",\"handler\":\"games\",\"selector\":"
            + "\">games/chess/1\",\"path\":\"games/chess/1\",\"session\":\""
            + client.id()
            + "\",\"properties\":{\"Team\":\"red\"}}",
        request);

    topics.add(ADMIN, "games/chess/1", TopicSpecification.of(TopicType.JSON));
    assertTrue(
        clientConnection.last().startsWith("{\"t\":\"subscribe\""),
        "the persistent selection picks it up");
    handlers.respond(client, rid(request), true);
    assertEquals(List.of(), answers, "only the handler's session may answer");
    handlers.respond(handler, rid(request), true);
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(1, MissingTopicHandlers.Outcome.PROCEED)), answers);
    assertEquals(List.of(true), cancelled, "the timeout is cancelled");
    handlers.respond(handler, rid(request), false);
    assertEquals(1, answers.size(), "a second answer is ignored");
  }

  @Test
  void select_whenCancel_thenAnsweredWithNothingSubscribedAndSelectionKept() {
    handlers.register(handler, "games", List.of());
    handlers.select(client, "?games/.*", answers::add);
    handlers.respond(handler, rid(handlerConnection.last()), false);
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(0, MissingTopicHandlers.Outcome.CANCEL)), answers);
    topics.add(ADMIN, "games/go", TopicSpecification.of(TopicType.JSON));
    assertTrue(clientConnection.last().contains("\"path\":\"games/go\""), "the selection persists");
  }

  @Test
  void select_whenTopicExistsOrNoHandlerCovers_thenAnsweredAtOnce() {
    handlers.register(handler, "games", List.of());
    topics.add(ADMIN, "games/x", TopicSpecification.of(TopicType.JSON));
    handlers.select(client, ">games/x", answers::add);
    handlers.select(client, ">other/x", answers::add);
    handlers.select(client, "*.*q", answers::add);
    assertEquals(
        List.of(
            new MissingTopicHandlers.Answer(1, null),
            new MissingTopicHandlers.Answer(0, null),
            new MissingTopicHandlers.Answer(0, null)),
        answers);
    assertEquals(0, handlerConnection.sent.size(), "no request: " + handlerConnection.sent);
  }

  @Test
  void select_whenMostSpecificBranch_thenThatHandlerAsked() {
    TestSessions.RecordingConnection otherConnection = new TestSessions.RecordingConnection();
    Session other = sessions.open(handshake("admin", "secret", Map.of()), otherConnection);
    handlers.register(handler, "games", List.of());
    handlers.register(other, "games/chess", List.of());
    handlers.select(client, ">games/chess/9", answers::add);
    assertTrue(otherConnection.last().contains("\"handler\":\"games/chess\""));
    assertEquals(0, handlerConnection.sent.size());
  }

  @Test
  void select_whenTimeout_thenAnsweredTimeout() {
    handlers.register(handler, "games", List.of());
    handlers.select(client, ">games/slow", answers::add);
    timers.get(0).run();
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(0, MissingTopicHandlers.Outcome.TIMEOUT)), answers);
    assertEquals(0, handlers.pending());
  }

  @Test
  void select_whenHandlerSessionClosesOrRemovesHandler_thenAnsweredHandlerGone() {
    handlers.register(handler, "games", List.of());
    handlers.select(client, ">games/a", answers::add);
    handler.close(CloseReason.CLOSED_BY_CLIENT, "bye");
    assertEquals(
        List.of(new MissingTopicHandlers.Answer(0, MissingTopicHandlers.Outcome.HANDLER_GONE)),
        answers);
    assertEquals(0, handlers.handlers(), "the registration ended with its session");

    Session again =
        sessions.open(
            handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    handlers.register(again, "games", List.of());
    handlers.select(client, ">games/b", answers::add);
    assertTrue(handlers.unregister(again, "games"));
    assertEquals(MissingTopicHandlers.Outcome.HANDLER_GONE, answers.get(1).outcome());
  }

  @Test
  void register_whenNoModifyTopicOrTaken_thenCodedErrors() {
    assertEquals(
        ErrorCode.PERMISSION_DENIED,
        assertThrows(RequestException.class, () -> handlers.register(client, "games", List.of()))
            .code());
    handlers.register(handler, "games", List.of());
    handlers.register(handler, "games", List.of("*U")); // the same session again: replaced
    Session other =
        sessions.open(
            handshake("admin", "secret", Map.of()), new TestSessions.RecordingConnection());
    RequestException taken =
        assertThrows(RequestException.class, () -> handlers.register(other, "games", List.of()));
    assertEquals(ErrorCode.HANDLER_CONFLICT, taken.code());
    assertEquals(4009, taken.code().code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(RequestException.class, () -> handlers.register(handler, "a//b", List.of()))
            .code());
  }

  @Test
  void select_whenRepeatedWhileOutstanding_thenOneRequestAndEverySelectAnswered() {
    handlers.register(handler, "games", List.of());
    for (int i = 0; i < 5; i++) {
      handlers.select(client, ">games/chess/1", answers::add);
      handlers.select(
          client, "games/chess/1", answers::add); // the same selector, written another way
    }
    assertEquals(1, handlerConnection.sent.size(), "one request: " + handlerConnection.sent);
    assertEquals(1, handlers.pending());
    assertEquals(List.of(), answers);
    handlers.respond(handler, rid(handlerConnection.last()), false);
    assertEquals(10, answers.size());
    assertTrue(
        answers.stream().allMatch(a -> a.outcome() == MissingTopicHandlers.Outcome.CANCEL),
        "" + answers);
    assertEquals(0, handlers.pending());
    handlers.select(client, ">games/chess/1", answers::add);
    assertEquals(2, handlerConnection.sent.size(), "once answered, a new select asks again");
  }

  @Test
  void select_whenOutstandingRequestsAtTheCaps_thenLimitExceededBeforeSelecting() {
    Subscriptions small =
        new Subscriptions(
            new dev.osmosis.topic.TopicTree(),
            new dev.osmosis.selector.TopicSelectors(),
            TestSessions::store,
            new dev.osmosis.selector.SelectionLimits(
                100, 100, 1 << 20, 1_000, 1 << 20, 1_000, 1 << 20, 1 << 20, 3, 2),
            JsonTopicEncoder.INSTANCE);
    MissingTopicHandlers capped =
        new MissingTopicHandlers(
            small, TestSessions::store, (task, delay) -> () -> {}, Duration.ofSeconds(3));
    capped.register(handler, "games", List.of());
    capped.select(client, ">games/1", answers::add);
    capped.select(client, ">games/2", answers::add);
    capped.select(client, ">games/2", answers::add); // joins: not a new request
    RequestException perSession =
        assertThrows(RequestException.class, () -> capped.select(client, ">games/3", answers::add));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, perSession.code());
    assertEquals(
        "too many of this session's selects are waiting for missing topic handlers: the limit is 2 per"
            + " session",
        perSession.getMessage());
    Session other =
        sessions.open(
            handshake("client", "password", Map.of()), new TestSessions.RecordingConnection());
    capped.select(other, ">games/4", answers::add);
    RequestException total =
        assertThrows(RequestException.class, () -> capped.select(other, ">games/5", answers::add));
    assertEquals(
        "too many selects are waiting for missing topic handlers: the limit is 3 for the server",
        total.getMessage());
    assertEquals(3, capped.pending());
    assertEquals(3, handlerConnection.sent.size());
    new TopicControl(small, TestSessions::store)
        .add(ADMIN, "games/3", TopicSpecification.of(TopicType.JSON));
    assertEquals(
        0, small.tree().get("games/3").subscribers().length, "the refused select selected nothing");
    capped.select(client, ">games/3", answers::add);
    assertEquals(1, answers.size(), "a topic exists now: answered at once, no handler needed");
  }

  @Test
  void select_whenHandlerLacksViewSession_thenNoRequesterProperties() {
    // A store in which CLIENT may modify topics under games (so handle them) but has no global
    // permission.
    dev.osmosis.security.SecurityStore base = TestSessions.store();
    dev.osmosis.security.Role clientRole =
        new dev.osmosis.security.Role(
            "CLIENT",
            Set.of(),
            Set.of(
                dev.osmosis.security.PathPermission.SELECT_TOPIC,
                dev.osmosis.security.PathPermission.READ_TOPIC),
            Map.of(
                "games",
                Set.of(
                    dev.osmosis.security.PathPermission.MODIFY_TOPIC,
                    dev.osmosis.security.PathPermission.SELECT_TOPIC)),
            Set.of());
    dev.osmosis.security.SecurityStore modifyOnly =
        new dev.osmosis.security.SecurityStore(
            new dev.osmosis.security.AnonymousPolicy(true, Set.of("CLIENT")),
            List.copyOf(base.principals().values()),
            new dev.osmosis.security.SecurityPolicy(
                List.of(clientRole, base.policy().roles().get("ADMINISTRATOR"))));
    MissingTopicHandlers viewless =
        new MissingTopicHandlers(
            subscriptions, () -> modifyOnly, (task, delay) -> () -> {}, Duration.ofSeconds(3));
    TestSessions.RecordingConnection modifierConnection = new TestSessions.RecordingConnection();
    Session modifier = sessions.open(handshake("client", "password", Map.of()), modifierConnection);
    viewless.register(modifier, "games", List.of("Team", "$Principal"));
    viewless.select(client, ">games/chess/2", answers::add);
    assertTrue(
        modifierConnection.last().endsWith(",\"properties\":{}}"), modifierConnection.last());

    viewless.register(handler, "admin-games", List.of("Team"));
    viewless.select(client, ">admin-games/1", answers::add);
    assertTrue(
        handlerConnection.last().endsWith(",\"properties\":{\"Team\":\"red\"}}"),
        "VIEW_SESSION: the keys asked for " + handlerConnection.last());
  }
}
