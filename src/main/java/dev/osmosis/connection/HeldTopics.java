package dev.osmosis.connection;

import dev.osmosis.protocol.TopicFrames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic updates a sequenced session's connection leaves out instead of queueing
 * (docs/RECONNECTION.md "Resuming topics by their sequence numbers", "Fail-over"), because its
 * client will be brought up to date by the topic's numbers ({@code subscribe.TopicResume}):
 *
 * <ul>
 *   <li><b>held</b>: topic id -> the first number left out, from the moment the session was away
 *       with a full recovery buffer, or (fail-over) from the resume; every later update of the
 *       topic is left out until the resume releases it;
 *   <li><b>ahead</b> (fail-over): topic id -> the last number the client already has of a topic
 *       this node had not applied that far at the resume; its updates up to that number are left
 *       out as they arrive, the first after it ends the entry.
 * </ul>
 *
 * A topic is in at most one of the two. Thread-safe; {@link #holding} is what a send reads first.
 */
final class HeldTopics {

  private final ConcurrentHashMap<Long, Long> held = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Long> ahead = new ConcurrentHashMap<>();

  /** Whether either map may have entries: read per send only while a transport is attached. */
  private volatile boolean holding;

  /** The client can resume topics by their sequence numbers (its connect had {@code topics}). */
  private volatile boolean resumesTopics;

  /** A resume is sending its replay: past the bounds (at most HISTORY_SIZE + 2 per topic). */
  private volatile boolean resuming;

  boolean holding() {
    return holding;
  }

  void resumesTopics() {
    resumesTopics = true;
  }

  /**
   * Whether {@code message} is left out: a topic update of a held topic, one the client already has
   * (ahead), or the first of a topic while the session is away and {@code noRoom} (its recovery
   * buffer is full: held from this one on). Anything but a topic update is never left out.
   */
  boolean leavesOut(String message, boolean noRoom) {
    if (!resumesTopics) {
      return false;
    }
    long topic = TopicFrames.updateTopic(message);
    if (topic < 0) {
      return false;
    }
    if (holding && held.containsKey(topic)) {
      return true;
    }
    if (holding && !ahead.isEmpty()) {
      Long through = ahead.get(topic);
      if (through != null) {
        if (TopicFrames.updateSequence(message) <= through) {
          return true; // the client got it from the node that died
        }
        ahead.remove(topic, through);
        if (ahead.isEmpty() && held.isEmpty()) {
          holding = false; // every send checks nothing again
          if (!held.isEmpty() || !ahead.isEmpty()) {
            holding = true; // another topic held meanwhile
          }
        }
      }
    }
    if (noRoom) {
      held.putIfAbsent(topic, TopicFrames.updateSequence(message));
      holding = true;
      return true;
    }
    return false;
  }

  /** Holds topic {@code topic} back from now: its client has the numbers before {@code first}. */
  void hold(long topic, long first) {
    held.put(topic, first);
    holding = true;
  }

  /** The first number held back of {@code topic}, or null. */
  Long firstHeld(long topic) {
    return held.get(topic);
  }

  /** Topic id -> first number held back (a copy; empty when nothing was held). */
  Map<Long, Long> heldTopics() {
    return Map.copyOf(held);
  }

  /** A held topic is resumed: its updates queue again from now. */
  void released(long topic) {
    held.remove(topic);
  }

  /**
   * Fail-over: the client has topic {@code topic}'s updates up to {@code through}, beyond what this
   * node applied yet (the grid hands each node the updates on its own time): from now on they are
   * not sent again when they arrive here; the first update after {@code through} and every later
   * one queue as usual (the class comment: ahead). Called in the topic's order, as {@link
   * #released}.
   */
  void releasedAfter(long topic, long through) {
    ahead.put(topic, through); // first: a topic is always in one of the maps
    held.remove(topic);
  }

  /**
   * Runs {@code resume} (which sends the held topics' replays, calling {@link #released} or {@link
   * #releasedAfter} for each inside its order before its replay) with the connection's bounds
   * lifted ({@link #resuming}), then stops holding anything back.
   */
  void resume(Runnable resume) {
    resuming = true;
    try {
      resume.run();
    } finally {
      resuming = false;
      resumed();
    }
  }

  /** Whether a resume is sending its replay: the connection refuses nothing meanwhile. */
  boolean resuming() {
    return resuming;
  }

  /** The resume is over: nothing is held any more (topics ahead stay until caught up). */
  private void resumed() {
    held.clear();
    holding = !ahead.isEmpty();
  }
}
