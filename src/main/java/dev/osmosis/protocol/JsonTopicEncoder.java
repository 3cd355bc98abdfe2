package dev.osmosis.protocol;

import dev.osmosis.subscribe.TopicEncoder;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.ValueEdit;
import java.util.Map;

/**
 * The topic feature's messages in protocol v1's JSON, by {@link TopicFrames} and {@link
 * TopicQueryFrames}: the encoder the server hands to {@code subscribe.Subscriptions}.
 */
public final class JsonTopicEncoder implements TopicEncoder {
  public static final JsonTopicEncoder INSTANCE = new JsonTopicEncoder();

  private JsonTopicEncoder() {}

  @Override
  public String subscribe(Topic topic) {
    return TopicFrames.subscribe(topic);
  }

  @Override
  public String value(long topicId, long sequence, TopicValue value) {
    return TopicFrames.value(topicId, sequence, value);
  }

  @Override
  public String delta(long topicId, long sequence, String patch) {
    return TopicFrames.delta(topicId, sequence, patch);
  }

  @Override
  public String edit(long topicId, long sequence, ValueEdit edit) {
    return TopicFrames.edit(topicId, sequence, edit);
  }

  /** Deflates a large update of a compressed topic once, for the sessions that take it so. */
  @Override
  public void sharing(Topic topic, String message) {
    DeflatedMessages deflated = DeflatedMessages.shared();
    if (message.length() >= deflated.threshold()) {
      deflated.offer(message, topic.specification().compression());
    }
  }

  @Override
  public String lostUpdates(long topicId, long after, long sequence) {
    return TopicFrames.lostUpdates(topicId, after, sequence);
  }

  @Override
  public String unsubscribe(long topicId, String reason) {
    return TopicFrames.unsubscribe(topicId, reason);
  }

  @Override
  public void writeValue(StringBuilder out, TopicValue value) {
    TopicFrames.writeValue(out, value);
  }

  @Override
  public String notification(String event, Topic topic) {
    return TopicQueryFrames.notification(event, topic);
  }

  @Override
  public String descendantNotification(String event, Topic topic) {
    return TopicQueryFrames.descendantNotification(event, topic);
  }

  @Override
  public String notificationsResynced(int count) {
    return TopicQueryFrames.notificationsResynced(count);
  }

  @Override
  public String descendantsResynced(int count) {
    return TopicQueryFrames.descendantsResynced(count);
  }

  @Override
  public String missingTopic(
      long rid,
      String handler,
      String selector,
      String path,
      String session,
      Map<String, String> sessionProperties) {
    return TopicQueryFrames.missingTopic(rid, handler, selector, path, session, sessionProperties);
  }
}
