package dev.osmosis.selector;

/**
 * A descendant qualifier: what a path, split-path or full-path selector selects relative to the
 * paths its base matches. Semantics as Diffusion's clients implement them ({@code
 * path-selector.js}, {@code split-path-selector.js}, {@code full-path-selector.js} of the
 * JavaScript client).
 */
public enum Qualifier {
  /** No suffix: the matching paths only. */
  MATCH(""),
  /** A trailing {@code /}: the matching paths' descendants, not the paths themselves. */
  DESCENDANTS_OF_MATCH("/"),
  /** A trailing {@code //}: the matching paths and all their descendants. */
  MATCH_AND_DESCENDANTS("//");

  private final String suffix;

  Qualifier(String suffix) {
    this.suffix = suffix;
  }

  /** The suffix that writes this qualifier in an expression. */
  public String suffix() {
    return suffix;
  }

  /**
   * Whether a path with {@code segments} segments qualifies when the base covers {@code base}
   * segments of it.
   */
  boolean accepts(int segments, int base) {
    switch (this) {
      case MATCH:
        return segments == base;
      case DESCENDANTS_OF_MATCH:
        return segments > base;
      default:
        return segments >= base;
    }
  }
}
