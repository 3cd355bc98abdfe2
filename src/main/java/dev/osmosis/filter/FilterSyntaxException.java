package dev.osmosis.filter;

/**
 * A session filter that cannot be parsed. The message names the position, what was expected and
 * what was found, for example {@code expected 'is', 'eq', 'ne' or 'in' after key "Department" at
 * 11, found end of filter}; boundaries return it to the caller unchanged (protocol error 4001, HTTP
 * 400).
 */
public final class FilterSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int position;

  public FilterSyntaxException(String message, int position) {
    super(message);
    this.position = position;
  }

  /** Returns the 0-based character offset in the filter text where the problem was found. */
  public int position() {
    return position;
  }
}
