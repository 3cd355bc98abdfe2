package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fetch, topic notifications and missing topic handlers of the Java client on a fake transport. */
class TopicQueriesClientTest {

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);

  TopicQueriesClientTest() {
    connection.start(transport);
    connection.onText(ConnectionTest.CONNECTED);
  }

  private String lastSent() {
    return transport.sent.get(transport.sent.size() - 1);
  }

  private void answer(String fields) {
    long id = (Long) transport.lastSent().get("id");
    connection.onText("{\"t\":\"ok\",\"id\":" + id + (fields.isEmpty() ? "" : "," + fields) + "}");
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  @Test
  void fetchRequest_whenRefined_thenImmutableAndEveryOptionSent() throws Exception {
    FetchRequest plain = session.fetchRequest();
    FetchRequest refined =
        plain
            .from("a")
            .before("m")
            .topicTypes(EnumSet.of(TopicType.STRING, TopicType.JSON))
            .withValues(JsonValue.class)
            .withProperties()
            .last(5)
            .maximumResultSize(1000)
            .limitDeepBranches(2, 3);
    plain.fetch("?a/.*");
    assertEquals(
        "{\"t\":\"fetch\",\"id\":1,\"selector\":\"?a/.*\"}",
        lastSent(),
        "the first request is unchanged");
    refined.after("b").to("z").first(2).fetch("*.*");
    assertEquals(
        "{\"t\":\"fetch\",\"id\":2,\"selector\":\"*.*\",\"after\":\"b\",\"to\":\"z\","
            + "\"types\":[\"JSON\",\"STRING\"],\"values\":\"JSON\",\"properties\":true,\"first\":2,"
            + "\"maxResultSize\":1000,\"deepBranchDepth\":2,\"deepBranchLimit\":3}",
        lastSent());
    assertTrue(plain.withValues(Object.class).fields("x").get("values") == Boolean.TRUE);
    assertThrows(IllegalArgumentException.class, () -> plain.first(0));
    assertThrows(IllegalArgumentException.class, () -> plain.withValues(Integer.class));
  }

  @Test
  void fetch_whenAnswered_thenResultsWithTypedValuesAndSpecifications() throws Exception {
    CompletableFuture<FetchResult> fetched =
        session.fetchRequest().withValues(Object.class).withProperties().fetch("*.*");
    answer(
        "\"results\":[{\"path\":\"a\",\"type\":\"JSON\",\"v\":{\"x\":[1,2]},\"properties\":{\"OWNER\":\"o\"}},"
            + "{\"path\":\"b\",\"type\":\"INT64\",\"v\":\"9007199254740993\",\"properties\":{}},"
            + "{\"path\":\"c\",\"type\":\"BINARY\",\"v\":\"AQI=\",\"properties\":{}},"
            + "{\"path\":\"d\",\"type\":\"STRING\",\"properties\":{}},"
            + "{\"path\":\"e\",\"type\":\"TIME_SERIES\",\"properties\":{}}],\"hasMore\":true");
    FetchResult result = result(fetched);
    assertTrue(result.hasMore());
    assertEquals(4, result.results().size(), "an unknown type is skipped");
    FetchResult.TopicResult a = result.results().get(0);
    assertEquals("a", a.path());
    assertEquals(TopicType.JSON, a.type());
    assertEquals(JsonValue.parse("{\"x\":[1,2]}"), a.value(JsonValue.class));
    assertEquals(
        TopicSpecification.of(TopicType.JSON).withProperty("OWNER", "o"), a.specification());
    assertEquals(9007199254740993L, result.results().get(1).value(Long.class));
    assertArrayEquals(new byte[] {1, 2}, result.results().get(2).value(byte[].class));
    assertNull(result.results().get(3).value(String.class), "no value");
    assertThrows(IllegalArgumentException.class, () -> a.value(String.class));
  }

  @Test
  void fetch_whenError_thenSessionException() {
    CompletableFuture<FetchResult> fetched = session.fetchRequest().fetch("?x/[");
    long id = (Long) transport.lastSent().get("id");
    connection.onText("{\"t\":\"error\",\"id\":" + id + ",\"code\":4001,\"message\":\"bad\"}");
    Throwable cause =
        assertThrows(ExecutionException.class, () -> fetched.get(1, TimeUnit.SECONDS)).getCause();
    assertEquals(4001, assertInstanceOf(SessionException.class, cause).getCode());
  }

  @Test
  void notifications_whenSelectedAndEventsArrive_thenListenersInOrder() throws Exception {
    List<String> seen = new ArrayList<>();
    TopicNotificationListener listener =
        (path, spec, type) -> seen.add(type + " " + path + " " + spec);
    session.notifications().addListener(listener);
    CompletableFuture<Integer> selected = session.notifications().select("?n/.*");
    assertEquals("{\"t\":\"selectNotifications\",\"id\":1,\"selector\":\"?n/.*\"}", lastSent());
    connection.onText(
        "{\"t\":\"topicNotification\",\"event\":\"SELECTED\",\"path\":\"n/a\",\"type\":\"STRING\","
            + "\"properties\":{\"DONT_RETAIN_VALUE\":\"true\"}}");
    answer("\"count\":1");
    assertEquals(1, result(selected));
    connection.onText(
        "[{\"t\":\"topicNotification\",\"event\":\"ADDED\",\"path\":\"n/b\",\"type\":\"JSON\","
            + "\"properties\":{}},{\"t\":\"topicNotification\",\"event\":\"REMOVED\",\"path\":\"n/b\",\"type\":\"JSON\","
            + "\"properties\":{}},{\"t\":\"topicNotification\",\"event\":\"LATER\",\"path\":\"n/c\",\"type\":\"JSON\"}]");
    session.notifications().deselect("?n/.*");
    assertEquals("{\"t\":\"deselectNotifications\",\"id\":2,\"selector\":\"?n/.*\"}", lastSent());
    assertEquals(
        List.of(
            "SELECTED n/a STRING {DONT_RETAIN_VALUE=true}", "ADDED n/b JSON", "REMOVED n/b JSON"),
        seen);
    session.notifications().removeListener(listener);
    connection.onText(
        "{\"t\":\"topicNotification\",\"event\":\"ADDED\",\"path\":\"n/d\",\"type\":\"JSON\"}");
    assertEquals(3, seen.size());
  }

  @Test
  void notifications_whenDescendantFrames_thenOnDescendantNotificationOnly() {
    List<String> seen = new ArrayList<>();
    session
        .notifications()
        .addListener(
            new TopicNotificationListener() {
              @Override
              public void onTopicNotification(
                  String path, TopicSpecification spec, TopicNotificationType type) {
                seen.add("topic " + type + " " + path);
              }

              @Override
              public void onDescendantNotification(String path, TopicNotificationType type) {
                seen.add("descendant " + type + " " + path);
              }
            });
    connection.onText(
        "[{\"t\":\"topicNotification\",\"event\":\"SELECTED\",\"path\":\"a/b\",\"descendant\":true},"
            + "{\"t\":\"topicNotification\",\"event\":\"LATER\",\"path\":\"a/x\",\"descendant\":true},"
            + "{\"t\":\"topicNotification\",\"event\":\"REMOVED\",\"path\":\"a/b\",\"descendant\":true}]");
    assertEquals(List.of("descendant SELECTED a/b", "descendant REMOVED a/b"), seen);
  }

  @Test
  void missingTopicHandler_whenRequested_thenNotificationAnsweredOnce() throws Exception {
    List<MissingTopicNotification> received = new ArrayList<>();
    boolean[] closed = {false};
    CompletableFuture<Registration> registered =
        session
            .topics()
            .addMissingTopicHandler(
                "/games/",
                new MissingTopicHandler() {
                  @Override
                  public void onMissingTopic(MissingTopicNotification notification) {
                    received.add(notification);
                  }

                  @Override
                  public void onClose() {
                    closed[0] = true;
                  }
                },
                "Team");
    assertEquals(
        "{\"t\":\"addMissingTopicHandler\",\"id\":1,\"path\":\"/games/\",\"properties\":[\"Team\"]}",
        lastSent());
    answer("\"path\":\"games\"");
    Registration registration = result(registered);

    connection.onText(
        "{\"t\":\"missingTopic\",\"rid\":7,\"handler\":\"games\",\"selector\":\">games/x\","
            + "\"path\":\"games/x\",\"session\":\"0000000000000001-0000000000000002\",\"properties\":{\"Team\":\"red\"}}");
    MissingTopicNotification n = received.get(0);
    assertEquals(">games/x", n.selector());
    assertEquals("games/x", n.path());
    assertEquals(SessionId.of("0000000000000001-0000000000000002"), n.sessionId());
    assertEquals(Map.of("Team", "red"), n.sessionProperties());
    n.proceed();
    n.cancel();
    assertEquals(
        "{\"t\":\"missingTopicResponse\",\"rid\":7,\"action\":\"PROCEED\"}",
        lastSent(),
        "answered once");

    CompletableFuture<Void> removed = registration.close();
    assertEquals("{\"t\":\"removeMissingTopicHandler\",\"id\":2,\"path\":\"games\"}", lastSent());
    answer("\"removed\":true");
    result(removed);
    assertTrue(closed[0]);
    connection.onText(
        "{\"t\":\"missingTopic\",\"rid\":8,\"handler\":\"games\",\"selector\":\">games/y\","
            + "\"path\":\"games/y\",\"session\":\"0000000000000001-0000000000000002\"}");
    assertEquals(1, received.size(), "no notification after close");
  }

  @Test
  void missingTopicHandler_whenHandlerThrows_thenCancelled() throws Exception {
    CompletableFuture<Registration> registered =
        session
            .topics()
            .addMissingTopicHandler(
                "g",
                n -> {
                  throw new IllegalStateException("boom");
                });
    answer("\"path\":\"g\"");
    result(registered);
    connection.onText(
        "{\"t\":\"missingTopic\",\"rid\":3,\"handler\":\"g\",\"selector\":\"g/1\",\"path\":\"g/1\","
            + "\"session\":\"0000000000000001-0000000000000002\"}");
    assertEquals("{\"t\":\"missingTopicResponse\",\"rid\":3,\"action\":\"CANCEL\"}", lastSent());
  }

  @Test
  void sessionClose_whenHandlersAndListeners_thenTheyAreClosed() throws Exception {
    boolean[] closed = {false, false};
    CompletableFuture<Registration> registered =
        session
            .topics()
            .addMissingTopicHandler(
                "g",
                new MissingTopicHandler() {
                  @Override
                  public void onMissingTopic(MissingTopicNotification notification) {}

                  @Override
                  public void onClose() {
                    closed[0] = true;
                  }
                });
    answer("\"path\":\"g\"");
    result(registered);
    session
        .notifications()
        .addListener(
            new TopicNotificationListener() {
              @Override
              public void onTopicNotification(
                  String path, TopicSpecification specification, TopicNotificationType type) {}

              @Override
              public void onClose() {
                closed[1] = true;
              }
            });
    connection.onText(
        "{\"t\":\"close\",\"reason\":\"CLOSED_BY_SERVER\",\"code\":4000,\"message\":\"bye\"}");
    assertTrue(closed[0] && closed[1]);
    assertFalse(session.getState().isConnected());
  }
}
