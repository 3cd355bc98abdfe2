package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Messaging and locks (PROTOCOL.md §10) driven by a fake transport, on the test thread. */
class ClientMessagingTest {
  static final String OTHER = "0123456789abcdef-fedcba9876543210";

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);
  final Messaging messaging = session.messages();

  ClientMessagingTest() {
    connection.start(transport);
    connection.onText(ConnectionTest.CONNECTED);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
    return e.getCause();
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  private long lastId() {
    return (Long) transport.lastSent().get("id");
  }

  private void answer(String fields) {
    connection.onText(
        "{\"t\":\"ok\",\"id\":" + lastId() + (fields.isEmpty() ? "" : "," + fields) + "}");
  }

  @Test
  void sendRequest_whenAnswered_thenTypedRequestSentAndResponseRead() throws Exception {
    CompletableFuture<Long> response =
        messaging.sendRequest("/svc/count/", "apples", String.class, Long.class);
    assertEquals(
        "{\"t\":\"sendRequest\",\"id\":1,\"path\":\"svc/count\",\"type\":\"STRING\",\"v\":\"apples\"}",
        transport.sent.get(1));
    answer("\"type\":\"INT64\",\"v\":12");
    assertEquals(12L, result(response));
  }

  @Test
  void sendRequest_whenError_thenSessionExceptionWithCode() {
    CompletableFuture<String> response =
        messaging.sendRequest("svc", "x", String.class, String.class);
    connection.onText(
        "{\"t\":\"error\",\"id\":1,\"code\":4004,\"message\":\"no request handler for path svc\"}");
    SessionException e = assertInstanceOf(SessionException.class, failure(response));
    assertEquals(ErrorCode.NOT_FOUND, e.getErrorCode().orElseThrow());
  }

  @Test
  void sendRequest_whenResponseOfAnotherType_thenFailsSayingSo() {
    CompletableFuture<Long> response = messaging.sendRequest("svc", "x", String.class, Long.class);
    answer("\"type\":\"STRING\",\"v\":\"twelve\"");
    Throwable e = failure(response);
    assertInstanceOf(IllegalArgumentException.class, e);
    assertTrue(e.getMessage().contains("INT64"), e.getMessage());
  }

  @Test
  void sendRequest_toSession_thenSessionField() {
    messaging.sendRequest(SessionId.of(OTHER), "chat", Map.of("a", 1L), Map.class, Object.class);
    assertEquals(
        "{\"t\":\"sendRequest\",\"id\":1,\"path\":\"chat\",\"type\":\"JSON\",\"v\":{\"a\":1},\"session\":\""
            + OTHER
            + "\"}",
        transport.sent.get(1));
  }

  @Test
  void values_whenEachDatatype_thenWireFormsOfSection9() {
    assertEquals("NaN", MessageValues.toWire(Double.NaN, Double.class));
    assertEquals("-Infinity", MessageValues.toWire(Double.NEGATIVE_INFINITY, Double.class));
    assertEquals("9007199254740993", MessageValues.toWire(9007199254740993L, Long.class));
    assertEquals("AQI=", MessageValues.toWire(new byte[] {1, 2}, byte[].class));
    assertArrayEquals(new byte[] {1, 2}, MessageValues.fromWire("BINARY", "AQI=", byte[].class));
    assertEquals(
        9007199254740993L, MessageValues.fromWire("INT64", "9007199254740993", Long.class));
    assertEquals(2.0, MessageValues.fromWire("DOUBLE", 2L, Double.class));
    assertTrue(Double.isNaN(MessageValues.fromWire("DOUBLE", "NaN", Double.class)));
    assertEquals(
        "{\"a\":[1,true]}",
        MessageValues.fromWire("JSON", Map.of("a", List.of(1L, true)), String.class));
    assertEquals("s", MessageValues.fromWire("STRING", "s", Object.class));
    assertThrows(IllegalArgumentException.class, () -> MessageValues.datatype(Integer.class));
    assertThrows(
        IllegalArgumentException.class, () -> MessageValues.fromWire("STRING", "s", Long.class));
    assertThrows(NullPointerException.class, () -> MessageValues.toWire(null, String.class));
  }

  @Test
  void addRequestHandler_whenRequestArrives_thenHandlerAnswersWithResponse() throws Exception {
    List<String> seen = new ArrayList<>();
    CompletableFuture<Registration> registration =
        messaging.addRequestHandler(
            "/svc",
            String.class,
            String.class,
            (request, context, responder) -> {
              seen.add(
                  request
                      + " "
                      + context.getSessionId()
                      + " "
                      + context.getPath()
                      + " "
                      + context.getSessionProperties());
              responder.respond(request.toUpperCase());
              responder.respond("ignored: one answer counts");
            },
            "Department");
    assertEquals(
        "{\"t\":\"addRequestHandler\",\"id\":1,\"path\":\"svc\",\"properties\":[\"Department\"]}",
        transport.sent.get(1));
    // a request may overtake the registration's answer
    connection.onText(
        "{\"t\":\"request\",\"rid\":7,\"path\":\"svc/x\",\"handler\":\"svc\",\"session\":\""
            + OTHER
            + "\",\"properties\":{\"Department\":\"Accounts\"},\"type\":\"STRING\",\"v\":\"hi\"}");
    connection.onText("{\"t\":\"ok\",\"id\":1,\"path\":\"svc\"}");
    result(registration);

    assertEquals(List.of("hi " + OTHER + " svc/x {Department=Accounts}"), seen);
    assertEquals(
        "{\"t\":\"response\",\"rid\":7,\"type\":\"STRING\",\"v\":\"HI\"}", transport.sent.get(2));
    assertEquals(3, transport.sent.size());
  }

  @Test
  void handler_whenThrowsOrRejectsOrWrongType_thenResponseErrors() throws Exception {
    messaging.addRequestHandler(
        "svc",
        Long.class,
        String.class,
        (request, context, responder) -> {
          if (request == 1L) {
            throw new IllegalStateException("boom");
          }
          responder.reject("not today");
        });
    answer("\"path\":\"svc\"");
    String request =
        "{\"t\":\"request\",\"rid\":%d,\"path\":\"svc\",\"handler\":\"svc\",\"session\":\""
            + OTHER
            + "\",\"type\":\"%s\",\"v\":%s}";
    connection.onText(String.format(request, 1, "INT64", "1"));
    assertTrue(
        transport
            .sent
            .get(2)
            .startsWith(
                "{\"t\":\"responseError\",\"rid\":1,\"code\":4010,"
                    + "\"message\":\"the handler failed: java.lang.IllegalStateException: boom\""),
        transport.sent.get(2));
    connection.onText(String.format(request, 2, "INT64", "2"));
    assertEquals(
        "{\"t\":\"responseError\",\"rid\":2,\"code\":4010,\"message\":\"not today\"}",
        transport.sent.get(3));
    connection.onText(String.format(request, 3, "STRING", "\"2\""));
    assertTrue(
        transport.sent.get(4).startsWith("{\"t\":\"responseError\",\"rid\":3,\"code\":4001"),
        transport.sent.get(4));
  }

  @Test
  void addRequestHandler_whenRefused_thenFailsAndNoHandlerLeft() {
    CompletableFuture<Registration> registration =
        messaging.addRequestHandler(
            "svc", String.class, String.class, (r, c, responder) -> responder.respond(r));
    connection.onText(
        "{\"t\":\"error\",\"id\":1,\"code\":3001,\"message\":\"lacks REGISTER_HANDLER\"}");
    assertEquals(3001, ((SessionException) failure(registration)).getCode());
    connection.onText(
        "{\"t\":\"request\",\"rid\":4,\"path\":\"svc\",\"handler\":\"svc\",\"session\":\""
            + OTHER
            + "\",\"type\":\"STRING\",\"v\":\"x\"}");
    assertTrue(
        transport.lastSent().toString().contains("code=4004"), transport.lastSent().toString());
  }

  @Test
  void registration_whenClosed_thenServerToldAndOnCloseCalled() throws Exception {
    List<String> closed = new ArrayList<>();
    CompletableFuture<Registration> registration =
        messaging.addRequestHandler(
            "svc",
            String.class,
            String.class,
            new RequestHandler<String, String>() {
              @Override
              public void onRequest(
                  String request, RequestContext context, Responder<String> responder) {}

              @Override
              public void onClose() {
                closed.add("closed");
              }
            });
    answer("\"path\":\"svc\"");
    CompletableFuture<Void> done = result(registration).close();
    assertEquals(
        "{\"t\":\"removeRequestHandler\",\"id\":2,\"path\":\"svc\"}", transport.sent.get(2));
    answer("\"removed\":true");
    result(done);
    assertEquals(List.of("closed"), closed);
  }

  @Test
  void requestStream_whenSet_thenAnswersAndWithoutOneNotFound() {
    messaging.setRequestStream(
        "chat",
        String.class,
        String.class,
        (path, request, responder) -> responder.respond(path + ":" + request));
    String request =
        "{\"t\":\"request\",\"rid\":%d,\"path\":\"%s\",\"session\":\""
            + OTHER
            + "\",\"type\":\"STRING\",\"v\":\"hi\"}";
    connection.onText(String.format(request, 1, "chat"));
    assertEquals(
        "{\"t\":\"response\",\"rid\":1,\"type\":\"STRING\",\"v\":\"chat:hi\"}",
        transport.sent.get(1));
    connection.onText(String.format(request, 2, "other"));
    assertTrue(
        transport.sent.get(2).startsWith("{\"t\":\"responseError\",\"rid\":2,\"code\":4004"),
        transport.sent.get(2));
    assertTrue(messaging.removeRequestStream("chat"));
    assertFalse(messaging.removeRequestStream("chat"));
  }

  @Test
  void sendRequestToFilter_thenCountThenEachSessionsAnswer() throws Exception {
    List<String> answers = new ArrayList<>();
    CompletableFuture<Integer> count =
        messaging.sendRequestToFilter(
            "Team is 'red'",
            "q",
            "?",
            String.class,
            String.class,
            new FilterCallback<>() {
              @Override
              public void onResponse(SessionId session, String response) {
                answers.add(session + " " + response);
              }

              @Override
              public void onResponseError(SessionId session, Throwable error) {
                answers.add(session + " " + ((SessionException) error).getCode());
              }
            });
    assertEquals(
        "{\"t\":\"sendRequestToFilter\",\"id\":1,\"path\":\"q\",\"type\":\"STRING\",\"v\":\"?\","
            + "\"filter\":\"Team is 'red'\"}",
        transport.sent.get(1));
    connection.onText(
        "[{\"t\":\"ok\",\"id\":1,\"count\":2},"
            + "{\"t\":\"filterResponse\",\"id\":1,\"session\":\""
            + OTHER
            + "\",\"type\":\"STRING\",\"v\":\"A\"},"
            + "{\"t\":\"filterResponseError\",\"id\":1,\"session\":\""
            + ConnectionTest.CONNECTED.substring(
                ConnectionTest.CONNECTED.indexOf("6f1c"),
                ConnectionTest.CONNECTED.indexOf("6f1c") + 33)
            + "\",\"code\":4011,\"message\":\"closed\"}]");
    assertEquals(2, result(count));
    assertEquals(List.of(OTHER + " A", "6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b 4011"), answers);
  }

  @Test
  void lock_whenGranted_thenLockWithSequenceAndUnlockReleases() throws Exception {
    CompletableFuture<SessionLock> lock = session.lock("/orders/");
    assertEquals(
        "{\"t\":\"lock\",\"id\":1,\"name\":\"orders\",\"scope\":\"UNLOCK_ON_SESSION_LOSS\"}",
        transport.sent.get(1));
    answer("\"name\":\"orders\",\"sequence\":5,\"scope\":\"UNLOCK_ON_SESSION_LOSS\"");
    SessionLock granted = result(lock);
    assertEquals("orders", granted.getName());
    assertEquals(5, granted.getSequence());
    assertEquals(SessionLockScope.UNLOCK_ON_SESSION_LOSS, granted.getScope());
    assertTrue(granted.isOwned());

    CompletableFuture<Boolean> released = granted.unlock();
    assertEquals(
        "{\"t\":\"unlock\",\"id\":2,\"name\":\"orders\",\"sequence\":5}", transport.sent.get(2));
    assertFalse(granted.isOwned());
    answer("\"released\":true");
    assertTrue(result(released));
  }

  @Test
  void lock_whenSessionCloses_thenNoLongerOwnedAndWaitFails() throws Exception {
    CompletableFuture<SessionLock> held =
        session.lock("a", SessionLockScope.UNLOCK_ON_CONNECTION_LOSS);
    answer("\"name\":\"a\",\"sequence\":1,\"scope\":\"UNLOCK_ON_CONNECTION_LOSS\"");
    CompletableFuture<SessionLock> waiting = session.lock("b");
    session.close();
    assertFalse(result(held).isOwned());
    assertInstanceOf(SessionClosedException.class, failure(waiting));
  }
}
