package dev.osmosis.connection;

/**
 * One connection's invalid messages: when to log them and when there were too many. The first is
 * logged; later ones are counted and reported in one line at most once per window; more than {@code
 * max} within a window (the window starts at the first invalid message after the last one ended)
 * mean the session is to be closed. Under the connection's monitor; the clock is the caller's.
 */
final class InvalidMessages {
  private final int max;
  private final long windowMillis;
  private long windowStart;
  private int inWindow;
  private long total;
  private long lastLogged = Long.MIN_VALUE;
  private long unlogged;

  InvalidMessages(int max, long windowMillis) {
    this.max = max;
    this.windowMillis = windowMillis;
  }

  /** Counts one; true if it is one too many (the session should close). */
  boolean count(long now) {
    total++;
    if (inWindow == 0 || now - windowStart >= windowMillis) {
      windowStart = now;
      inWindow = 0;
    }
    return ++inWindow > max;
  }

  /**
   * Whether to log the one just counted, now: the first ever, then one per window. When false it is
   * remembered for the next line ({@link #unlogged}).
   */
  boolean shouldLog(long now) {
    if (lastLogged == Long.MIN_VALUE || now - lastLogged >= windowMillis) {
      lastLogged = now;
      return true;
    }
    unlogged++;
    return false;
  }

  /** How many were not logged since the last line, and starts counting again. */
  long takeUnlogged() {
    long n = unlogged;
    unlogged = 0;
    return n;
  }

  long total() {
    return total;
  }
}
