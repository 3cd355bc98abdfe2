package dev.osmosis.selector;

/**
 * A topic selector that cannot be parsed. The message quotes the selector and names the 0-based
 * problem and the 0-based position, for example {@code selector "?a/[b" has an invalid regular
 * expression "[b": Unclosed character class (at 4)}; boundaries return it to the caller unchanged
 * (HTTP 400).
 */
public final class SelectorSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int position;

  public SelectorSyntaxException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Returns the 0-based character offset in the selector text where the problem was found. */
  public int position() {
    return position;
  }
}
