package dev.osmosis.selector;

/**
 * A selection refused because it would take its session, its client address or the server past a
 * {@link SelectionLimits} budget. The message names the limit and its value; boundaries answer it
 * with the protocol's LIMIT_EXCEEDED (4029).
 */
public final class SelectionLimitException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public SelectionLimitException(String message) {
    super(message);
  }
}
