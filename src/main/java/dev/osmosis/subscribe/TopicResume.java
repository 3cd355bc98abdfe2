package dev.osmosis.subscribe;

import dev.osmosis.session.Session;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicHistory;
import dev.osmosis.topic.TopicValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Resumes a session's topics by their sequence numbers (docs/PROTOCOL.md §12 "Resuming topics",
 * docs/TOPICS.md "History"): given the last sequence number the client received per topic path,
 * brings each subscribed topic up to date on the session's connection, in the topic's order:
 *
 * <ul>
 *   <li>the client has the topic's current sequence: nothing is sent;
 *   <li>the topic's history ({@code HISTORY_SIZE}) still holds every update after the client's
 *       number: they are replayed, oldest first, as {@code value} messages with their numbers (a
 *       JSON topic's deltas are not replayed: whole values are);
 *   <li>otherwise (no history, the history no longer reaches back, or the client's number is not
 *       one of this topic's: beyond its sequence, a topic re-added at the same path): a {@code
 *       lostUpdates} notice naming the numbers lost, then the current value with its number (none
 *       for a topic without a value, e.g. {@code DONT_RETAIN_VALUE}). Never a silent gap.
 *   <li>fail-over only ({@link Release#releasedAfter}): the client's number is past the topic's
 *       sequence because this node has not applied the updates its dead node sent yet: nothing is
 *       sent now, the connection leaves those updates out when they arrive.
 * </ul>
 *
 * <p>Each topic is handled inside {@link Topic#ordered}: an update of the topic comes either before
 * the resume (and is covered by it) or after it (and is fanned out as usual, after the replay).
 * Topics the session is subscribed to whose path is not in the map are left alone (the caller
 * decides: a fresh subscription already got its initial value). Paths in the map the session is not
 * subscribed to are ignored. Plain Java, thread-safe; the caller may run it for a session while
 * other threads publish.
 *
 * <p>Used on one node when a disconnected session's recovery buffer could not keep its topic
 * updates (connection.ReliableConnection); a session resumed on another node (fail-over) calls it
 * the same way with the map its client sent.
 */
public final class TopicResume {

  /**
   * What a resume did.
   *
   * @param topics subscribed topics found in the map
   * @param replayed updates replayed from histories
   * @param lost paths whose missed updates could not be replayed (each got a {@code lostUpdates}
   *     notice, then its current value)
   */
  public record Result(int topics, int replayed, List<String> lost) {}

  /**
   * What a connection that held a session's topics back is told, in each topic's order, where the
   * topic resumes.
   */
  public interface Release {
    /** Topic {@code topic} is resumed from here: its updates queue again (before its replay). */
    void released(long topic);

    /**
     * The client has topic {@code topic} up to {@code through}, past its sequence on this node: may
     * this node's later updates up to that number be left out instead (the client got them from a
     * node that applied them sooner: fail-over)? False (the default): the number is not one of the
     * topic's, a loss.
     */
    default boolean releasedAfter(long topic, long through) {
      return false;
    }
  }

  private final Subscriptions subscriptions;

  public TopicResume(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /**
   * Brings {@code session}'s subscribed topics named in {@code lastSequences} (topic path -> last
   * sequence number the client received, 0 for none) up to date; see the class comment.
   */
  public Result resume(Session session, Map<String, Long> lastSequences) {
    return resume(session, lastSequences, id -> {});
  }

  /**
   * As {@link #resume(Session, Map)}; {@code resumed} is told each topic's id inside the topic's
   * order, right before its replay (a connection that held back the topic's updates queues them
   * again from then: the replay and every later update go out in the topic's order).
   */
  public Result resume(Session session, Map<String, Long> lastSequences, LongConsumer resumed) {
    return resumeFrom(session, lastSequences, resumed::accept);
  }

  /**
   * As {@link #resume(Session, Map, LongConsumer)}; a client number past the topic's sequence here
   * is first offered to {@link Release#releasedAfter}: if taken, nothing is sent for the topic now
   * (its later updates up to that number are left out by the connection), no loss is reported.
   */
  public Result resumeFrom(Session session, Map<String, Long> lastSequences, Release resumed) {
    SessionTopics topics = subscriptions.existing(session);
    if (topics == null || lastSequences.isEmpty()) {
      return new Result(0, 0, List.of());
    }
    TopicEncoder encoder = subscriptions.encoder();
    int[] counts = new int[2];
    List<String> lost = new ArrayList<>();
    for (Topic topic : topics.subscribedTopics()) {
      Long after = lastSequences.get(topic.path());
      if (after == null) {
        continue;
      }
      topic.ordered(
          () -> {
            if (!topics.isSubscribed(topic)) {
              return;
            }
            counts[0]++;
            if (after > topic.sequence() && resumed.releasedAfter(topic.id(), after)) {
              return;
            }
            resumed.released(topic.id());
            if (!replay(topics, encoder, topic, after, counts)) {
              lost.add(topic.path());
              long latest = topic.sequence();
              topics.send(topic, encoder.lostUpdates(topic.id(), after, latest));
              TopicValue current = topic.value();
              if (current != null) {
                topics.send(topic, encoder.value(topic.id(), latest, current));
              }
            }
          });
    }
    return new Result(counts[0], counts[1], List.copyOf(lost));
  }

  /**
   * Resumes the topics a connection held back (on one node, PROTOCOL.md §12): {@code firstHeld}
   * maps a topic id to the first number the session did not get, so the client has everything
   * before it (the rest of its recovery buffer is replayed first).
   */
  public Result resumeHeld(Session session, Map<Long, Long> firstHeld, LongConsumer resumed) {
    SessionTopics topics = subscriptions.existing(session);
    if (topics == null || firstHeld.isEmpty()) {
      return new Result(0, 0, List.of());
    }
    Map<String, Long> after = new java.util.HashMap<>();
    for (Topic topic : topics.subscribedTopics()) {
      Long first = firstHeld.get(topic.id());
      if (first != null) {
        after.put(topic.path(), Math.max(0, first - 1));
      }
    }
    return resume(session, after, resumed);
  }

  /** Replays what the client lacks from the history; false if it cannot (a loss). */
  private static boolean replay(
      SessionTopics topics, TopicEncoder encoder, Topic topic, long after, int[] counts) {
    long latest = topic.sequence();
    if (after == latest) {
      return true;
    }
    TopicHistory history = topic.history();
    if (after > latest || history == null) {
      return false;
    }
    long now = topic.millis();
    if (!history.covers(after, latest, now)) {
      return false;
    }
    counts[1] +=
        history.forEachAfter(
            after,
            now,
            (sequence, value) -> topics.send(topic, encoder.value(topic.id(), sequence, value)));
    return true;
  }
}
