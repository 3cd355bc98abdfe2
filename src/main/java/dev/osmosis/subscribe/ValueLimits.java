package dev.osmosis.subscribe;

import dev.osmosis.topic.JsonNesting;

/**
 * The bounds of one topic value, whichever door it comes through ({@code set}, {@code addAndSet}, a
 * JSON patch, the admin API's PUT): docs/TOPICS.md "Limits".
 *
 * @param maxValueBytes most bytes of a value's wire form (UTF-8 of a JSON value's compact text or
 *     of a string, a binary value's bytes); also the bound every intermediate document of a JSON
 *     patch must stay within
 * @param maxJsonDepth most levels of arrays and objects in a JSON value (frames may add {@link
 *     JsonNesting#FRAME_LEVELS} around it)
 * @param maxPatchOperations most operations in one JSON patch
 * @param maxTopicHistory the largest HISTORY_SIZE a topic may have ({@code
 *     osmosis.maxTopicHistory}, docs/TOPICS.md "History")
 */
public record ValueLimits(
    int maxValueBytes, int maxJsonDepth, int maxPatchOperations, int maxTopicHistory) {

  /** The default largest HISTORY_SIZE. */
  public static final int DEFAULT_MAX_TOPIC_HISTORY = 1000;

  /** With the default {@link #maxTopicHistory}. */
  public ValueLimits(int maxValueBytes, int maxJsonDepth, int maxPatchOperations) {
    this(maxValueBytes, maxJsonDepth, maxPatchOperations, DEFAULT_MAX_TOPIC_HISTORY);
  }

  public static ValueLimits defaults() {
    return new ValueLimits(1 << 20, JsonNesting.DEFAULT_MAX_DEPTH, 100);
  }
}
