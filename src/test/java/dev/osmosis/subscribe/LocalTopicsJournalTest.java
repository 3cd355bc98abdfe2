package dev.osmosis.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicState;
import dev.osmosis.durable.TopicStore;
import dev.osmosis.session.TestSessions;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicMatcher;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One server with persistence: what reaches the journal, and a restore from stored states. */
class LocalTopicsJournalTest {
  static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);

  final List<TopicState> stored = new ArrayList<>();
  final TopicStore store =
      new TopicStore() {
        @Override
        public List<TopicState> loadAll() {
          return List.copyOf(stored);
        }

        @Override
        public void write(List<TopicState> batch) {
          stored.addAll(batch);
        }
      };
  final TopicJournal journal = new TopicJournal(store, 100, 1_000);
  final Subscriptions subscriptions = TestSessions.subscriptions();
  final LocalTopics topics = new LocalTopics(subscriptions, journal);

  private void set(String path, String value) {
    Topic topic = subscriptions.tree().get(path);
    topics.update(topic, v -> true, v -> TopicValue.string(value));
  }

  static TopicMatcher exact(String path) {
    return new TopicMatcher() {
      @Override
      public String literalPrefix() {
        return path;
      }

      @Override
      public boolean matches(String candidate) {
        return candidate.equals(path);
      }
    };
  }

  /** Flushes the journal by closing it (what an orderly stop does). */
  private List<TopicState> flushed() {
    journal.close();
    List<TopicState> all = new ArrayList<>(stored);
    all.sort(Comparator.comparing(TopicState::path));
    return all;
  }

  @Test
  void changes_whenPersistentAndNot_thenOnlyThePersistentTopicsReachTheStore() {
    topics.add("p", STRING, null);
    topics.add("t", STRING.withProperty(TopicSpecification.PERSISTENT, "false"), null);
    topics.add("gone", STRING, null);
    set("p", "1");
    set("p", "2");
    set("t", "x");
    journal.close(); // the first flush: p and gone exist
    stored.clear();
    topics.remove(exact("gone"));
    set("p", "3");
    List<TopicState> written = flushed();
    assertEquals(2, written.size());
    assertEquals("gone", written.get(0).path());
    assertEquals(true, written.get(0).removed());
    assertEquals(
        TopicState.of("p", written.get(1).incarnation(), STRING, TopicValue.string("3"), 3),
        written.get(1));
  }

  @Test
  void restore_whenStatesAreStored_thenTheTreeHasThemAndNumberingContinues() {
    TopicSpecification json = TopicSpecification.of(TopicType.JSON);
    int restored =
        topics.restore(
            List.of(
                TopicState.of("a/b", 42, json, TopicValue.json("{\"n\":1}"), 17),
                TopicState.of("a/empty", 43, STRING, null, 0)));
    assertEquals(2, restored);
    Topic ab = subscriptions.tree().get("a/b");
    assertEquals(json, ab.specification());
    assertEquals(TopicValue.json("{\"n\":1}"), ab.value());
    assertEquals(17, ab.sequence());
    assertNull(subscriptions.tree().get("a/empty").value());
    assertEquals(0, journal.health().backlog()); // restoring writes nothing

    topics.update(ab, v -> true, v -> TopicValue.json("{\"n\":2}"));
    assertEquals(18, ab.sequence());
    topics.remove(exact("a/empty"));
    List<TopicState> written = flushed();
    assertEquals(TopicState.of("a/b", 42, json, TopicValue.json("{\"n\":2}"), 18), written.get(0));
    assertEquals(TopicState.removal("a/empty", 43), written.get(1)); // its stored row
  }
}
