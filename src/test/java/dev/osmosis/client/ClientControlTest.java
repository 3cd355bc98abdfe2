package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.SessionPropertiesListener.EventType;
import dev.osmosis.wire.CloseReason;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Client control (PROTOCOL.md §8) driven by a fake transport, on the test thread. */
class ClientControlTest {

  static final String ID = "6f1c0e6a2b9d4c1e-9a7d5b3c2e1f0a4b";
  static final String OTHER = "0123456789abcdef-fedcba9876543210";

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);
  final ClientControl control = session.clientControl();

  ClientControlTest() {
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

  private static Map<String, Object> message(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void clientControl_whenAskedTwice_thenSameFeature() {
    assertTrue(session.clientControl() == session.clientControl());
  }

  // ------------------------------------------------------------ requests and answers

  @Test
  void getSessionProperties_whenAnswered_thenRequestedKeysOnly() throws Exception {
    CompletableFuture<Map<String, String>> properties =
        control.getSessionProperties(
            SessionId.of(ID),
            List.of("$Principal", "Department", ClientControl.ALL_USER_PROPERTIES));
    assertEquals(
        "{\"t\":\"getSessionProperties\",\"id\":1,\"session\":\""
            + ID
            + "\","
            + "\"keys\":[\"$Principal\",\"Department\",\"*U\"]}",
        transport.sent.get(1));

    answer("\"properties\":{\"$Principal\":\"client\",\"Department\":\"Accounts\"}");
    assertEquals(Map.of("$Principal", "client", "Department", "Accounts"), result(properties));
    assertThrows(UnsupportedOperationException.class, () -> properties.join().put("x", "y"));
  }

  @Test
  void scopedSubscriptions_thenScopeSentOnlyWhenNotDefault_andCounts() throws Exception {
    CompletableFuture<Integer> subscribed = control.subscribe("all", ">a", "panel");
    assertEquals(
        "{\"t\":\"subscribeSession\",\"id\":1,\"filter\":\"all\",\"selector\":\">a\","
            + "\"scope\":\"panel\"}",
        transport.sent.get(1));
    answer("\"count\":2");
    assertEquals(2, result(subscribed));

    CompletableFuture<Void> unsubscribed = control.unsubscribe(SessionId.of(ID), ">a", "");
    assertEquals(
        "{\"t\":\"unsubscribeSession\",\"id\":2,\"session\":\"" + ID + "\",\"selector\":\">a\"}",
        transport.sent.get(2));
    answer("\"count\":1");
    assertNull(result(unsubscribed));

    CompletableFuture<Integer> all = control.unsubscribeAllScopes("all", ">a");
    assertEquals(
        "{\"t\":\"unsubscribeSessionAllScopes\",\"id\":3,\"filter\":\"all\","
            + "\"selector\":\">a\"}",
        transport.sent.get(3));
    answer("\"count\":3");
    assertEquals(3, result(all));
  }

  @Test
  void getTopicSelections_thenSelectorsByScopeInOrder() throws Exception {
    CompletableFuture<Map<String, List<String>>> selections =
        control.getTopicSelections(SessionId.of(ID));
    assertEquals(
        "{\"t\":\"getTopicSelections\",\"id\":1,\"session\":\"" + ID + "\"}",
        transport.sent.get(1));
    answer("\"selections\":{\"\":[\">a\",\"?b//\"],\"panel\":[\">c\"]}");

    Map<String, List<String>> got = result(selections);
    assertEquals(List.of("", "panel"), List.copyOf(got.keySet()));
    assertEquals(List.of(">a", "?b//"), got.get(""));
    assertEquals(List.of(">c"), got.get("panel"));
  }

  @Test
  void setConflated_thenFlagSentAndCount() throws Exception {
    CompletableFuture<Integer> set = control.setConflated(SessionId.of(ID), false);
    assertEquals(
        "{\"t\":\"setConflated\",\"id\":1,\"session\":\"" + ID + "\",\"conflated\":false}",
        transport.sent.get(1));
    answer("\"count\":1");
    assertEquals(1, result(set));
  }

  @Test
  void setSessionProperties_whenSessionTargetWithNullValue_thenNullSentAndPreviousWithNulls()
      throws Exception {
    Map<String, String> changes = new LinkedHashMap<>();
    changes.put("Department", "Sales");
    changes.put("Desk", null);
    changes.put("Team", "Blue");
    CompletableFuture<Map<String, String>> previous =
        control.setSessionProperties(SessionId.of(ID), changes);
    assertEquals(
        "{\"t\":\"setSessionProperties\",\"id\":1,\"session\":\""
            + ID
            + "\","
            + "\"properties\":{\"Department\":\"Sales\",\"Desk\":null,\"Team\":\"Blue\"}}",
        transport.sent.get(1));

    answer("\"count\":1,\"previous\":{\"Department\":\"Accounts\",\"Desk\":\"4\",\"Team\":null}");
    Map<String, String> expected = new HashMap<>();
    expected.put("Department", "Accounts");
    expected.put("Desk", "4");
    expected.put("Team", null);
    assertEquals(expected, result(previous));
    assertTrue(previous.join().containsKey("Team"));
    assertNull(previous.join().get("Team"));
  }

  @Test
  void setSessionProperties_whenFilterTarget_thenFilterFieldAndCount() throws Exception {
    CompletableFuture<Integer> count =
        control.setSessionProperties("Department is \"Accounts\"", Map.of("Department", "Finance"));
    assertEquals(
        "{\"t\":\"setSessionProperties\",\"id\":1,"
            + "\"filter\":\"Department is \\\"Accounts\\\"\",\"properties\":{\"Department\":\"Finance\"}}",
        transport.sent.get(1));
    answer("\"count\":3");
    assertEquals(3, result(count));
  }

  @Test
  void changeRoles_whenSessionTarget_thenRemoveAndAddArraysAndVoid() throws Exception {
    CompletableFuture<Void> done =
        control.changeRoles(
            SessionId.of(ID),
            new LinkedHashSet<>(List.of("CLIENT")),
            new LinkedHashSet<>(List.of("TRADER", "AUDITOR")));
    assertEquals(
        message(
            "t",
            "changeRoles",
            "id",
            1L,
            "session",
            ID,
            "remove",
            List.of("CLIENT"),
            "add",
            List.of("TRADER", "AUDITOR")),
        transport.lastSent());
    assertEquals(
        "{\"t\":\"changeRoles\",\"id\":1,\"session\":\""
            + ID
            + "\","
            + "\"remove\":[\"CLIENT\"],\"add\":[\"TRADER\",\"AUDITOR\"]}",
        transport.sent.get(1));
    answer("\"count\":1");
    assertNull(result(done));
  }

  @Test
  void changeRoles_whenFilterTargetAndEmptySets_thenEmptyArraysAndCount() throws Exception {
    CompletableFuture<Integer> count = control.changeRoles("all", Set.of(), Set.of("AUDITOR"));
    assertEquals(
        message(
            "t",
            "changeRoles",
            "id",
            1L,
            "filter",
            "all",
            "remove",
            List.of(),
            "add",
            List.of("AUDITOR")),
        transport.lastSent());
    answer("\"count\":7");
    assertEquals(7, result(count));
  }

  @Test
  void close_whenSessionTarget_thenCloseSessionMessageAndVoid() throws Exception {
    CompletableFuture<Void> done = control.close(SessionId.of(OTHER));
    assertEquals(
        "{\"t\":\"closeSession\",\"id\":1,\"session\":\"" + OTHER + "\"}", transport.sent.get(1));
    answer("\"count\":1");
    assertNull(result(done));
  }

  @Test
  void close_whenFilterTarget_thenCount() throws Exception {
    CompletableFuture<Integer> count = control.close("$Principal is 'client'");
    assertEquals(
        message("t", "closeSession", "id", 1L, "filter", "$Principal is 'client'"),
        transport.lastSent());
    answer("\"count\":0");
    assertEquals(0, result(count));
  }

  @Test
  void requests_whenErrorAnswers_thenSessionExceptionWithCodeAndMessage() {
    CompletableFuture<Map<String, String>> denied =
        control.getSessionProperties(SessionId.of(ID), List.of("*F"));
    connection.onText(
        "{\"t\":\"error\",\"id\":1,\"code\":3001,"
            + "\"message\":\"Permission VIEW_SESSION is required\"}");
    SessionException e = assertInstanceOf(SessionException.class, failure(denied));
    assertEquals(3001, e.getCode());
    assertEquals(ErrorCode.PERMISSION_DENIED, e.getErrorCode().orElseThrow());
    assertEquals("Permission VIEW_SESSION is required", e.getMessage());

    CompletableFuture<Integer> badFilter = control.close("Department is");
    connection.onText(
        "{\"t\":\"error\",\"id\":2,\"code\":4001,"
            + "\"message\":\"expected a quoted value at 14\"}");
    e = assertInstanceOf(SessionException.class, failure(badFilter));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.getErrorCode().orElseThrow());
    assertEquals("expected a quoted value at 14", e.getMessage());

    CompletableFuture<Void> missing = control.close(SessionId.of(OTHER));
    connection.onText("{\"t\":\"error\",\"id\":3,\"code\":4004,\"message\":\"No session\"}");
    assertEquals(4004, assertInstanceOf(SessionException.class, failure(missing)).getCode());

    CompletableFuture<Map<String, String>> fixed =
        control.setSessionProperties(SessionId.of(ID), Map.of("$Roles", "x"));
    connection.onText("{\"t\":\"error\",\"id\":4,\"code\":4001,\"message\":\"$Roles is fixed\"}");
    assertEquals(4001, assertInstanceOf(SessionException.class, failure(fixed)).getCode());
    assertTrue(session.getState().isConnected(), "an error answer does not end the session");
  }

  @Test
  void requests_whenSessionCloses_thenPendingFailWithSessionClosed() {
    CompletableFuture<Integer> count = control.close("all");
    session.close();
    assertEquals(
        CloseReason.CLOSED_BY_CLIENT,
        assertInstanceOf(SessionClosedException.class, failure(count)).getCloseReason());
    assertInstanceOf(
        SessionClosedException.class,
        failure(control.changeRoles(SessionId.of(ID), Set.of(), Set.of())));
  }

  @Test
  void requests_whenNullArguments_thenNullPointerBeforeSending() {
    int before = transport.sent.size();
    assertThrows(NullPointerException.class, () -> control.close((SessionId) null));
    assertThrows(NullPointerException.class, () -> control.close((String) null));
    assertThrows(
        NullPointerException.class, () -> control.getSessionProperties(SessionId.of(ID), null));
    assertThrows(
        NullPointerException.class,
        () -> control.getSessionProperties(SessionId.of(ID), java.util.Arrays.asList("a", null)));
    assertThrows(NullPointerException.class, () -> control.setSessionProperties("all", null));
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThrows(NullPointerException.class, () -> control.setSessionProperties("all", nullKey));
    assertThrows(NullPointerException.class, () -> control.changeRoles("all", null, Set.of()));
    assertThrows(NullPointerException.class, () -> control.addSessionPropertiesListener(null));
    assertEquals(before, transport.sent.size());
  }

  // ------------------------------------------------------------ session properties listener

  /** Records every call as a string. */
  static class Recorder implements SessionPropertiesListener {
    final List<String> calls = new ArrayList<>();
    final List<Map<String, String>> maps = new ArrayList<>();

    @Override
    public void onSessionOpen(SessionId session, Map<String, String> properties) {
      calls.add("OPEN " + session + " " + new java.util.TreeMap<>(properties));
      maps.add(properties);
    }

    @Override
    public void onSessionEvent(
        SessionId session,
        EventType type,
        Map<String, String> properties,
        Map<String, String> previous) {
      calls.add(
          type
              + " "
              + session
              + " "
              + new java.util.TreeMap<>(properties)
              + " was "
              + new java.util.TreeMap<>(previous));
      maps.add(previous);
    }

    @Override
    public void onSessionClose(
        SessionId session, Map<String, String> properties, CloseReason reason) {
      calls.add("CLOSED " + session + " " + new java.util.TreeMap<>(properties) + " " + reason);
    }

    @Override
    public void onClose() {
      calls.add("onClose");
    }
  }

  private Registration register(Recorder recorder, String... keys) throws Exception {
    CompletableFuture<Registration> registration =
        control.addSessionPropertiesListener(recorder, keys);
    assertFalse(registration.isDone());
    answer("");
    return result(registration);
  }

  private void event(long listener, String type, String session, String rest) {
    connection.onText(
        "{\"t\":\"sessionEvent\",\"listener\":"
            + listener
            + ",\"type\":\""
            + type
            + "\",\"session\":\""
            + session
            + "\""
            + rest
            + "}");
  }

  @Test
  void addSessionPropertiesListener_whenRegistered_thenKeysSentAndEventsDelivered()
      throws Exception {
    Recorder recorder = new Recorder();
    register(recorder, "$Principal", "Department", ClientControl.ALL_FIXED_PROPERTIES);
    assertEquals(
        "{\"t\":\"addSessionListener\",\"id\":1,"
            + "\"keys\":[\"$Principal\",\"Department\",\"*F\"]}",
        transport.sent.get(1));

    event(1, "OPEN", ID, ",\"properties\":{\"$Principal\":\"client\",\"Department\":\"Accounts\"}");
    event(
        1,
        "UPDATED",
        ID,
        ",\"properties\":{\"$Principal\":\"client\",\"Department\":\"Sales\"},"
            + "\"previous\":{\"$Principal\":\"client\",\"Department\":\"Accounts\"}");
    event(
        1,
        "UPDATED",
        ID,
        ",\"properties\":{\"Department\":\"Sales\",\"Desk\":null},"
            + "\"previous\":{\"Department\":\"Sales\",\"Desk\":\"4\"}");
    event(
        1,
        "CLOSED",
        ID,
        ",\"properties\":{\"$Principal\":\"client\",\"Department\":\"Sales\"},"
            + "\"reason\":\"CLOSED_BY_CONTROLLER\"");

    assertEquals(
        List.of(
            "OPEN " + ID + " {$Principal=client, Department=Accounts}",
            "UPDATED "
                + ID
                + " {$Principal=client, Department=Sales}"
                + " was {$Principal=client, Department=Accounts}",
            "UPDATED " + ID + " {Department=Sales, Desk=null} was {Department=Sales, Desk=4}",
            "CLOSED " + ID + " {$Principal=client, Department=Sales} CLOSED_BY_CONTROLLER"),
        recorder.calls);
    assertThrows(UnsupportedOperationException.class, () -> recorder.maps.get(0).put("x", "y"));
  }

  @Test
  void addSessionPropertiesListener_whenEventsInSameBatchAsOk_thenNoneLost() throws Exception {
    Recorder recorder = new Recorder();
    CompletableFuture<Registration> registration =
        control.addSessionPropertiesListener(recorder, "*U");
    connection.onText(
        "[{\"t\":\"ok\",\"id\":1},"
            + "{\"t\":\"sessionEvent\",\"listener\":1,\"type\":\"OPEN\",\"session\":\""
            + ID
            + "\","
            + "\"properties\":{}},"
            + "{\"t\":\"sessionEvent\",\"listener\":1,\"type\":\"OPEN\",\"session\":\""
            + OTHER
            + "\","
            + "\"properties\":{\"Department\":\"Accounts\"}}]");
    assertTrue(registration.isDone());
    assertEquals(
        List.of("OPEN " + ID + " {}", "OPEN " + OTHER + " {Department=Accounts}"), recorder.calls);
  }

  @Test
  void listener_whenOpenRepeatedForSameSession_thenDeliveredOnceUntilClosed() throws Exception {
    Recorder recorder = new Recorder();
    register(recorder, "$Principal");
    event(1, "OPEN", ID, ",\"properties\":{\"$Principal\":\"a\"}");
    event(1, "OPEN", ID, ",\"properties\":{\"$Principal\":\"a\"}");
    event(
        1, "CLOSED", ID, ",\"properties\":{\"$Principal\":\"a\"},\"reason\":\"CLOSED_BY_CLIENT\"");
    assertEquals(
        List.of(
            "OPEN " + ID + " {$Principal=a}", "CLOSED " + ID + " {$Principal=a} CLOSED_BY_CLIENT"),
        recorder.calls);
  }

  @Test
  void listener_whenTwoRegistrations_thenEachGetsOnlyItsEvents() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    register(first, "$Principal");
    register(second, "Department");
    event(2, "OPEN", ID, ",\"properties\":{\"Department\":\"Accounts\"}");
    event(1, "OPEN", OTHER, ",\"properties\":{\"$Principal\":\"control\"}");
    event(2, "RECONNECTED", ID, ",\"properties\":{\"Department\":\"Accounts\"}");
    event(9, "OPEN", ID, ",\"properties\":{}"); // no such listener: ignored
    assertEquals(List.of("OPEN " + OTHER + " {$Principal=control}"), first.calls);
    assertEquals(
        List.of(
            "OPEN " + ID + " {Department=Accounts}",
            "RECONNECTED " + ID + " {Department=Accounts} was {}"),
        second.calls);
  }

  @Test
  void listener_whenUnknownTypeOrNoSessionOrItThrows_thenIgnoredAndLaterEventsDelivered()
      throws Exception {
    List<String> seen = new ArrayList<>();
    register(
        new Recorder() {
          @Override
          public void onSessionOpen(SessionId session, Map<String, String> properties) {
            seen.add(session.toString());
            throw new IllegalStateException("listener bug");
          }
        },
        "*U");
    event(1, "FROM_THE_FUTURE", ID, "");
    connection.onText("{\"t\":\"sessionEvent\",\"listener\":1,\"type\":\"OPEN\"}");
    event(1, "OPEN", ID, "");
    event(1, "OPEN", OTHER, "");
    assertEquals(List.of(ID, OTHER), seen);
    assertTrue(session.getState().isConnected());
  }

  @Test
  void listener_whenClosedWithUnknownReasonName_thenReasonFromCodeOrClosedByServer()
      throws Exception {
    Recorder recorder = new Recorder();
    register(recorder, "*F");
    event(1, "CLOSED", ID, ",\"reason\":\"NEW_REASON\",\"code\":1");
    event(1, "CLOSED", OTHER, "");
    assertEquals(
        List.of(
            "CLOSED " + ID + " {} CLOSED_BY_CONTROLLER",
            "CLOSED " + OTHER + " {} CLOSED_BY_SERVER"),
        recorder.calls);
  }

  @Test
  void registrationClose_whenCalled_thenRemoveSentNoMoreEventsAndOnCloseAfterAnswer()
      throws Exception {
    Recorder recorder = new Recorder();
    Registration registration = register(recorder, "Department");
    CompletableFuture<Void> closed = registration.close();
    assertEquals(
        "{\"t\":\"removeSessionListener\",\"id\":2,\"listener\":1}",
        transport.sent.get(transport.sent.size() - 1));
    event(1, "OPEN", ID, ""); // in flight before the server removed it: not delivered
    assertEquals(List.of(), recorder.calls);
    answer("");
    assertNull(result(closed));
    assertEquals(List.of("onClose"), recorder.calls);

    int before = transport.sent.size();
    assertNull(result(registration.close()));
    assertEquals(before, transport.sent.size(), "a second close sends nothing");
    session.close();
    assertEquals(List.of("onClose"), recorder.calls, "onClose is called once");
  }

  @Test
  void registrationClose_whenErrorAnswer_thenFailsButRegistrationEnded() throws Exception {
    Recorder recorder = new Recorder();
    Registration registration = register(recorder, "Department");
    CompletableFuture<Void> closed = registration.close();
    connection.onText("{\"t\":\"error\",\"id\":2,\"code\":4004,\"message\":\"No listener 1\"}");
    assertEquals(4004, assertInstanceOf(SessionException.class, failure(closed)).getCode());
    assertEquals(List.of("onClose"), recorder.calls);
  }

  @Test
  void listeners_whenSessionCloses_thenEachGetsOnCloseOnceAndCloseCompletes() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    Registration registration = register(first, "$Principal");
    register(second, "Department");
    connection.onText(
        "{\"t\":\"close\",\"reason\":\"CLOSED_BY_CONTROLLER\",\"code\":1,"
            + "\"message\":\"admin\"}");
    assertEquals(List.of("onClose"), first.calls);
    assertEquals(List.of("onClose"), second.calls);
    assertNull(result(registration.close()));
    assertEquals(List.of("onClose"), first.calls);
  }

  @Test
  void addSessionPropertiesListener_whenRefused_thenSessionExceptionAndNoRegistration()
      throws Exception {
    Recorder recorder = new Recorder();
    CompletableFuture<Registration> registration =
        control.addSessionPropertiesListener(recorder, "*U");
    connection.onText(
        "{\"t\":\"error\",\"id\":1,\"code\":3001,"
            + "\"message\":\"Permission REGISTER_HANDLER is required\"}");
    SessionException e = assertInstanceOf(SessionException.class, failure(registration));
    assertEquals(3001, e.getCode());
    event(1, "OPEN", ID, "");
    session.close();
    assertEquals(List.of(), recorder.calls);
  }

  @Test
  void addSessionPropertiesListener_whenSessionClosesFirst_thenFailsWithSessionClosed() {
    CompletableFuture<Registration> registration =
        control.addSessionPropertiesListener(new Recorder(), "*U");
    session.close();
    assertInstanceOf(SessionClosedException.class, failure(registration));
    assertInstanceOf(
        SessionClosedException.class,
        failure(control.addSessionPropertiesListener(new Recorder(), "*U")));
  }
}
