package dev.osmosis.subscribe;

import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicState;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicValue;
import dev.osmosis.topic.TopicView;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@link TopicReplication} on one server: each change goes straight to this tree, an update is one
 * call into the topic's ordered update ({@link Subscriptions#publish}), which numbers it and fans
 * it out. With a {@link TopicJournal}, every change of a persistent topic is then handed to it (a
 * map entry replaced; the write is behind, docs/PERSISTENCE.md). Thread-safe.
 */
public final class LocalTopics implements TopicReplication {
  private final Subscriptions subscriptions;
  private final TopicJournal journal; // null: nothing persists

  public LocalTopics(Subscriptions subscriptions) {
    this(subscriptions, null);
  }

  /**
   * @param journal where changes of persistent topics go, or null
   */
  public LocalTopics(Subscriptions subscriptions, TopicJournal journal) {
    this.subscriptions = subscriptions;
    this.journal = journal;
  }

  /**
   * Brings stored topics back into the tree, each with its specification, value and sequence number
   * (so that its numbering continues); call before the server serves sessions. A path already in
   * the tree with another specification is skipped and logged. Answers how many were restored.
   */
  public int restore(List<TopicState> states) {
    TopicTree tree = subscriptions.tree();
    int restored = 0;
    for (TopicState state : states) {
      try {
        tree.add(state.path(), state.specification(), null);
      } catch (RuntimeException e) {
        System.getLogger(LocalTopics.class.getName())
            .log(System.Logger.Level.ERROR, "stored topic " + state.path() + " not restored", e);
        continue;
      }
      Topic topic = tree.get(state.path());
      if (state.value() != null && state.sequence() > 0) {
        subscriptions.apply(topic, state.value(), state.sequence());
      }
      if (journal != null) {
        journal.restored(topic, state.incarnation());
      }
      restored++;
    }
    return restored;
  }

  @Override
  public TopicTree.AddResult add(String path, TopicSpecification specification, String creator) {
    TopicTree.AddResult result = subscriptions.tree().add(path, specification, creator);
    if (journal != null && result == TopicTree.AddResult.ADDED) {
      Topic added = subscriptions.tree().get(path);
      if (added != null) {
        journal.changed(added);
      }
    }
    return result;
  }

  @Override
  public boolean update(
      Topic topic,
      Predicate<? super TopicView> precondition,
      Function<TopicValue, TopicValue> compute) {
    if (subscriptions.publish(topic, precondition, compute) == null) {
      return false;
    }
    if (journal != null) {
      journal.changed(topic);
    }
    return true;
  }

  @Override
  public int remove(TopicMatcher matcher) {
    List<Topic> removed = subscriptions.tree().remove(matcher);
    if (journal != null) {
      for (Topic topic : removed) {
        journal.removed(topic);
      }
    }
    return removed.size();
  }
}
