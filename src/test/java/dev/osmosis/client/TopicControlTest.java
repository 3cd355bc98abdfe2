package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code addTopic}, {@code removeTopics}, {@code set} and {@code addAndSet} on a fake transport.
 */
class TopicControlTest {

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);
  final TopicControl topics = session.topics();
  final TopicUpdate update = session.topicUpdate();

  TopicControlTest() {
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

  private void error(int code, String message) {
    long id = (Long) transport.lastSent().get("id");
    connection.onText(
        "{\"t\":\"error\",\"id\":"
            + id
            + ",\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\"}");
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    return assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS)).getCause();
  }

  @Test
  void features_whenAskedTwice_thenSameInstances() {
    assertTrue(session.topics() == topics && session.topicUpdate() == update);
  }

  @Test
  void add_whenTypeOnly_thenNoPropertiesAndAdded() throws Exception {
    CompletableFuture<AddTopicResult> added = topics.add("demo/counter", TopicType.INT64);
    assertEquals(
        "{\"t\":\"addTopic\",\"id\":1,\"path\":\"demo/counter\",\"type\":\"INT64\"}", lastSent());
    answer("\"result\":\"ADDED\"");
    assertEquals(AddTopicResult.ADDED, result(added));
  }

  @Test
  void add_whenSpecificationWithProperties_thenPropertiesObjectAndExists() throws Exception {
    TopicSpecification spec =
        TopicSpecification.of(TopicType.JSON)
            .withProperty(TopicSpecification.PUBLISH_VALUES_ONLY, "true")
            .withProperty(TopicSpecification.CONFLATION, "off");
    CompletableFuture<AddTopicResult> added = topics.add("demo/doc", spec);
    assertEquals(
        "{\"t\":\"addTopic\",\"id\":1,\"path\":\"demo/doc\",\"type\":\"JSON\","
            + "\"properties\":{\"CONFLATION\":\"off\",\"PUBLISH_VALUES_ONLY\":\"true\"}}",
        lastSent());
    answer("\"result\":\"EXISTS\"");
    assertEquals(AddTopicResult.EXISTS, result(added));
  }

  @Test
  void add_whenErrorOrUnknownResult_thenFails() {
    CompletableFuture<AddTopicResult> refused = topics.add("a", TopicType.STRING);
    error(4001, "topic a exists with another specification");
    SessionException e = assertInstanceOf(SessionException.class, failure(refused));
    assertEquals(4001, e.getCode());
    assertEquals("topic a exists with another specification", e.getMessage());

    CompletableFuture<AddTopicResult> odd = topics.add("b", TopicType.STRING);
    answer("\"result\":\"REPLACED\"");
    assertEquals(
        "The server answered an unknown add result \"REPLACED\"",
        assertInstanceOf(IllegalStateException.class, failure(odd)).getMessage());
  }

  @Test
  void remove_whenSelector_thenRemoveTopicsAndCount() throws Exception {
    CompletableFuture<Integer> removed = topics.remove("?demo//");
    assertEquals("{\"t\":\"removeTopics\",\"id\":1,\"selector\":\"?demo//\"}", lastSent());
    answer("\"count\":2");
    assertEquals(2, result(removed));
  }

  @Test
  void set_whenEveryType_thenWireValues() throws Exception {
    CompletableFuture<Void> done = update.set("demo/counter", Long.class, 1L << 60);
    assertEquals(
        "{\"t\":\"set\",\"id\":1,\"path\":\"demo/counter\",\"type\":\"INT64\","
            + "\"v\":\"1152921504606846976\"}",
        lastSent());
    answer("");
    assertNull(result(done));
    update.set("n", Long.class, 42L);
    assertEquals("{\"t\":\"set\",\"id\":2,\"path\":\"n\",\"type\":\"INT64\",\"v\":42}", lastSent());
    update.set("d", Double.class, Double.NaN);
    assertEquals(
        "{\"t\":\"set\",\"id\":3,\"path\":\"d\",\"type\":\"DOUBLE\",\"v\":\"NaN\"}", lastSent());
    update.set("d", Double.class, 2.5);
    assertEquals(
        "{\"t\":\"set\",\"id\":4,\"path\":\"d\",\"type\":\"DOUBLE\",\"v\":2.5}", lastSent());
    update.set("b", byte[].class, new byte[] {1, 2, 3});
    assertEquals(
        "{\"t\":\"set\",\"id\":5,\"path\":\"b\",\"type\":\"BINARY\",\"v\":\"AQID\"}", lastSent());
    update.set("s", String.class, "say \"hi\"");
    assertEquals(
        "{\"t\":\"set\",\"id\":6,\"path\":\"s\",\"type\":\"STRING\"," + "\"v\":\"say \\\"hi\\\"\"}",
        lastSent());
    update.set("demo/doc", JsonValue.class, JsonValue.of(Map.of("greeting", "hello")));
    assertEquals(
        "{\"t\":\"set\",\"id\":7,\"path\":\"demo/doc\",\"type\":\"JSON\","
            + "\"v\":{\"greeting\":\"hello\"}}",
        lastSent());
    update.set("j", JsonValue.class, JsonValue.parse("null"));
    assertEquals(
        "{\"t\":\"set\",\"id\":8,\"path\":\"j\",\"type\":\"JSON\",\"v\":null}", lastSent());
  }

  @Test
  void set_whenNoTopicOrWrongType_thenSessionException() {
    CompletableFuture<Void> missing = update.set("nowhere", String.class, "x");
    error(4004, "No topic nowhere");
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertInstanceOf(SessionException.class, failure(missing)).getErrorCode().orElseThrow());
    CompletableFuture<Void> wrong = update.set("demo/doc", String.class, "x");
    error(4001, "value for JSON topic demo/doc must be JSON, was STRING");
    assertEquals(4001, assertInstanceOf(SessionException.class, failure(wrong)).getCode());
  }

  @Test
  void addAndSet_whenSpecificationAndValue_thenOneRequestAndResult() throws Exception {
    CompletableFuture<AddTopicResult> added =
        update.addAndSet(
            "demo/ticks",
            TopicSpecification.of(TopicType.STRING)
                .withProperty(TopicSpecification.DONT_RETAIN_VALUE, "true"),
            String.class,
            "tick");
    assertEquals(
        "{\"t\":\"addAndSet\",\"id\":1,\"path\":\"demo/ticks\",\"type\":\"STRING\","
            + "\"properties\":{\"DONT_RETAIN_VALUE\":\"true\"},\"v\":\"tick\"}",
        lastSent());
    answer("\"result\":\"ADDED\"");
    assertEquals(AddTopicResult.ADDED, result(added));

    update.addAndSet("demo/counter", TopicSpecification.of(TopicType.INT64), Long.class, 7L);
    assertEquals(
        "{\"t\":\"addAndSet\",\"id\":2,\"path\":\"demo/counter\",\"type\":\"INT64\"," + "\"v\":7}",
        lastSent());
  }

  @Test
  void update_whenClassMismatchOrNull_thenThrowsAtOnceAndSendsNothing() {
    int before = transport.sent.size();
    assertEquals(
        "A value of String cannot be set on a INT64 topic",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    update.addAndSet(
                        "a", TopicSpecification.of(TopicType.INT64), String.class, "1"))
            .getMessage());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> raw = (Class) Long.class;
    assertThrows(IllegalArgumentException.class, () -> update.set("a", raw, "not a long"));
    assertThrows(IllegalArgumentException.class, () -> update.set("a", Integer.class, 1));
    assertThrows(NullPointerException.class, () -> update.set("a", String.class, null));
    assertThrows(NullPointerException.class, () -> update.set(null, String.class, "x"));
    assertThrows(NullPointerException.class, () -> update.set("a", null, "x"));
    assertThrows(NullPointerException.class, () -> topics.add("a", (TopicSpecification) null));
    assertThrows(NullPointerException.class, () -> topics.add(null, TopicType.JSON));
    assertThrows(NullPointerException.class, () -> topics.remove(null));
    assertEquals(before, transport.sent.size());
  }

  @Test
  void requests_whenSessionCloses_thenSessionClosedException() {
    CompletableFuture<Void> pending = update.set("a", String.class, "x");
    session.close();
    assertInstanceOf(SessionClosedException.class, failure(pending));
    assertInstanceOf(SessionClosedException.class, failure(topics.add("a", TopicType.JSON)));
  }
}
