package dev.osmosis.topic;

/**
 * An RFC 6902 JSON Patch from a JSON topic's old value to its new one, computed once per update
 * (docs/ARCHITECTURE.md, no reflection on the hot path). Fan-out sends {@link #patch()} instead of
 * the value when {@link #isSmaller()}.
 *
 * @param patch the patch as compact JSON text, a JSON array of operations
 * @param valueLength the length of the new value's text, for the comparison
 */
public record JsonDelta(String patch, int valueLength) {

  /** Whether the patch text is shorter than the new value's text, so worth sending. */
  public boolean isSmaller() {
    return patch.length() < valueLength;
  }
}
