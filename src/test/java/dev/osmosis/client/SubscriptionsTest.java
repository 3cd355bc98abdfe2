package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 at the client: the subscribed-topic cache and the stream registry, driven by the
 * server's {@code subscribe}/{@code value}/{@code delta}/{@code unsubscribe} (PROTOCOL.md §9) on a
 * fake transport, on the test thread.
 */
class SubscriptionsTest {

  final ClientSession session = new ClientSession(Osmosis.sessions().config(), Runnable::run);
  final Connection connection = session.connection();
  final FakeTransport transport = new FakeTransport(connection);

  SubscriptionsTest() {
    connection.start(transport);
    connection.onText(ConnectionTest.CONNECTED);
  }

  /** Records every call as a line. */
  static class Recorder<V> implements ValueStream<V> {
    final List<String> calls = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public void onSubscription(String path, TopicSpecification specification) {
      calls.add("subscription " + path + " " + specification);
    }

    @Override
    public void onValue(String path, TopicSpecification specification, V oldValue, V newValue) {
      calls.add("value " + path + " " + show(oldValue) + " -> " + show(newValue));
    }

    @Override
    public void onUnsubscription(
        String path, TopicSpecification specification, UnsubscribeReason reason) {
      calls.add("unsubscription " + path + " " + reason);
    }

    @Override
    public void onError(String path, Throwable error) {
      calls.add("error " + path);
      errors.add(error);
    }

    @Override
    public void onClose() {
      calls.add("close");
    }

    private static String show(Object value) {
      return value instanceof byte[]
          ? Base64.getEncoder().encodeToString((byte[]) value)
          : String.valueOf(value);
    }
  }

  private void server(String message) {
    connection.onText(message);
  }

  private void subscribe(long id, String path, String type, String properties) {
    server(
        "{\"t\":\"subscribe\",\"a\":"
            + id
            + ",\"path\":\""
            + path
            + "\",\"type\":\""
            + type
            + "\""
            + (properties == null ? "" : ",\"properties\":" + properties)
            + "}");
  }

  private void value(long id, String v) {
    server("{\"t\":\"value\",\"a\":" + id + ",\"v\":" + v + "}");
  }

  private void delta(long id, String patch) {
    server("{\"t\":\"delta\",\"a\":" + id + ",\"p\":" + patch + "}");
  }

  private void unsubscribe(long id, String reason) {
    server("{\"t\":\"unsubscribe\",\"a\":" + id + ",\"reason\":\"" + reason + "\"}");
  }

  private static <T> T result(CompletableFuture<T> future) throws Exception {
    return future.get(1, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------ sequence numbers (PROTOCOL §9 n)

  @Test
  void lastSequence_whenNumberedValuesAndDeltas_thenTheLastNumberUntilUnsubscribed() {
    List<Long> inStream = new ArrayList<>();
    session.addStream(
        "doc",
        JsonValue.class,
        new ValueStream<>() {
          @Override
          public void onValue(
              String path, TopicSpecification spec, JsonValue oldValue, JsonValue newValue) {
            inStream.add(session.lastSequence(path));
          }
        });
    assertEquals(0, session.lastSequence("doc"), "not subscribed");
    subscribe(5, "doc", "JSON", null);
    assertEquals(0, session.lastSequence("doc"), "subscribed, no value yet");
    server("{\"t\":\"value\",\"a\":5,\"n\":7,\"v\":{\"x\":1}}");
    server(
        "{\"t\":\"delta\",\"a\":5,\"n\":8,\"p\":[{\"op\":\"replace\",\"path\":\"/x\",\"value\":2}]}");
    assertEquals(List.of(7L, 8L), inStream, "inside onValue: the number of the value delivered");
    assertEquals(8, session.lastSequence("doc"));
    value(5, "{\"x\":3}"); // a server without numbers: the last number stays
    assertEquals(8, session.lastSequence("doc"));
    unsubscribe(5, "REQUESTED");
    assertEquals(0, session.lastSequence("doc"), "forgotten with the subscription");
  }

  // ------------------------------------------------------------ the three conditions in any order

  @Test
  void stream_whenAddedBeforeSubscription_thenSubscriptionThenValues() {
    Recorder<JsonValue> stream = new Recorder<>();
    session.addStream("?prices/.*", JsonValue.class, stream);
    subscribe(17, "prices/EURUSD", "JSON", "{\"CONFLATION\":\"conflate\"}");
    value(17, "{\"bid\":1.0841,\"ask\":1.0843}");
    value(17, "{\"bid\":1.0842,\"ask\":1.0843}");
    assertEquals(
        List.of(
            "subscription prices/EURUSD JSON {CONFLATION=conflate}",
            "value prices/EURUSD null -> {\"bid\":1.0841,\"ask\":1.0843}",
            "value prices/EURUSD {\"bid\":1.0841,\"ask\":1.0843} -> {\"bid\":1.0842,\"ask\":1.0843}"),
        stream.calls);
  }

  @Test
  void stream_whenAddedAfterSubscription_thenCacheDeliversSubscriptionAndLastValue() {
    subscribe(3, "demo/counter", "INT64", null);
    value(3, "1");
    value(3, "2");
    Recorder<Long> late = new Recorder<>();
    session.addStream(">demo//", Long.class, late);
    assertEquals(
        List.of("subscription demo/counter INT64", "value demo/counter null -> 2"), late.calls);
    value(3, "3");
    assertEquals("value demo/counter 2 -> 3", late.calls.get(2));
  }

  @Test
  void select_whenSubscriptionsPrecedeOk_thenStreamsToldBeforeFutureCompletes() throws Exception {
    Recorder<String> stream = new Recorder<>();
    session.addStream("*news/.*", String.class, stream);
    List<String> atCompletion = new ArrayList<>();
    CompletableFuture<Integer> count = session.select("?news/.*");
    count.thenRun(() -> atCompletion.addAll(stream.calls));
    assertEquals("{\"t\":\"select\",\"id\":1,\"selector\":\"?news/.*\"}", transport.sent.get(1));
    server(
        "[{\"t\":\"subscribe\",\"a\":1,\"path\":\"news/a\",\"type\":\"STRING\"},"
            + "{\"t\":\"value\",\"a\":1,\"v\":\"A\"},"
            + "{\"t\":\"subscribe\",\"a\":2,\"path\":\"news/b\",\"type\":\"STRING\"},"
            + "{\"t\":\"value\",\"a\":2,\"v\":\"B\"},"
            + "{\"t\":\"ok\",\"id\":1,\"count\":2}]");
    assertEquals(2, result(count));
    assertEquals(
        List.of(
            "subscription news/a STRING",
            "value news/a null -> A",
            "subscription news/b STRING",
            "value news/b null -> B"),
        atCompletion);
  }

  @Test
  void unselect_whenUnsubscribesPrecedeOk_thenStreamsToldBeforeFutureCompletes() throws Exception {
    Recorder<String> stream = new Recorder<>();
    session.addStream("news/a", String.class, stream);
    subscribe(1, "news/a", "STRING", null);
    List<String> atCompletion = new ArrayList<>();
    CompletableFuture<Integer> count = session.unselect("news/a");
    count.thenRun(() -> atCompletion.addAll(stream.calls));
    assertEquals("{\"t\":\"unselect\",\"id\":1,\"selector\":\"news/a\"}", transport.sent.get(1));
    server(
        "[{\"t\":\"unsubscribe\",\"a\":1,\"reason\":\"REQUESTED\"},{\"t\":\"ok\",\"id\":1,"
            + "\"count\":1}]");
    assertEquals(1, result(count));
    assertEquals(
        List.of("subscription news/a STRING", "unsubscription news/a REQUESTED"), atCompletion);
  }

  @Test
  void scopes_thenScopeSentOnlyOutsideTheDefault_andAllScopesItsOwnMessage() throws Exception {
    CompletableFuture<Integer> selected = session.select("?news//", "panel");
    assertEquals(
        "{\"t\":\"select\",\"id\":1,\"selector\":\"?news//\",\"scope\":\"panel\"}",
        transport.sent.get(1));
    server("{\"t\":\"ok\",\"id\":1,\"count\":0}");
    assertEquals(0, result(selected));

    session.unselect("?news//", Session.DEFAULT_SELECTION_SCOPE);
    assertEquals("{\"t\":\"unselect\",\"id\":2,\"selector\":\"?news//\"}", transport.sent.get(2));
    session.unselect("?news//", "panel");
    assertEquals(
        "{\"t\":\"unselect\",\"id\":3,\"selector\":\"?news//\",\"scope\":\"panel\"}",
        transport.sent.get(3));
    session.unselectAllScopes("?news//");
    assertEquals(
        "{\"t\":\"unselectAllScopes\",\"id\":4,\"selector\":\"?news//\"}", transport.sent.get(4));
  }

  @Test
  void select_whenErrorAnswer_thenSessionExceptionWithCodeAndMessage() {
    CompletableFuture<Integer> count = session.select("?a/[b");
    server(
        "{\"t\":\"error\",\"id\":1,\"code\":4001,\"message\":\"selector \\\"?a/[b\\\" has an "
            + "invalid regular expression \\\"[b\\\": Unclosed character class (at 4)\"}");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> count.get(1, TimeUnit.SECONDS));
    SessionException error = assertInstanceOf(SessionException.class, e.getCause());
    assertEquals(ErrorCode.INVALID_ARGUMENT, error.getErrorCode().orElseThrow());
    assertTrue(error.getMessage().endsWith("(at 4)"));
  }

  // ------------------------------------------------------------ types and fallbacks

  @Test
  void stream_whenOfAnotherType_thenGetsNothing() {
    Recorder<String> strings = new Recorder<>();
    Recorder<JsonValue> json = new Recorder<>();
    session.addStream("doc", String.class, strings);
    subscribe(5, "doc", "JSON", null);
    value(5, "{\"a\":1}");
    session.addStream("doc", JsonValue.class, json);
    assertEquals(List.of(), strings.calls);
    assertEquals(List.of("subscription doc JSON", "value doc null -> {\"a\":1}"), json.calls);
  }

  @Test
  void fallbackStream_whenNoOtherStreamMatches_thenOnlyThoseTopics() {
    Recorder<String> specific = new Recorder<>();
    Recorder<String> fallback = new Recorder<>();
    Recorder<Long> longFallback = new Recorder<>();
    session.addStream(">a", String.class, specific);
    session.addFallbackStream(String.class, fallback);
    session.addFallbackStream(Long.class, longFallback);
    subscribe(1, "a", "STRING", null);
    value(1, "\"for a\"");
    subscribe(2, "b", "STRING", null);
    value(2, "\"for b\"");
    assertEquals(List.of("subscription a STRING", "value a null -> for a"), specific.calls);
    assertEquals(List.of("subscription b STRING", "value b null -> for b"), fallback.calls);
    assertEquals(List.of(), longFallback.calls);
  }

  @Test
  void fallbackStream_whenAddedLaterOrLastStreamRemoved_thenTakesOverUnmatchedTopics() {
    Recorder<String> specific = new Recorder<>();
    session.addStream(">a", String.class, specific);
    subscribe(1, "a", "STRING", null);
    value(1, "\"x\"");
    subscribe(2, "b", "STRING", null);
    value(2, "\"y\"");
    Recorder<String> fallback = new Recorder<>();
    session.addFallbackStream(String.class, fallback);
    assertEquals(List.of("subscription b STRING", "value b null -> y"), fallback.calls);

    session.removeStream(specific);
    assertEquals("close", specific.calls.get(specific.calls.size() - 1));
    assertEquals(
        List.of(
            "subscription b STRING",
            "value b null -> y",
            "subscription a STRING",
            "value a null -> x"),
        fallback.calls);
  }

  @Test
  void removeStream_whenRemoved_thenOnCloseAndNoMoreEventsButStillSubscribed() {
    Recorder<String> stream = new Recorder<>();
    Recorder<String> other = new Recorder<>();
    session.addStream("a", String.class, stream);
    session.addStream("a", String.class, other);
    subscribe(1, "a", "STRING", null);
    session.removeStream(stream);
    value(1, "\"v\"");
    assertEquals(List.of("subscription a STRING", "close"), stream.calls);
    assertEquals(List.of("subscription a STRING", "value a null -> v"), other.calls);
    session.removeStream(stream); // not registered any more: nothing
    assertEquals(2, stream.calls.size());
  }

  @Test
  void stream_whenAddedTwiceForOneTopic_thenEachEventOnce() {
    Recorder<String> stream = new Recorder<>();
    session.addStream("a", String.class, stream);
    session.addStream("?.*", String.class, stream);
    subscribe(1, "a", "STRING", null);
    value(1, "\"v\"");
    assertEquals(List.of("subscription a STRING", "value a null -> v"), stream.calls);
  }

  // ------------------------------------------------------------ stateless topics

  @Test
  void dontRetainValue_whenStreamAddedLater_thenSubscriptionButNoValue() {
    Recorder<String> early = new Recorder<>();
    session.addStream("ticks", String.class, early);
    subscribe(4, "ticks", "STRING", "{\"DONT_RETAIN_VALUE\":\"true\"}");
    value(4, "\"t1\"");
    value(4, "\"t2\"");
    assertEquals(
        List.of(
            "subscription ticks STRING {DONT_RETAIN_VALUE=true}",
            "value ticks null -> t1",
            "value ticks null -> t2"),
        early.calls,
        "no old value: nothing is cached");
    Recorder<String> late = new Recorder<>();
    session.addStream("ticks", String.class, late);
    assertEquals(List.of("subscription ticks STRING {DONT_RETAIN_VALUE=true}"), late.calls);
    value(4, "\"t3\"");
    assertEquals("value ticks null -> t3", late.calls.get(1));
  }

  // ------------------------------------------------------------ deltas

  @Test
  void delta_whenCachedValue_thenPatchAppliedAndFullValueDelivered() {
    Recorder<JsonValue> stream = new Recorder<>();
    session.addStream("doc", JsonValue.class, stream);
    subscribe(9, "doc", "JSON", null);
    value(9, "{\"price\":100,\"tags\":[\"a\",\"b\"],\"a/b\":1,\"m~n\":{\"x\":1}}");
    delta(
        9,
        "[{\"op\":\"replace\",\"path\":\"/price\",\"value\":101},"
            + "{\"op\":\"add\",\"path\":\"/tags/1\",\"value\":\"z\"},"
            + "{\"op\":\"remove\",\"path\":\"/tags/0\"},"
            + "{\"op\":\"replace\",\"path\":\"/a~1b\",\"value\":2},"
            + "{\"op\":\"copy\",\"from\":\"/m~0n\",\"path\":\"/copy\"},"
            + "{\"op\":\"move\",\"from\":\"/m~0n/x\",\"path\":\"/moved\"},"
            + "{\"op\":\"test\",\"path\":\"/price\",\"value\":101}]");
    String patched =
        "{\"price\":101,\"tags\":[\"z\",\"b\"],\"a/b\":2,\"m~n\":{},"
            + "\"copy\":{\"x\":1},\"moved\":1}";
    assertEquals(
        "value doc {\"price\":100,\"tags\":[\"a\",\"b\"],\"a/b\":1,\"m~n\":{\"x\":1}} -> "
            + patched,
        stream.calls.get(2));
    delta(9, "[{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":null}]");
    assertEquals(
        "value doc " + patched + " -> " + patched.replace("\"b\"]", "\"b\",null]"),
        stream.calls.get(3));
    Recorder<JsonValue> late = new Recorder<>();
    session.addStream("doc", JsonValue.class, late);
    assertEquals(
        "value doc null -> " + patched.replace("\"b\"]", "\"b\",null]"),
        late.calls.get(1),
        "the patched value is what is cached");
  }

  @Test
  void delta_whenStringEdits_thenAppliedAndFullValueDelivered() {
    Recorder<String> stream = new Recorder<>();
    session.addStream("s", String.class, stream);
    subscribe(9, "s", "STRING", null);
    value(9, "\"hello world\"");
    server("{\"t\":\"delta\",\"a\":9,\"n\":2,\"d\":[6,5,\"there\"]}");
    assertEquals("value s hello world -> hello there", stream.calls.get(2));
    // several triples, offsets into the previous value
    server("{\"t\":\"delta\",\"a\":9,\"n\":3,\"d\":[0,1,\"J\",11,0,\"!\"]}");
    assertEquals("value s hello there -> Jello there!", stream.calls.get(3));
    assertEquals(3L, session.lastSequence("s"));
  }

  @Test
  void delta_whenBinaryEdit_thenAppliedToAPrivateCopy() {
    List<byte[]> received = new ArrayList<>();
    Recorder<byte[]> stream =
        new Recorder<>() {
          @Override
          public void onValue(
              String path, TopicSpecification specification, byte[] oldValue, byte[] newValue) {
            super.onValue(path, specification, oldValue, newValue);
            received.add(newValue);
          }
        };
    session.addStream("b", byte[].class, stream);
    subscribe(9, "b", "BINARY", null);
    value(9, "\"AAECAwQF\""); // 00 01 02 03 04 05
    received.get(0)[0] = 42; // the application's bytes are its own
    server("{\"t\":\"delta\",\"a\":9,\"n\":2,\"d\":[2,2,\"/w==\"]}"); // 02 03 -> ff
    assertEquals("value b AAECAwQF -> AAH/BAU=", stream.calls.get(2));
  }

  @Test
  void delta_whenEditOutsideTheValue_thenErrorAndCachedValueDropped() {
    Recorder<String> stream = new Recorder<>();
    session.addStream("s", String.class, stream);
    subscribe(9, "s", "STRING", null);
    value(9, "\"abc\"");
    server("{\"t\":\"delta\",\"a\":9,\"d\":[2,5,\"x\"]}");
    assertEquals("error s", stream.calls.get(2));
    assertEquals(
        "A delta for topic s does not apply: an edit's offset 5 is outside 0..1 of the previous"
            + " value",
        stream.errors.get(0).getMessage());
  }

  @Test
  void delta_whenNoCachedValue_thenErrorToStreamsNotSilence() {
    Recorder<JsonValue> stream = new Recorder<>();
    session.addStream("doc", JsonValue.class, stream);
    subscribe(9, "doc", "JSON", null);
    delta(9, "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]");
    assertEquals(List.of("subscription doc JSON", "error doc"), stream.calls);
    assertEquals(
        "A delta for topic doc that has no cached value to apply it to",
        assertInstanceOf(IllegalStateException.class, stream.errors.get(0)).getMessage());
  }

  @Test
  void delta_whenPatchDoesNotApply_thenErrorAndCachedValueDropped() {
    Recorder<JsonValue> stream = new Recorder<>();
    session.addStream("doc", JsonValue.class, stream);
    subscribe(9, "doc", "JSON", null);
    value(9, "{\"a\":1}");
    delta(9, "[{\"op\":\"remove\",\"path\":\"/missing\"}]");
    assertEquals("error doc", stream.calls.get(2));
    assertEquals(
        "A delta for topic doc does not apply: JSON patch operation 0 (remove) failed: "
            + "no member \"missing\"",
        stream.errors.get(0).getMessage());
    delta(9, "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]");
    assertEquals("error doc", stream.calls.get(3), "no value to patch until a full value");
    value(9, "{\"a\":5}");
    assertEquals("value doc null -> {\"a\":5}", stream.calls.get(4));
  }

  @Test
  void value_whenInvalidForTopicType_thenErrorAndLaterValuesDelivered() {
    Recorder<Long> stream = new Recorder<>();
    session.addStream("n", Long.class, stream);
    subscribe(2, "n", "INT64", null);
    value(2, "\"twelve\"");
    value(2, "12");
    assertEquals(List.of("subscription n INT64", "error n", "value n null -> 12"), stream.calls);
    assertEquals(
        "Invalid value for topic n: Invalid INT64 value \"twelve\"",
        stream.errors.get(0).getMessage());
  }

  // ------------------------------------------------------------ unsubscription

  @Test
  void unsubscribe_whenReasons_thenMappedAndCacheEntryRemoved() {
    Recorder<String> stream = new Recorder<>();
    session.addStream("?t/.*", String.class, stream);
    String[] reasons = {"REQUESTED", "CONTROL", "REMOVAL", "AUTHORIZATION", "SOMETHING_NEW"};
    for (int i = 0; i < reasons.length; i++) {
      subscribe(i, "t/" + i, "STRING", null);
      value(i, "\"v\"");
      unsubscribe(i, reasons[i]);
    }
    server("{\"t\":\"subscribe\",\"a\":7,\"path\":\"t/7\",\"type\":\"STRING\"}");
    server("{\"t\":\"unsubscribe\",\"a\":7}");
    List<String> unsubscriptions = new ArrayList<>();
    for (String call : stream.calls) {
      if (call.startsWith("unsubscription")) {
        unsubscriptions.add(call);
      }
    }
    assertEquals(
        List.of(
            "unsubscription t/0 REQUESTED",
            "unsubscription t/1 CONTROL",
            "unsubscription t/2 REMOVAL",
            "unsubscription t/3 AUTHORIZATION",
            "unsubscription t/4 UNKNOWN",
            "unsubscription t/7 UNKNOWN"),
        unsubscriptions);

    Recorder<String> late = new Recorder<>();
    session.addStream("?t/.*", String.class, late);
    assertEquals(List.of(), late.calls, "unsubscribed topics are no longer cached");
    value(1, "\"after\""); // unknown id now: logged, delivered nowhere
    assertEquals(List.of(), late.calls);
  }

  // ------------------------------------------------------------ every type through a stream

  @Test
  void values_whenEveryType_thenDecodedToValueClass() {
    Recorder<Long> longs = new Recorder<>();
    Recorder<Double> doubles = new Recorder<>();
    Recorder<byte[]> bytes = new Recorder<>();
    Recorder<String> strings = new Recorder<>();
    Recorder<JsonValue> json = new Recorder<>();
    session.addFallbackStream(Long.class, longs);
    session.addFallbackStream(Double.class, doubles);
    session.addFallbackStream(byte[].class, bytes);
    session.addFallbackStream(String.class, strings);
    session.addFallbackStream(JsonValue.class, json);
    subscribe(1, "i", "INT64", null);
    value(1, "\"9007199254740993\"");
    value(1, "-5");
    subscribe(2, "d", "DOUBLE", null);
    value(2, "\"NaN\"");
    value(2, "\"-Infinity\"");
    value(2, "0.5");
    subscribe(3, "b", "BINARY", null);
    value(3, "\"AAEC//4=\"");
    subscribe(4, "s", "STRING", null);
    value(4, "\"\\u00e9\"");
    subscribe(5, "j", "JSON", null);
    value(5, "\"just a string\"");
    value(5, "null");
    assertEquals(
        List.of(
            "subscription i INT64",
            "value i null -> 9007199254740993",
            "value i 9007199254740993 -> -5"),
        longs.calls);
    assertEquals(
        List.of(
            "subscription d DOUBLE",
            "value d null -> NaN",
            "value d NaN -> -Infinity",
            "value d -Infinity -> 0.5"),
        doubles.calls);
    assertEquals(List.of("subscription b BINARY", "value b null -> AAEC//4="), bytes.calls);
    assertEquals(List.of("subscription s STRING", "value s null -> é"), strings.calls);
    assertEquals(
        List.of(
            "subscription j JSON",
            "value j null -> \"just a string\"",
            "value j \"just a string\" -> null"),
        json.calls);
  }

  // ------------------------------------------------------------ robustness and lifecycle

  @Test
  void stream_whenItThrows_thenLoggedAndOtherStreamsStillServed() {
    List<String> seen = new ArrayList<>();
    session.addStream(
        "a",
        String.class,
        new ValueStream<String>() {
          @Override
          public void onValue(String path, TopicSpecification spec, String oldValue, String value) {
            seen.add(value);
            throw new IllegalStateException("stream bug");
          }
        });
    Recorder<String> other = new Recorder<>();
    session.addStream("a", String.class, other);
    subscribe(1, "a", "STRING", null);
    value(1, "\"1\"");
    value(1, "\"2\"");
    assertEquals(List.of("1", "2"), seen);
    assertEquals(
        List.of("subscription a STRING", "value a null -> 1", "value a 1 -> 2"), other.calls);
    assertTrue(session.getState().isConnected());
  }

  @Test
  void session_whenClosed_thenEveryStreamClosedOnceAndLaterStreamsClosedAtOnce() {
    Recorder<String> stream = new Recorder<>();
    Recorder<String> fallback = new Recorder<>();
    session.addStream("a", String.class, stream);
    session.addStream("b", String.class, stream);
    session.addFallbackStream(String.class, fallback);
    subscribe(1, "a", "STRING", null);
    session.close();
    assertEquals(List.of("subscription a STRING", "close"), stream.calls);
    assertEquals(List.of("close"), fallback.calls);
    Recorder<String> late = new Recorder<>();
    session.addStream("a", String.class, late);
    assertEquals(List.of("close"), late.calls);
  }

  @Test
  void addStream_whenBadSelectorOrClassOrNull_thenThrowsAtOnce() {
    Recorder<String> stream = new Recorder<>();
    assertEquals(
        "selector \"$x\" uses the reserved prefix '$' (at 0)",
        assertThrows(
                IllegalArgumentException.class, () -> session.addStream("$x", String.class, stream))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> session.addStream("a", Object.class, new Recorder<Object>()));
    assertThrows(NullPointerException.class, () -> session.addStream(null, String.class, stream));
    assertThrows(NullPointerException.class, () -> session.addStream("a", String.class, null));
    assertThrows(NullPointerException.class, () -> session.addFallbackStream(null, stream));
    assertThrows(NullPointerException.class, () -> session.select(null));
    assertThrows(NullPointerException.class, () -> session.removeStream(null));
  }
}
