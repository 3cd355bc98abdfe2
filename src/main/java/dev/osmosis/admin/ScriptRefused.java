package dev.osmosis.admin;

import dev.osmosis.error.RequestException;
import dev.osmosis.wire.ErrorCode;

/**
 * A security script the core refused as invalid, with the position its message names: the admin API
 * answers 400 {@code INVALID_SCRIPT} with {@code line} and {@code column} ({@link
 * RequestExceptionMapper}).
 */
final class ScriptRefused extends RequestException {
  private final int line;
  private final int column;

  ScriptRefused(String message, int line, int column) {
    super(ErrorCode.INVALID_ARGUMENT, message);
    this.line = line;
    this.column = column;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }
}
