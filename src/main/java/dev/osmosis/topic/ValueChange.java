package dev.osmosis.topic;

/**
 * The outcome of {@link TopicTree#set}: the topic, the value it held before (or {@code null}), the
 * value set, for a JSON topic whose old and new values are both objects or arrays (and that is not
 * {@link TopicSpecification#PUBLISH_VALUES_ONLY}) the delta, otherwise {@code null}; and the
 * update's number in the topic's order ({@link Topic#sequence()}); for a STRING or BINARY topic
 * (not PUBLISH_VALUES_ONLY) with subscribers whose old and new values share a prefix or a suffix,
 * the {@link ValueEdit}, otherwise {@code null}.
 */
public record ValueChange(
    Topic topic,
    TopicValue oldValue,
    TopicValue newValue,
    JsonDelta delta,
    long sequence,
    ValueEdit edit) {

  /** A change with no {@link ValueEdit}. */
  public ValueChange(
      Topic topic, TopicValue oldValue, TopicValue newValue, JsonDelta delta, long sequence) {
    this(topic, oldValue, newValue, delta, sequence, null);
  }
}
