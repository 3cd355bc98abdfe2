package dev.osmosis.topic;

/** An operation on a topic path where no topic exists, for example {@link TopicTree#set}. */
public final class NoSuchTopicException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public NoSuchTopicException(String path) {
    super("no topic at " + path);
  }
}
