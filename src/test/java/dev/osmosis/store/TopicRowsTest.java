package dev.osmosis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osmosis.durable.TopicState;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicType;
import dev.osmosis.topic.TopicValue;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topic rows on in-memory H2 with the real schema (V1__topics.sql): written by {@link
 * TopicWrites} (JDBC, one transaction per batch), read back by {@link TopicRows} (JPA,
 * RESOURCE_LOCAL).
 */
class TopicRowsTest {
  static final TopicSpecification STRING = TopicSpecification.of(TopicType.STRING);

  final TestDatabase database = TestDatabase.create();

  @AfterEach
  void close() throws Exception {
    database.close();
  }

  /** One writer for the whole test, as the server's flusher has one. */
  final TopicWrites writes = new TopicWrites();

  /** One batch in one transaction: committed, or rolled back and thrown. */
  private void write(TopicState... states) {
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        writes.write(connection, List.of(states), 1_000);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<TopicState> load() {
    EntityManager em = database.entityManagerFactory().createEntityManager();
    try {
      List<TopicState> all = new java.util.ArrayList<>(TopicRows.loadAll(em));
      all.sort(Comparator.comparing(TopicState::path));
      return all;
    } finally {
      em.close();
    }
  }

  @Test
  void write_whenEveryTypeAndPropertiesAreStored_thenLoadAllGivesThemBack() {
    TopicSpecification json =
        new TopicSpecification(
            TopicType.JSON,
            Map.of(
                "REMOVAL", "when no updates for 1h",
                "OWNER", "$Principal is \"client\"",
                "CONFLATION", "off"));
    byte[] raw = {0, 1, 2, (byte) 255};
    List<TopicState> states =
        List.of(
            TopicState.of(
                "a/binary", 1, TopicSpecification.of(TopicType.BINARY), TopicValue.binary(raw), 3),
            TopicState.of(
                "a/double",
                2,
                TopicSpecification.of(TopicType.DOUBLE),
                TopicValue.ofDouble(0.1 + 0.2),
                1),
            TopicState.of(
                "a/int",
                3,
                TopicSpecification.of(TopicType.INT64),
                TopicValue.int64(Long.MIN_VALUE),
                9),
            TopicState.of("a/json", 4, json, TopicValue.json("{\"k\":[1,\"é\"]}"), 12),
            TopicState.of("a/none", 5, STRING, null, 0),
            TopicState.of("a/string", 6, STRING, TopicValue.string("naïve ☃"), 2));
    write(states.toArray(TopicState[]::new));
    assertEquals(states, load());
  }

  @Test
  void write_whenTheSameIncarnationComesAtALowerSequence_thenTheHigherStays() {
    write(TopicState.of("p", 7, STRING, TopicValue.string("five"), 5));
    write(TopicState.of("p", 7, STRING, TopicValue.string("four"), 4)); // a late node's write
    assertEquals(List.of(TopicState.of("p", 7, STRING, TopicValue.string("five"), 5)), load());
    write(TopicState.of("p", 7, STRING, TopicValue.string("six"), 6));
    assertEquals(List.of(TopicState.of("p", 7, STRING, TopicValue.string("six"), 6)), load());
    // another topic at the path (removed and added again): its numbering starts again
    write(TopicState.of("p", 8, STRING, TopicValue.string("new"), 1));
    assertEquals(List.of(TopicState.of("p", 8, STRING, TopicValue.string("new"), 1)), load());
  }

  @Test
  void write_whenARemovalIsOfAnotherIncarnation_thenTheRowStays() {
    write(TopicState.of("r", 8, STRING, TopicValue.string("x"), 1));
    write(TopicState.removal("r", 7)); // a late removal of the topic before
    assertEquals(1, load().size());
    write(TopicState.removal("r", 8), TopicState.removal("never-stored", 1));
    assertEquals(List.of(), load());
  }

  @Test
  void write_whenOneStateOfTheBatchFails_thenNothingOfTheBatchIsWritten() {
    write(TopicState.of("kept", 1, STRING, TopicValue.string("before"), 1));
    String tooLong = "x".repeat(1100);
    assertThrows(
        RuntimeException.class,
        () ->
            write(
                TopicState.of("kept", 1, STRING, TopicValue.string("after"), 2),
                TopicState.of(tooLong, 1, STRING, TopicValue.string("y"), 1)));
    assertEquals(List.of(TopicState.of("kept", 1, STRING, TopicValue.string("before"), 1)), load());
  }

  @Test
  void write_whenTheSameIncarnationComesAtTheSameSequence_thenItIsWritten() {
    // the guard keeps only a strictly higher sequence: a rewrite of the same state (a retried
    // batch, a value set again under the same number) is written
    write(TopicState.of("p", 7, STRING, TopicValue.string("first"), 5));
    write(TopicState.of("p", 7, STRING, TopicValue.string("again"), 5));
    assertEquals(List.of(TopicState.of("p", 7, STRING, TopicValue.string("again"), 5)), load());
  }

  @Test
  void write_whenOneBatchMixesEveryCase_thenEachRowIsAsTheGuardSays() {
    write(
        TopicState.of("a/updated", 1, STRING, TopicValue.string("a1"), 1),
        TopicState.of("b/kept", 2, STRING, TopicValue.string("b9"), 9),
        TopicState.of("c/removed", 3, STRING, TopicValue.string("c1"), 1),
        TopicState.of("d/not-removed", 4, STRING, TopicValue.string("d1"), 1),
        TopicState.of("e/replaced", 5, STRING, TopicValue.string("e9"), 9));
    TopicSpecification json = new TopicSpecification(TopicType.JSON, Map.of("CONFLATION", "off"));
    write(
        TopicState.of("a/updated", 1, STRING, TopicValue.string("a2"), 2),
        TopicState.of("b/kept", 2, STRING, TopicValue.string("b8"), 8), // late: the row stays
        TopicState.removal("c/removed", 3),
        TopicState.removal("d/not-removed", 99), // another incarnation's removal
        TopicState.of("e/replaced", 6, json, TopicValue.json("[1]"), 1), // added again
        TopicState.of("f/inserted", 7, json, TopicValue.json("{}"), 3),
        TopicState.of("g/no-value", 8, STRING, null, 0));
    assertEquals(
        List.of(
            TopicState.of("a/updated", 1, STRING, TopicValue.string("a2"), 2),
            TopicState.of("b/kept", 2, STRING, TopicValue.string("b9"), 9),
            TopicState.of("d/not-removed", 4, STRING, TopicValue.string("d1"), 1),
            TopicState.of("e/replaced", 6, json, TopicValue.json("[1]"), 1),
            TopicState.of("f/inserted", 7, json, TopicValue.json("{}"), 3),
            TopicState.of("g/no-value", 8, STRING, null, 0)),
        load());
  }

  @Test
  void write_whenTopicsHaveDifferentSpecifications_thenEachRowKeepsItsOwn() {
    // the writer keeps the properties' JSON per specification: never another topic's
    TopicSpecification off = new TopicSpecification(TopicType.JSON, Map.of("CONFLATION", "off"));
    TopicSpecification on =
        new TopicSpecification(TopicType.JSON, Map.of("CONFLATION", "conflate"));
    TopicSpecification none = TopicSpecification.of(TopicType.JSON);
    for (int round = 1; round <= 2; round++) {
      write(
          TopicState.of("x", 1, off, TopicValue.json("1"), round),
          TopicState.of("y", 2, on, TopicValue.json("2"), round),
          TopicState.of("z", 3, none, TopicValue.json("3"), round));
    }
    assertEquals(
        List.of(
            TopicState.of("x", 1, off, TopicValue.json("1"), 2),
            TopicState.of("y", 2, on, TopicValue.json("2"), 2),
            TopicState.of("z", 3, none, TopicValue.json("3"), 2)),
        load());
  }
}
