package dev.osmosis.topic;

/**
 * A topic specification that cannot be used: an unknown property, a property value out of its
 * range, a type not supported yet, or (from {@link TopicTree#add}) a specification that differs
 * from the one of the topic already at the path.
 */
public class InvalidSpecificationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidSpecificationException(String message) {
    super(message);
  }
}
