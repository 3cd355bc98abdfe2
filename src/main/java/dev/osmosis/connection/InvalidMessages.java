package dev.osmosis.connection;

import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.session.Session;
import dev.osmosis.wire.CloseReason;

/**
 * One connection's invalid messages: when to log them and when there were too many. The first is
 * logged; later ones are counted and reported in one line at most once per window; more than {@code
 * max} within a window (the window starts at the first invalid message after the last one ended)
 * mean the session is to be closed. Under the connection's monitor; the clock is the caller's.
 */
final class InvalidMessages {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

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

  /**
   * Counts an invalid message: true if it is one too many (the caller ends, then {@link #close}s
   * the session); else it is logged, the first and then one line a minute with how many came
   * meanwhile (a frame of 5,000 bad messages is not 5,000 lines).
   */
  boolean tooMany(Session s, ClientFrame.Invalid bad, long now) {
    if (count(now)) {
      return true;
    }
    if (shouldLog(now)) {
      long more = takeUnlogged();
      LOG.log(
          System.Logger.Level.INFO,
          "session {0}: invalid message ({1}): {2}{3}",
          s.id(),
          bad.code(),
          forLog(bad.message()),
          more == 0 ? "" : " (and " + more + " more since the last line)");
    }
    return false;
  }

  /** Closes the session that sent more than {@code max} invalid messages within a window. */
  void close(Session s, ClientFrame.Invalid bad) {
    String why = "more than " + max + " invalid messages within " + windowMillis / 1000 + " s";
    LOG.log(
        System.Logger.Level.INFO,
        "session {0} closed: {1} ({2} in all; the last: {3} {4})",
        s.id(),
        why,
        total(),
        bad.code(),
        forLog(bad.message()));
    s.close(CloseReason.INVALID_INBOUND_MESSAGE, why);
  }

  /**
   * A message that may quote client input (an unknown type, a value), cut for the log: one line
   * stays short.
   */
  static String forLog(String message) {
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
