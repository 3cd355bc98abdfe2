package dev.osmosis.subscribe;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.ValueEdit;
import java.util.Map;

/**
 * The wire form of the messages this feature sends a session (docs/PROTOCOL.md §9), owned by the
 * codec: the feature hands over topics, values and events, the encoder returns the message text.
 * {@link Subscriptions} encodes an update once and shares the text among every subscriber, so an
 * implementation is called once per update, not once per delivery. Implementations are stateless
 * and thread-safe.
 */
public interface TopicEncoder {

  /** A session was subscribed to {@code topic}. */
  String subscribe(Topic topic);

  /**
   * A topic's whole value, {@code sequence} being its number in the topic's order ({@link
   * Topic#sequence()}; 0: none, not sent).
   */
  String value(long topicId, long sequence, TopicValue value);

  /**
   * A JSON topic's change as an RFC 6902 patch ({@code patch} is its JSON text), {@code sequence}
   * being the update's number in the topic's order.
   */
  String delta(long topicId, long sequence, String patch);

  /**
   * A STRING or BINARY topic's change as an edit of the previous value ({@code edit}), {@code
   * sequence} being the update's number in the topic's order.
   */
  String edit(long topicId, long sequence, ValueEdit edit);

  /**
   * {@code message} is an update of {@code topic} about to be shared by every subscriber (its
   * value, delta or edit): the codec may prepare another wire form of it here, once per update,
   * such as the deflated form of a topic whose {@code COMPRESSION} is not {@code off}
   * (docs/TOPICS.md "COMPRESSION"). The message text itself is what every subscriber gets.
   */
  default void sharing(Topic topic, String message) {}

  /**
   * A resumed session missed updates of a topic that its history could not replay: those numbered
   * after {@code after} up to {@code sequence} (the topic's current one) are lost; the current
   * value, if any, follows.
   */
  String lostUpdates(long topicId, long after, long sequence);

  /** A session was unsubscribed from a topic, for {@code reason} (an unsubscribe reason name). */
  String unsubscribe(long topicId, String reason);

  /** Appends a value's wire text alone (what a fetch result carries; its size is counted). */
  void writeValue(StringBuilder out, TopicValue value);

  /**
   * A topic notification {@code event} (SELECTED, ADDED, REMOVED, DESELECTED) for {@code topic}.
   */
  String notification(String event, Topic topic);

  /**
   * An immediate descendant notification {@code event} (SELECTED, ADDED, REMOVED, DESELECTED) for
   * {@code topic}: its path alone.
   */
  String descendantNotification(String event, Topic topic);

  /**
   * The end of a notification resync after a fail-over (PROTOCOL.md §12 "Resuming notifications"):
   * {@code count} {@code RESYNC} notifications came before it.
   */
  String notificationsResynced(int count);

  /**
   * The end of a resync of the immediate descendants after a fail-over: {@code count} {@code
   * RESYNC} descendant notifications ({@link #descendantNotification}) came before it.
   */
  String descendantsResynced(int count);

  /** The request a missing topic handler receives, {@code rid} identifying its answer. */
  String missingTopic(
      long rid,
      String handler,
      String selector,
      String path,
      String session,
      Map<String, String> sessionProperties);
}
