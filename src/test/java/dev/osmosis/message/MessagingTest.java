package dev.osmosis.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.error.RequestException;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionId;
import dev.osmosis.session.TestSessions;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routing, ends and limits of request/response messaging, on the test thread with a hand-moved
 * clock.
 */
class MessagingTest {
  static final Payload HELLO = new Payload("STRING", "\"hello\"");

  final MessagingFixtures fx = new MessagingFixtures();
  final MessagingFixtures.MutableClock clock = new MessagingFixtures.MutableClock();
  final List<Delivered> delivered = new ArrayList<>();
  final Messaging messaging =
      new Messaging(
          fx.registry,
          new SessionFilters(),
          () -> fx.store,
          (target, request) -> delivered.add(new Delivered(target, request)),
          clock,
          Duration.ofSeconds(30),
          3);

  record Delivered(Session target, Request request) {}

  /** Records how a request ended. */
  static final class Ends implements Reply {
    final List<Object> ends = new ArrayList<>();

    @Override
    public void response(Payload response) {
      ends.add(response);
    }

    @Override
    public void error(ErrorCode code, String message) {
      ends.add(code);
      ends.add(message);
    }
  }

  Session client() {
    return fx.open(null, Map.of("Department", "Accounts"), new TestSessions.RecordingConnection());
  }

  Session control() {
    return fx.open("control", Map.of(), new TestSessions.RecordingConnection());
  }

  @Test
  void addHandler_whenSessionHasTheMaximum_thenLimitExceeded_andOtherSessionsUnaffected() {
    Session greedy = control();
    for (int i = 0; i < RequestHandlers.MAX_PER_SESSION; i++) {
      messaging.addHandler(greedy, "many/" + i, List.of());
    }
    RequestException e =
        assertThrows(
            RequestException.class, () -> messaging.addHandler(greedy, "many/one-more", List.of()));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    messaging.addHandler(control(), "many/one-more", List.of());
  }

  @Test
  void sendToPath_whenHandlerOfBranch_thenDeliveredWithAskedPropertiesAndResponseReturns() {
    Session handler = control();
    Session sender = client();
    assertEquals(
        "orders", messaging.addHandler(handler, "/orders/", List.of("Department", "$Principal")));
    Ends ends = new Ends();

    messaging.sendToPath(sender, "orders/new", HELLO, ends);

    assertEquals(1, delivered.size());
    Request request = delivered.get(0).request();
    assertTrue(delivered.get(0).target() == handler);
    assertEquals("orders/new", request.path());
    assertEquals("orders", request.handler());
    assertEquals(sender.id(), request.sender());
    assertEquals(Map.of("Department", "Accounts", "$Principal", ""), request.properties());
    assertTrue(messaging.respond(handler, request.rid(), new Payload("INT64", "42")));
    assertEquals(List.of(new Payload("INT64", "42")), ends.ends);
    assertFalse(messaging.respond(handler, request.rid(), HELLO), "a request ends once");
    assertEquals(0, messaging.pendingRequests());
  }

  @Test
  void sendToPath_whenSeveralBranches_thenMostSpecificHandles() {
    Session a = control();
    Session ab = control();
    messaging.addHandler(a, "a", List.of());
    messaging.addHandler(ab, "a/b", List.of());

    messaging.sendToPath(client(), "a/b/c", HELLO, new Ends());
    messaging.sendToPath(client(), "a/x", HELLO, new Ends());
    messaging.sendToPath(client(), "a/bc", HELLO, new Ends());

    assertTrue(delivered.get(0).target() == ab);
    assertTrue(delivered.get(1).target() == a);
    assertTrue(delivered.get(2).target() == a, "a/bc is not under a/b");
  }

  @Test
  void sendToPath_whenNoHandler_thenNotFoundNamingThePath() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> messaging.sendToPath(client(), "nobody/home", HELLO, new Ends()));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("nobody/home"), e.getMessage());
  }

  @Test
  void addHandler_whenBranchTaken_thenHandlerConflictAndFirstKept() {
    Session first = control();
    messaging.addHandler(first, "p", List.of());
    RequestException e =
        assertThrows(RequestException.class, () -> messaging.addHandler(control(), "p", List.of()));
    assertEquals(ErrorCode.HANDLER_CONFLICT, e.code());
    e = assertThrows(RequestException.class, () -> messaging.addHandler(first, "/p", List.of()));
    assertEquals(ErrorCode.HANDLER_CONFLICT, e.code());
    messaging.sendToPath(client(), "p", HELLO, new Ends());
    assertTrue(delivered.get(0).target() == first);
  }

  @Test
  void addHandler_whenClientLacksRegisterHandler_thenPermissionDenied() {
    RequestException e =
        assertThrows(RequestException.class, () -> messaging.addHandler(client(), "p", List.of()));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("REGISTER_HANDLER"));
  }

  @Test
  void addHandler_whenBadPath_thenInvalidArgument() {
    RequestException e =
        assertThrows(
            RequestException.class, () -> messaging.addHandler(control(), "a//b", List.of()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void removeHandler_whenOwnerRemoves_thenPathHasNoHandlerAndOthersCannotRemove() {
    Session handler = control();
    messaging.addHandler(handler, "p", List.of());
    assertFalse(messaging.removeHandler(control(), "p"));
    assertTrue(messaging.removeHandler(handler, "p"));
    assertThrows(
        RequestException.class, () -> messaging.sendToPath(client(), "p", HELLO, new Ends()));
    messaging.addHandler(control(), "p", List.of()); // free again
  }

  @Test
  void handlerSession_whenClosesMidRequest_thenRecipientGoneAndHandlerRemoved() {
    Session handler = control();
    messaging.addHandler(handler, "p", List.of());
    Ends ends = new Ends();
    messaging.sendToPath(client(), "p", HELLO, ends);

    handler.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    assertEquals(ErrorCode.RECIPIENT_GONE, ends.ends.get(0));
    assertEquals(0, messaging.pendingRequests());
    assertEquals(0, messaging.handlers().size());
    messaging.addHandler(control(), "p", List.of());
  }

  @Test
  void respondError_whenHandlerRejects_thenRejectedRequestWithItsMessage() {
    Session handler = control();
    messaging.addHandler(handler, "p", List.of());
    Ends ends = new Ends();
    messaging.sendToPath(client(), "p", HELLO, ends);

    messaging.respondError(
        handler, delivered.get(0).request().rid(), ErrorCode.INTERNAL_ERROR, "boom");

    assertEquals(List.of(ErrorCode.REJECTED_REQUEST, "boom"), ends.ends);
  }

  @Test
  void respond_whenAnotherSessionAnswers_thenIgnored() {
    Session handler = control();
    messaging.addHandler(handler, "p", List.of());
    Ends ends = new Ends();
    messaging.sendToPath(client(), "p", HELLO, ends);
    assertFalse(messaging.respond(control(), delivered.get(0).request().rid(), HELLO));
    assertEquals(List.of(), ends.ends);
  }

  @Test
  void sweep_whenTimeoutPasses_thenRequestTimeoutOnceAndLateResponseIgnored() {
    Session handler = control();
    messaging.addHandler(handler, "p", List.of());
    Ends ends = new Ends();
    messaging.sendToPath(client(), "p", HELLO, ends);

    clock.advance(29_999);
    assertEquals(0, messaging.sweep());
    clock.advance(1);
    assertEquals(1, messaging.sweep());
    assertEquals(0, messaging.sweep());

    assertEquals(ErrorCode.REQUEST_TIMEOUT, ends.ends.get(0));
    assertFalse(messaging.respond(handler, delivered.get(0).request().rid(), HELLO));
    assertEquals(2, ends.ends.size());
  }

  @Test
  void pendingLimit_whenReached_thenLimitExceededUntilOneEnds() {
    Session handler = control();
    Session sender = client();
    messaging.addHandler(handler, "p", List.of());
    for (int i = 0; i < 3; i++) {
      messaging.sendToPath(sender, "p", HELLO, new Ends());
    }
    RequestException e =
        assertThrows(
            RequestException.class, () -> messaging.sendToPath(sender, "p", HELLO, new Ends()));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertTrue(e.getMessage().contains("maxPendingRequests"), e.getMessage());
    messaging.sendToPath(client(), "p", HELLO, new Ends()); // the limit is per session

    messaging.respond(handler, delivered.get(0).request().rid(), HELLO);
    messaging.sendToPath(sender, "p", HELLO, new Ends());
  }

  @Test
  void requester_whenCloses_thenItsRequestsAreDroppedAndTheLateResponseIgnored() {
    Session handler = control();
    Session sender = client();
    messaging.addHandler(handler, "p", List.of());
    Ends ends = new Ends();
    messaging.sendToPath(sender, "p", HELLO, ends);

    sender.close(CloseReason.CLOSED_BY_CLIENT, "bye");

    assertEquals(0, messaging.pendingRequests());
    assertFalse(messaging.respond(handler, delivered.get(0).request().rid(), HELLO));
    assertEquals(List.of(), ends.ends);
  }

  @Test
  void sendToSession_whenTargetExists_thenDeliveredWithoutHandlerAndNeedsSendToSession() {
    Session target = client();
    Session sender = control();
    Ends ends = new Ends();
    messaging.sendToSession(sender, target.id().toString(), "chat", HELLO, ends);
    assertTrue(delivered.get(0).target() == target);
    assertNull(delivered.get(0).request().handler());

    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                messaging.sendToSession(
                    client(), target.id().toString(), "chat", HELLO, new Ends()));
    assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    assertTrue(e.getMessage().contains("SEND_TO_SESSION"));
  }

  @Test
  void sendToSession_whenUnknownOrClosed_thenNotFound() {
    Session target = client();
    target.close(CloseReason.CLOSED_BY_CLIENT, "");
    for (String id : List.of(target.id().toString(), "nonsense", SessionId.random().toString())) {
      RequestException e =
          assertThrows(
              RequestException.class,
              () -> messaging.sendToSession(control(), id, "chat", HELLO, new Ends()));
      assertEquals(ErrorCode.NOT_FOUND, e.code());
    }
  }

  /** Records a filter request's ends. */
  static final class FilterEnds implements FilterReply {
    final List<String> ends = new ArrayList<>();

    @Override
    public void count(int sessions) {
      ends.add("count " + sessions);
    }

    @Override
    public void response(SessionId session, Payload response) {
      ends.add(session + " " + response.json());
    }

    @Override
    public void error(SessionId session, ErrorCode code, String message) {
      ends.add(session + " " + code);
    }
  }

  @Test
  void sendToFilter_whenSessionsMatch_thenCountFirstThenOneEndEach() {
    Session a = fx.open(null, Map.of("Team", "red"), new TestSessions.RecordingConnection());
    Session b = fx.open(null, Map.of("Team", "red"), new TestSessions.RecordingConnection());
    Session c = fx.open(null, Map.of("Team", "red"), new TestSessions.RecordingConnection());
    fx.open(null, Map.of("Team", "blue"), new TestSessions.RecordingConnection());
    FilterEnds ends = new FilterEnds();

    assertEquals(3, messaging.sendToFilter(control(), "Team is 'red'", "chat", HELLO, ends));

    assertEquals(List.of("count 3"), ends.ends);
    assertEquals(3, delivered.size());
    // Answer in a fixed order (a, then b): delivery order follows the registry's, which is a hash
    // order.
    for (Delivered d : delivered) {
      if (d.target() == a) {
        messaging.respond(a, d.request().rid(), new Payload("STRING", "\"A\""));
      }
    }
    for (Delivered d : delivered) {
      if (d.target() == b) {
        messaging.respondError(b, d.request().rid(), ErrorCode.NOT_FOUND, "no stream");
      }
    }
    c.close(CloseReason.CONNECTION_ERROR, "lost");
    assertEquals(
        List.of("count 3", a.id() + " \"A\"", b.id() + " NOT_FOUND", c.id() + " RECIPIENT_GONE"),
        ends.ends);
  }

  @Test
  void sendToFilter_whenMoreSessionsThanTheLimitLeaves_thenLimitExceededAndNothingSent() {
    for (int i = 0; i < 4; i++) {
      client();
    }
    RequestException e =
        assertThrows(
            RequestException.class,
            () ->
                messaging.sendToFilter(
                    control(), "$Principal is ''", "chat", HELLO, new FilterEnds()));
    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    assertEquals(0, delivered.size());
  }

  @Test
  void sendToFilter_whenBadFilter_thenInvalidArgument() {
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> messaging.sendToFilter(control(), "Team is", "chat", HELLO, new FilterEnds()));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void sendToFilter_whenNoneMatch_thenCountZero() {
    FilterEnds ends = new FilterEnds();
    assertEquals(0, messaging.sendToFilter(control(), "Team is 'none'", "chat", HELLO, ends));
    assertEquals(List.of("count 0"), ends.ends);
  }
}
