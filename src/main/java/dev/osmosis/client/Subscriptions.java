package dev.osmosis.client;

import static java.lang.System.Logger.Level.WARNING;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 003's client half: the subscribed-topic cache and the stream registry. The server's {@code
 * subscribe}, {@code value}, {@code delta} and {@code unsubscribe} messages (PROTOCOL.md §9) keep
 * the cache, one entry per subscribed topic id: path, specification and last value (none for a
 * {@code DONT_RETAIN_VALUE} topic). Streams are registered with a client-side selector and a topic
 * type; each cache entry has the streams it is attached to, which alone receive its events.
 *
 * <p>A new topic is attached to every stream whose selector matches and whose type is the topic's;
 * if there is none, to the fallback streams of its type. A stream added later is attached to the
 * matching cached topics at once (subscription, then cached value); a fallback stream added later
 * to the cached topics of its type that have no other stream. A fallback stays attached to a topic
 * until it is unsubscribed or the fallback removed, even if a matching stream is added meanwhile;
 * when the last non-fallback stream of a topic is removed, the fallbacks of its type take it over.
 *
 * <p>All state is touched on the event thread only.
 */
final class Subscriptions {

  private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

  /** A registered stream. */
  private static final class Registered {
    final StreamSelector selector; // null for a fallback stream
    final TopicType type;
    final ValueStream<Object> stream;

    Registered(StreamSelector selector, TopicType type, ValueStream<Object> stream) {
      this.selector = selector;
      this.type = type;
      this.stream = stream;
    }

    boolean isFallback() {
      return selector == null;
    }

    boolean matches(Topic topic) {
      return type == topic.spec.getType() && !isFallback() && selector.matches(topic.path);
    }
  }

  /** A subscribed topic: an entry of the cache. */
  private static final class Topic {
    final long id;
    final String path;
    final TopicSpecification spec;
    final boolean retain;
    final List<Registered> streams = new ArrayList<>();
    Object value; // null: none cached

    Topic(long id, String path, TopicSpecification spec) {
      this.id = id;
      this.path = path;
      this.spec = spec;
      this.retain = !spec.isTrue(TopicSpecification.DONT_RETAIN_VALUE);
    }

    boolean has(ValueStream<?> stream) {
      for (Registered registered : streams) {
        if (registered.stream == stream) {
          return true;
        }
      }
      return false;
    }

    boolean hasNonFallback() {
      for (Registered registered : streams) {
        if (!registered.isFallback()) {
          return true;
        }
      }
      return false;
    }
  }

  private final Connection connection;
  private final Map<Long, Topic> topics = new LinkedHashMap<>();
  private final List<Registered> streams = new ArrayList<>();
  // path -> the sequence number (PROTOCOL.md §9 "n") of the last value or delta received; written
  // on the event thread, read by any thread (Session.lastSequence)
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();
  private boolean closed;

  Subscriptions(Connection connection) {
    this.connection = connection;
    connection.setHandler("subscribe", this::onSubscribe);
    connection.setHandler("value", this::onValue);
    connection.setHandler("delta", this::onDelta);
    connection.setHandler("unsubscribe", this::onUnsubscribe);
    connection.setHandler("lostUpdates", this::onLostUpdates);
    connection.topicSequences(this::lastSequences);
    connection.addListener(
        (session, oldState, newState) -> {
          if (newState.isClosed()) {
            closeAll();
          }
        });
  }

  // ------------------------------------------------------------ API

  CompletableFuture<Integer> select(String selector) {
    return selection("select", selector);
  }

  CompletableFuture<Integer> unselect(String selector) {
    return selection("unselect", selector);
  }

  /** See {@link Session#select(String, String)}: the default scope goes as no scope. */
  CompletableFuture<Integer> select(String selector, String scope) {
    return selection("select", selector, scope);
  }

  CompletableFuture<Integer> unselect(String selector, String scope) {
    return selection("unselect", selector, scope);
  }

  CompletableFuture<Integer> unselectAllScopes(String selector) {
    return selection("unselectAllScopes", selector);
  }

  private CompletableFuture<Integer> selection(String type, String selector) {
    return selection(type, selector, Session.DEFAULT_SELECTION_SCOPE);
  }

  private CompletableFuture<Integer> selection(String type, String selector, String scope) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("selector", Objects.requireNonNull(selector, "selector"));
    if (!Objects.requireNonNull(scope, "scope").isEmpty()) {
      fields.put("scope", scope);
    }
    return connection.request(type, fields).thenApply(ok -> (int) Messages.number(ok, "count", 0));
  }

  /** See {@link Session#lastSequence}. */
  long lastSequence(String path) {
    Long sequence = sequences.get(Objects.requireNonNull(path, "path"));
    return sequence == null ? 0 : sequence;
  }

  /** Every subscribed topic's last sequence received (path -> number), a snapshot. */
  Map<String, Long> lastSequences() {
    return Map.copyOf(sequences);
  }

  <V> void addStream(String selector, Class<V> type, ValueStream<V> stream) {
    StreamSelector compiled = StreamSelector.compile(Objects.requireNonNull(selector, "selector"));
    register(compiled, type, stream);
  }

  <V> void addFallbackStream(Class<V> type, ValueStream<V> stream) {
    register(null, type, stream);
  }

  @SuppressWarnings("unchecked")
  private <V> void register(StreamSelector selector, Class<V> type, ValueStream<V> stream) {
    Registered registered =
        new Registered(
            selector,
            TopicType.forClass(type),
            (ValueStream<Object>) Objects.requireNonNull(stream, "stream"));
    connection.execute(() -> attachNew(registered));
  }

  void removeStream(ValueStream<?> stream) {
    Objects.requireNonNull(stream, "stream");
    connection.execute(() -> detach(stream));
  }

  // ------------------------------------------------------------ the registry (event thread)

  private void attachNew(Registered registered) {
    if (closed) {
      closeStream(registered.stream);
      return;
    }
    streams.add(registered);
    for (Topic topic : topics.values()) {
      boolean attach =
          registered.isFallback()
              ? registered.type == topic.spec.getType() && !topic.hasNonFallback()
              : registered.matches(topic);
      if (attach && !topic.has(registered.stream)) {
        attach(topic, registered);
      }
    }
  }

  /** Attaches a stream to a topic: subscription, then the cached value if any. */
  private void attach(Topic topic, Registered registered) {
    topic.streams.add(registered);
    subscription(registered, topic);
    if (topic.value != null) {
      value(registered, topic, null, topic.value);
    }
  }

  private void detach(ValueStream<?> stream) {
    boolean removed = streams.removeIf(registered -> registered.stream == stream);
    for (Topic topic : topics.values()) {
      boolean had = topic.hasNonFallback();
      topic.streams.removeIf(registered -> registered.stream == stream);
      if (had && !topic.hasNonFallback()) {
        for (Registered fallback : fallbacks(topic)) {
          if (!topic.has(fallback.stream)) {
            attach(topic, fallback);
          }
        }
      }
    }
    if (removed) {
      closeStream(stream);
    }
  }

  private List<Registered> fallbacks(Topic topic) {
    List<Registered> fallbacks = new ArrayList<>();
    for (Registered registered : streams) {
      if (registered.isFallback() && registered.type == topic.spec.getType()) {
        fallbacks.add(registered);
      }
    }
    return fallbacks;
  }

  private void closeAll() {
    closed = true;
    Set<ValueStream<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Registered registered : streams) {
      distinct.add(registered.stream);
    }
    streams.clear();
    topics.clear();
    sequences.clear();
    for (ValueStream<?> stream : distinct) {
      closeStream(stream);
    }
  }

  // ------------------------------------------------------------ server messages (event thread)

  private void onSubscribe(Map<String, Object> message) {
    long id = Messages.number(message, "a", -1);
    String path = Messages.string(message, "path", "");
    TopicType type = TopicType.fromName(Messages.string(message, "type", "")).orElse(null);
    if (id < 0 || path.isEmpty() || type == null) {
      LOG.log(WARNING, "Ignoring a subscription this client cannot use: {0}", message);
      return;
    }
    TopicSpecification spec =
        TopicSpecification.of(type, Messages.stringMap(message, "properties"));
    Topic topic = new Topic(id, path, spec);
    if (topics.put(id, topic) != null) {
      LOG.log(
          WARNING,
          "Topic id {0} subscribed again (now {1}); the previous subscription is " + "replaced",
          id,
          path);
    }
    for (Registered registered : streams) {
      if (registered.matches(topic) && !topic.has(registered.stream)) {
        topic.streams.add(registered);
      }
    }
    if (topic.streams.isEmpty()) {
      for (Registered fallback : fallbacks(topic)) {
        if (!topic.has(fallback.stream)) {
          topic.streams.add(fallback);
        }
      }
    }
    for (Registered registered : new ArrayList<>(topic.streams)) {
      subscription(registered, topic);
    }
  }

  private void onValue(Map<String, Object> message) {
    Topic topic = topic(message);
    if (topic == null) {
      return;
    }
    sequence(topic, message);
    Object value;
    try {
      value = TopicValues.fromWire(topic.spec.getType(), message.get("v"));
    } catch (IllegalArgumentException e) {
      fail(
          topic,
          new IllegalArgumentException(
              "Invalid value for topic " + topic.path + ": " + e.getMessage(), e));
      return;
    }
    update(topic, value);
  }

  private void onDelta(Map<String, Object> message) {
    Topic topic = topic(message);
    if (topic == null) {
      return;
    }
    sequence(topic, message);
    if (topic.value == null) {
      fail(
          topic,
          new IllegalStateException(
              "A delta for topic " + topic.path + " that has no cached value to apply it to"));
      return;
    }
    TopicType type = topic.spec.getType();
    if (type == TopicType.STRING || type == TopicType.BINARY) {
      Object edited;
      try {
        edited = ValueEdits.apply(type, topic.value, message.get("d"));
      } catch (IllegalArgumentException e) {
        fail(
            topic,
            new IllegalArgumentException(
                "A delta for topic " + topic.path + " does not apply: " + e.getMessage(), e));
        return;
      }
      update(topic, edited);
      return;
    }
    if (type != TopicType.JSON) {
      fail(
          topic,
          new IllegalStateException(
              "A delta for topic "
                  + topic.path
                  + " of type "
                  + type
                  + ": only JSON, STRING and BINARY topics have deltas"));
      return;
    }
    JsonValue next;
    try {
      next =
          JsonValue.fromModel(
              JsonPatch.apply(((JsonValue) topic.value).mutableCopy(), message.get("p")));
    } catch (IllegalArgumentException e) {
      fail(
          topic,
          new IllegalArgumentException(
              "A delta for topic " + topic.path + " does not apply: " + e.getMessage(), e));
      return;
    }
    update(topic, next);
  }

  private void onLostUpdates(Map<String, Object> message) {
    Topic topic = topic(message);
    if (topic == null) {
      return;
    }
    long after = Messages.number(message, "after", 0);
    long sequence = Messages.number(message, "n", 0);
    if (sequence > 0) {
      sequences.put(topic.path, sequence);
    }
    LOG.log(WARNING, "Updates {0} to {1} of topic {2} were lost", after + 1, sequence, topic.path);
    for (Registered registered : new ArrayList<>(topic.streams)) {
      try {
        registered.stream.onLostUpdates(topic.path, topic.spec, after, sequence);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A value stream failed in onLostUpdates for " + topic.path, e);
      }
    }
  }

  private void onUnsubscribe(Map<String, Object> message) {
    Topic topic = topic(message);
    if (topic == null) {
      return;
    }
    topics.remove(topic.id);
    sequences.remove(topic.path);
    UnsubscribeReason reason = UnsubscribeReason.fromName(Messages.string(message, "reason", ""));
    for (Registered registered : topic.streams) {
      try {
        registered.stream.onUnsubscription(topic.path, topic.spec, reason);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A value stream failed in onUnsubscription for " + topic.path, e);
      }
    }
  }

  private Topic topic(Map<String, Object> message) {
    Topic topic = topics.get(Messages.number(message, "a", -1));
    if (topic == null) {
      LOG.log(
          WARNING,
          "Ignoring a {0} for a topic id not subscribed: {1}",
          Messages.string(message, "t", ""),
          message.get("a"));
    }
    return topic;
  }

  /** Keeps the update's number ({@code n}: absent from a server without it) as the last seen. */
  private void sequence(Topic topic, Map<String, Object> message) {
    long n = Messages.number(message, "n", 0);
    if (n > 0) {
      sequences.put(topic.path, n);
    }
  }

  private void update(Topic topic, Object value) {
    Object old = topic.value;
    if (topic.retain) {
      // a BINARY delta edits the cached bytes: keep a copy the streams cannot change
      topic.value = value instanceof byte[] bytes ? bytes.clone() : value;
    }
    for (Registered registered : new ArrayList<>(topic.streams)) {
      value(registered, topic, old, value);
    }
  }

  /** An update that could not be applied: the cached value is dropped, the streams are told. */
  private void fail(Topic topic, RuntimeException error) {
    topic.value = null;
    LOG.log(WARNING, error.getMessage());
    for (Registered registered : new ArrayList<>(topic.streams)) {
      try {
        registered.stream.onError(topic.path, error);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "A value stream failed in onError for " + topic.path, e);
      }
    }
  }

  // ------------------------------------------------------------ calling streams

  private static void subscription(Registered registered, Topic topic) {
    try {
      registered.stream.onSubscription(topic.path, topic.spec);
    } catch (RuntimeException e) {
      LOG.log(WARNING, "A value stream failed in onSubscription for " + topic.path, e);
    }
  }

  private static void value(Registered registered, Topic topic, Object old, Object value) {
    try {
      registered.stream.onValue(topic.path, topic.spec, old, value);
    } catch (RuntimeException e) {
      LOG.log(WARNING, "A value stream failed in onValue for " + topic.path, e);
    }
  }

  private static void closeStream(ValueStream<?> stream) {
    try {
      stream.onClose();
    } catch (RuntimeException e) {
      LOG.log(WARNING, "A value stream failed in onClose", e);
    }
  }
}
