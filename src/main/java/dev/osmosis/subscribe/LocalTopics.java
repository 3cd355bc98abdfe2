package dev.osmosis.subscribe;

import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link TopicReplication} on one server: each change goes straight to this tree, an update is one
 * call into the topic's ordered update ({@link Subscriptions#publish}), which numbers it and fans
 * it out. Nothing is added to the publish path. Thread-safe.
 */
public final class LocalTopics implements TopicReplication {
  private final Subscriptions subscriptions;

  public LocalTopics(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @Override
  public TopicTree.AddResult add(String path, TopicSpecification specification, String creator) {
    return subscriptions.tree().add(path, specification, creator);
  }

  @Override
  public boolean update(
      Topic topic,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    return subscriptions.publish(topic, precondition, compute) != null;
  }

  @Override
  public int remove(TopicMatcher matcher) {
    return subscriptions.tree().remove(matcher).size();
  }
}
