package dev.osmosis.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.control.ClientControl;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.MessagingFixtures;
import dev.osmosis.session.TestSessions;
import dev.osmosis.session.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Messaging and lock messages through real client connections on recording transports (PROTOCOL.md
 * §10).
 */
class MessagingProtocolTest {
  final MessagingFixtures fx = new MessagingFixtures();
  final MessagingFixtures.MutableClock clock = new MessagingFixtures.MutableClock();
  final Messaging messaging =
      new Messaging(
          fx.registry,
          new SessionFilters(),
          () -> fx.store,
          MessagingProtocol.sender(),
          clock,
          Duration.ofSeconds(30),
          100);
  final MessagingProtocol protocol =
      new MessagingProtocol(messaging, new SessionLocks(() -> fx.store, 100));

  static final dev.osmosis.subscribe.Subscriptions TOPICS = TestSessions.subscriptions();
  static final dev.osmosis.subscribe.TopicControl TOPIC_CONTROL =
      new dev.osmosis.subscribe.TopicControl(TOPICS, TestSessions::store);

  final class Client {
    final TestSessions.RecordingConnection out = new TestSessions.RecordingConnection();
    final ClientConnection in =
        new ClientConnection(
                fx.sessions,
                new ClientControl(fx.registry, new SessionFilters(), () -> fx.store),
                TOPICS,
                TOPIC_CONTROL,
                out,
                Transport.WEBSOCKET,
                clock)
            .messaging(protocol);

    Client(String principal) {
      in.onText(
          principal == null
              ? "{\"t\":\"connect\",\"v\":1,\"properties\":{\"Team\":\"red\"}}"
              : "{\"t\":\"connect\",\"v\":1,\"principal\":\""
                  + principal
                  + "\",\"credentials\":\"password\"}");
    }

    String id() {
      return in.session().id().toString();
    }
  }

  @Test
  void requestToPath_whenHandlerResponds_thenRequesterGetsOkWithTypedValue() {
    Client handler = new Client("control");
    Client sender = new Client(null);
    handler.in.onText(
        "{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"/svc/\",\"properties\":[\"Team\"]}");
    assertEquals("{\"t\":\"ok\",\"id\":1,\"path\":\"svc\"}", handler.out.last());

    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc/echo\",\"type\":\"JSON\",\"v\":{\"a\":[1,2]}}");
    String request = handler.out.last();
    assertEquals(
        "{\"t\":\"request\",\"rid\":1,\"path\":\"svc/echo\",\"handler\":\"svc\",\"session\":\""
            + sender.id()
            + "\",\"properties\":{\"Team\":\"red\"},\"type\":\"JSON\",\"v\":{\"a\":[1,2]}}",
        request);

    handler.in.onText("{\"t\":\"response\",\"rid\":1,\"type\":\"INT64\",\"v\":42}");
    assertEquals("{\"t\":\"ok\",\"id\":5,\"type\":\"INT64\",\"v\":42}", sender.out.last());
  }

  @Test
  void requestToPath_whenNoHandler_thenError4004() {
    Client sender = new Client(null);
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":4004"), sender.out.last());
  }

  @Test
  void requestToPath_whenHandlerAnswersError_thenError4010WithItsMessage() {
    Client handler = new Client("control");
    Client sender = new Client(null);
    handler.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    handler.in.onText("{\"t\":\"responseError\",\"rid\":1,\"message\":\"handler failed: boom\"}");
    assertEquals(
        "{\"t\":\"error\",\"id\":5,\"code\":4010,\"message\":\"handler failed: boom\"}",
        sender.out.last());
  }

  @Test
  void response_whenValueDoesNotMatchType_thenRequesterGets4001AtOnce() {
    Client handler = new Client("control");
    Client sender = new Client(null);
    handler.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    handler.in.onText("{\"t\":\"response\",\"rid\":1,\"type\":\"INT64\",\"v\":\"twelve\"}");
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":4001"), sender.out.last());
  }

  @Test
  void sendRequest_whenValueDoesNotMatchType_thenError4001AndNothingSent() {
    Client sender = new Client(null);
    for (String bad :
        new String[] {
          "\"type\":\"INT64\",\"v\":1.5",
          "\"type\":\"BINARY\",\"v\":\"!!\"",
          "\"type\":\"DOUBLE\",\"v\":\"x\"",
          "\"type\":\"STRING\",\"v\":3",
          "\"type\":\"INT64\",\"v\":9007199254740992"
        }) {
      sender.in.onText("{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\"," + bad + "}");
      assertTrue(
          sender.out.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":4001"),
          bad + " " + sender.out.last());
    }
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":6,\"path\":\"svc\",\"type\":\"XML\",\"v\":\"x\"}");
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":6,\"code\":1003"), sender.out.last());
    sender.in.onText("{\"t\":\"sendRequest\",\"id\":7,\"path\":\"svc\",\"type\":\"JSON\"}");
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":7,\"code\":1003"), sender.out.last());
  }

  @Test
  void addRequestHandler_whenClient_thenError3001() {
    Client client = new Client(null);
    client.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    assertTrue(
        client.out.last().startsWith("{\"t\":\"error\",\"id\":1,\"code\":3001"), client.out.last());
  }

  @Test
  void requestToFilter_thenCountThenEachSessionsAnswer() {
    Client a = new Client(null);
    Client b = new Client(null);
    Client sender = new Client("control");
    sender.in.onText(
        "{\"t\":\"sendRequestToFilter\",\"id\":9,\"filter\":\"Team is 'red'\",\"path\":\"q\","
            + "\"type\":\"STRING\",\"v\":\"?\"}");
    assertEquals("{\"t\":\"ok\",\"id\":9,\"count\":2}", sender.out.last());
    long ridA = rid(a.out.last());
    long ridB = rid(b.out.last());
    a.in.onText("{\"t\":\"response\",\"rid\":" + ridA + ",\"type\":\"STRING\",\"v\":\"A\"}");
    assertEquals(
        "{\"t\":\"filterResponse\",\"id\":9,\"session\":\""
            + a.id()
            + "\",\"type\":\"STRING\",\"v\":\"A\"}",
        sender.out.last());
    b.in.onText(
        "{\"t\":\"responseError\",\"rid\":"
            + ridB
            + ",\"code\":4004,\"message\":\"no request stream\"}");
    assertEquals(
        "{\"t\":\"filterResponseError\",\"id\":9,\"session\":\""
            + b.id()
            + "\",\"code\":4004,\"message\":\"no request stream\"}",
        sender.out.last());
  }

  @Test
  void requestToSession_whenTargetClosesMidRequest_thenError4011() {
    Client target = new Client(null);
    Client sender = new Client("control");
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":3,\"session\":\""
            + target.id()
            + "\",\"path\":\"q\",\"type\":\"STRING\",\"v\":\"?\"}");
    assertTrue(target.out.last().startsWith("{\"t\":\"request\""), target.out.last());
    target.in.onText("{\"t\":\"close\"}");
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":3,\"code\":4011"), sender.out.last());
  }

  @Test
  void request_whenTimeoutPasses_thenError4008() {
    Client handler = new Client("control");
    Client sender = new Client(null);
    handler.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    sender.in.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    clock.advance(30_000);
    messaging.sweep();
    assertTrue(
        sender.out.last().startsWith("{\"t\":\"error\",\"id\":5,\"code\":4008"), sender.out.last());
  }

  @Test
  void lockAndUnlock_thenSecondSessionGetsItWithAHigherSequence() {
    Client a = new Client("control");
    Client b = new Client("control");
    a.in.onText("{\"t\":\"lock\",\"id\":1,\"name\":\"L\"}");
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"name\":\"L\",\"sequence\":1,\"scope\":\"UNLOCK_ON_SESSION_LOSS\"}",
        a.out.last());
    int before = b.out.sent.size();
    b.in.onText("{\"t\":\"lock\",\"id\":1,\"name\":\"L\",\"scope\":\"UNLOCK_ON_CONNECTION_LOSS\"}");
    assertEquals(before, b.out.sent.size(), "the second waits");
    a.in.onText("{\"t\":\"unlock\",\"id\":2,\"name\":\"L\",\"sequence\":1}");
    assertEquals("{\"t\":\"ok\",\"id\":2,\"released\":true}", a.out.last());
    assertEquals(
        "{\"t\":\"ok\",\"id\":1,\"name\":\"L\",\"sequence\":2,\"scope\":\"UNLOCK_ON_CONNECTION_LOSS\"}",
        b.out.last());
  }

  @Test
  void lock_whenBadScopeOrNoPermission_thenErrors() {
    Client a = new Client("control");
    a.in.onText("{\"t\":\"lock\",\"id\":1,\"name\":\"L\",\"scope\":\"FOREVER\"}");
    assertTrue(a.out.last().startsWith("{\"t\":\"error\",\"id\":1,\"code\":1003"), a.out.last());
    Client client = new Client(null);
    client.in.onText("{\"t\":\"lock\",\"id\":2,\"name\":\"L\"}");
    assertTrue(
        client.out.last().startsWith("{\"t\":\"error\",\"id\":2,\"code\":3001"), client.out.last());
  }

  @Test
  void messaging_whenNotEnabled_thenUnknownMessageType() {
    TestSessions.RecordingConnection out = new TestSessions.RecordingConnection();
    ClientConnection plain =
        new ClientConnection(
            fx.sessions,
            new ClientControl(fx.registry, new SessionFilters(), () -> fx.store),
            TOPICS,
            TOPIC_CONTROL,
            out,
            Transport.WEBSOCKET,
            clock);
    plain.onText("{\"t\":\"connect\",\"v\":1}");
    plain.onText("{\"t\":\"lock\",\"id\":1,\"name\":\"L\"}");
    assertTrue(out.last().startsWith("{\"t\":\"error\",\"id\":1,\"code\":1002"), out.last());
  }

  /** A transport that tells a reply written on the replying thread from a queued send. */
  static final class DirectRecording implements dev.osmosis.session.Connection {
    final java.util.List<String> sent = new java.util.ArrayList<>();
    final java.util.List<String> direct = new java.util.ArrayList<>();

    @Override
    public void send(String message) {
      sent.add(message);
    }

    @Override
    public void sendDirect(String message) {
      direct.add(message);
    }

    @Override
    public void close(dev.osmosis.wire.CloseReason reason, String message) {}

    @Override
    public String remoteAddress() {
      return "a";
    }
  }

  @Test
  void response_thenTheRequesterGetsItThroughSendDirect_theThreadHandOffIsKept() {
    Client handler = new Client("control");
    DirectRecording out = new DirectRecording();
    ClientConnection sender =
        new ClientConnection(
                fx.sessions,
                new ClientControl(fx.registry, new SessionFilters(), () -> fx.store),
                TOPICS,
                TOPIC_CONTROL,
                out,
                Transport.WEBSOCKET,
                clock)
            .messaging(protocol);
    sender.onText("{\"t\":\"connect\",\"v\":1}");
    handler.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    sender.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    int queued = out.sent.size();

    handler.in.onText(
        "{\"t\":\"response\",\"rid\":" + rid(handler.out.last()) + ",\"type\":\"INT64\",\"v\":42}");

    assertEquals(
        java.util.List.of("{\"t\":\"ok\",\"id\":5,\"type\":\"INT64\",\"v\":42}"), out.direct);
    assertEquals(queued, out.sent.size(), "not queued for a writer thread");
  }

  @Test
  void response_whenRequesterSequenced_thenWrittenOnTheReplyingThread_noHandOff() {
    Client handler = new Client("control");
    java.util.List<Runnable> handedOff = new java.util.ArrayList<>();
    ReconnectTest.FakeLink link = new ReconnectTest.FakeLink();
    ClientConnection sender =
        new ClientConnection(
                fx.sessions,
                new ClientControl(fx.registry, new SessionFilters(), () -> fx.store),
                TOPICS,
                TOPIC_CONTROL,
                link,
                Transport.WEBSOCKET,
                clock)
            .messaging(protocol)
            .reconnectable(handedOff::add);
    sender.onText("{\"t\":\"connect\",\"v\":1,\"seq\":true}");
    handler.in.onText("{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\"}");
    sender.onText(
        "{\"t\":\"sendRequest\",\"id\":5,\"path\":\"svc\",\"type\":\"STRING\",\"v\":\"x\"}");
    while (!handedOff.isEmpty()) {
      handedOff.remove(0).run();
    }

    handler.in.onText(
        "{\"t\":\"response\",\"rid\":" + rid(handler.out.last()) + ",\"type\":\"INT64\",\"v\":42}");

    assertTrue(handedOff.isEmpty(), "no hand-off to the writer pool");
    assertTrue(
        link.last().endsWith(",\"m\":[{\"t\":\"ok\",\"id\":5,\"type\":\"INT64\",\"v\":42}]}"),
        link.last());
  }

  private static long rid(String request) {
    int at = request.indexOf("\"rid\":") + 6;
    return Long.parseLong(request.substring(at, request.indexOf(',', at)));
  }
}
