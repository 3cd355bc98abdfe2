package dev.osmosis.security;

/**
 * A security or authentication store script refused: its message names the line and column ({@code
 * line 2, column 19: unknown permission READ_TOPICS}). Never carries a password.
 */
public final class ScriptError extends RuntimeException {
  private final int line;
  private final int column;
  private final boolean denied;

  ScriptError(int line, int column, String reason, boolean denied) {
    super("line " + line + ", column " + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.denied = denied;
  }

  ScriptError(int line, int column, String reason) {
    this(line, column, reason, false);
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /**
   * Whether the script is well formed but the caller may not do what it asks (a principal locked by
   * another principal): a permission refusal, not a syntax or validity error.
   */
  public boolean denied() {
    return denied;
  }
}
