package dev.osmosis.topic;

/**
 * A topic path that breaks the rules of {@link TopicPath}. The message names the path and the
 * problem, for example {@code topic path "a//b" has an empty segment at 2}; boundaries return it to
 * the caller unchanged (HTTP 400).
 */
public final class InvalidTopicPathException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidTopicPathException(String message) {
    super(message);
  }
}
