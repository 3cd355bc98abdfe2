package dev.osmosis.topic;

/**
 * The outcome of {@link TopicTree#set}: the topic, the value it held before (or {@code null}), the
 * value set, and for a JSON topic whose old and new values are both objects or arrays (and that is
 * not {@link TopicSpecification#PUBLISH_VALUES_ONLY}) the delta; otherwise {@code delta} is {@code
 * null}.
 */
public record ValueChange(Topic topic, TopicValue oldValue, TopicValue newValue, JsonDelta delta) {}
