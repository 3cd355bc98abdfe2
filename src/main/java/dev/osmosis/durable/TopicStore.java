package dev.osmosis.durable;

import java.util.List;

/**
 * Where persistent topics are kept across restarts (the boundary's Jakarta Persistence store, or a
 * fake in tests). Implementations are called by one thread at a time ({@link TopicJournal}'s
 * flusher, or the start-up restore).
 */
public interface TopicStore {

  /** Every stored topic, in no particular order. */
  List<TopicState> loadAll();

  /**
   * Writes a batch in one transaction: all or nothing. A state inserts its topic's row or updates
   * it, except that a row of the same incarnation at a higher sequence is kept (two nodes may write
   * the same topic late: the higher sequence wins); a removal deletes the row of its incarnation
   * only. At most one entry per path.
   *
   * @throws RuntimeException when the store cannot be written; nothing of the batch is written
   */
  void write(List<TopicState> batch);
}
