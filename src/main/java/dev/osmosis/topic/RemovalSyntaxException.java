package dev.osmosis.topic;

/**
 * A REMOVAL property that cannot be parsed. The message names the 0-based position, what was
 * expected and what was found, for example {@code expected a period such as 10m, 30s, 2h or 1d at
 * 25, found "10ms"}. It is an {@link InvalidSpecificationException}, so adding a topic with it is
 * refused as an invalid specification.
 */
public final class RemovalSyntaxException extends InvalidSpecificationException {

  private static final long serialVersionUID = 1L;

  private final int position;

  public RemovalSyntaxException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** The 0-based character offset in the property text where the problem was found. */
  public int position() {
    return position;
  }
}
