package dev.osmosis.client;

/**
 * Receives the subscription events and values of the topics whose path its selector matches and
 * whose type its value class names, registered by {@link Session#addStream} or {@link
 * Session#addFallbackStream}. Every method has a default that does nothing.
 *
 * <p>Called on the session's event thread, one event at a time and in order; must not block. For
 * one topic a stream sees {@code onSubscription}, then {@code onValue}s, then {@code
 * onUnsubscription}; {@code onClose} ends the stream. An exception thrown by a method is logged and
 * affects no other stream. Values are shared between streams: do not modify a {@code byte[]} (the
 * client's cached copy, which a BINARY delta edits, is its own). A topic's deltas (JSON patches,
 * STRING and BINARY edits: PROTOCOL.md §9) are applied by the client: a stream always gets whole
 * values.
 *
 * @param <V> the value class: {@link JsonValue}, {@link String}, {@link Long}, {@link Double} or
 *     {@code byte[]}
 */
public interface ValueStream<V> {

  /**
   * The session is subscribed to a topic this stream matches, or the stream was added while the
   * session was subscribed to it. The topic's current value, if the client has it, follows.
   */
  default void onSubscription(String path, TopicSpecification specification) {}

  /**
   * A topic's value: its current value right after {@link #onSubscription}, then each update.
   *
   * @param oldValue the previous value, or {@code null} for the first value this stream sees of the
   *     topic and always for a {@code DONT_RETAIN_VALUE} topic (the client keeps no value)
   */
  default void onValue(String path, TopicSpecification specification, V oldValue, V newValue) {}

  /**
   * Beyond Diffusion's API: the topic's updates numbered after {@code after} up to {@code sequence}
   * are lost for this session: it resumed (docs/RECONNECTION.md "Resuming topics") and they could
   * not be replayed (the topic keeps no history, or not that far back), or, in a cluster, its
   * server missed them (docs/CLUSTER.md "When an event is lost"). The topic's current value,
   * numbered {@code sequence}, follows in {@link #onValue} (none for a {@code DONT_RETAIN_VALUE}
   * topic). Never a silent gap: a session that missed updates it cannot get hears this.
   */
  default void onLostUpdates(
      String path, TopicSpecification specification, long after, long sequence) {}

  /** The session is no longer subscribed to the topic; no event for it follows. */
  default void onUnsubscription(
      String path, TopicSpecification specification, UnsubscribeReason reason) {}

  /**
   * An update of the topic could not be applied (an invalid value, a delta that does not apply or
   * arrived without a cached value): the update is lost and the topic has no cached value until its
   * next full value. Also logged.
   */
  default void onError(String path, Throwable error) {}

  /** The stream was removed or its session closed; no event follows. */
  default void onClose() {}
}
