package dev.osmosis.store;

import dev.osmosis.durable.TopicState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of topic states written on a JDBC connection inside the caller's transaction (JTA in the
 * server, the connection's own in tests), as {@link dev.osmosis.durable.TopicStore#write} says: the
 * journal's one write path, in three JDBC statement batches instead of JPA's locked read and
 * per-row change detection (docs/PERSISTENCE.md "Write path": it is what lets one flusher keep up).
 *
 * <ol>
 *   <li>removals: {@code DELETE ... WHERE path = ? AND incarnation = ?} (only the row of its
 *       incarnation);
 *   <li>states: {@code UPDATE ... WHERE path = ? AND (incarnation <> ? OR seq <= ?)}, the sequence
 *       guard in SQL: a row of the same incarnation at a higher sequence is left as it is;
 *   <li>the states whose update changed no row (no row yet, or the guard kept it): {@code INSERT
 *       ... SELECT ... WHERE NOT EXISTS} the row, so a kept row stays kept.
 * </ol>
 *
 * Portable SQL (H2 2.2, PostgreSQL 15). Paths in order, so that two nodes writing overlapping
 * batches lock rows in the same order. Two nodes inserting the same new path at once: one insert
 * fails on the key, its batch rolls back and the journal retries it (then as an update).
 */
final class TopicWrites {
  static final String DELETE = "DELETE FROM osmosis_topic WHERE path = ? AND incarnation = ?";
  static final String UPDATE =
      "UPDATE osmosis_topic SET incarnation = ?, topic_type = ?, properties = ?, value_data = ?,"
          + " seq = ?, written_at = ? WHERE path = ? AND (incarnation <> ? OR seq <= ?)";

  /** Casts without a length: a value too long for its column fails the insert, not truncated. */
  static final String INSERT =
      "INSERT INTO osmosis_topic (path, incarnation, topic_type, properties, value_data, seq,"
          + " written_at) SELECT CAST(? AS VARCHAR), CAST(? AS BIGINT),"
          + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), ?, CAST(? AS BIGINT),"
          + " CAST(? AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM osmosis_topic WHERE path = ?)";

  /** The most specifications' JSON kept ({@link #properties}); then it starts again. */
  static final int CACHED = 1_024;

  /**
   * The properties' JSON by properties map: topics mostly share a few specifications, and the
   * flusher writes their rows again and again. Only the flusher's thread uses it.
   */
  private final Map<Map<String, String>, String> json = new HashMap<>();

  /**
   * Writes {@code batch} on {@code connection}, whose transaction the caller commits or rolls back.
   *
   * @param now the time written into each row, epoch milliseconds
   */
  void write(Connection connection, List<TopicState> batch, long now) throws SQLException {
    List<TopicState> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparing(TopicState::path));
    List<TopicState> states = new ArrayList<>(sorted.size());
    boolean removals = false;
    for (TopicState state : sorted) {
      if (state.removed()) {
        removals = true;
      } else {
        states.add(state);
      }
    }
    if (removals) {
      try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
        for (TopicState state : sorted) {
          if (state.removed()) {
            delete.setString(1, state.path());
            delete.setLong(2, state.incarnation());
            delete.addBatch();
          }
        }
        delete.executeBatch();
      }
    }
    if (states.isEmpty()) {
      return;
    }
    int[] updated;
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      for (TopicState state : states) {
        update.setLong(1, state.incarnation());
        update.setString(2, state.specification().type().name());
        update.setString(3, properties(state));
        setValue(update, 4, state);
        update.setLong(5, state.sequence());
        update.setLong(6, now);
        update.setString(7, state.path());
        update.setLong(8, state.incarnation());
        update.setLong(9, state.sequence());
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      int inserts = 0;
      for (int i = 0; i < states.size(); i++) {
        // 0: no row, or the guard kept it (the insert then finds it); unknown: the same
        if (updated[i] > 0) {
          continue;
        }
        TopicState state = states.get(i);
        insert.setString(1, state.path());
        insert.setLong(2, state.incarnation());
        insert.setString(3, state.specification().type().name());
        insert.setString(4, properties(state));
        setValue(insert, 5, state);
        insert.setLong(6, state.sequence());
        insert.setLong(7, now);
        insert.setString(8, state.path());
        insert.addBatch();
        inserts++;
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
    }
  }

  private static void setValue(PreparedStatement statement, int index, TopicState state)
      throws SQLException {
    byte[] bytes = TopicRows.bytes(state.value());
    if (bytes == null) {
      statement.setNull(index, Types.VARBINARY);
    } else {
      statement.setBytes(index, bytes);
    }
  }

  private String properties(TopicState state) {
    Map<String, String> properties = state.specification().properties();
    String cached = json.get(properties);
    if (cached == null) {
      if (json.size() >= CACHED) {
        json.clear();
      }
      cached = TopicRows.properties(properties);
      json.put(properties, cached); // unmodifiable: a key that stays
    }
    return cached;
  }
}
