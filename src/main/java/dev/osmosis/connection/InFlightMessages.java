package dev.osmosis.connection;

import dev.osmosis.cluster.SessionReplication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;

/**
 * Fail-over (docs/RECONNECTION.md): a replicated sequenced session's server messages that are not
 * topic values, from the moment they are sent until the client acknowledges them, so that they ride
 * in the session's grid record and the node that resumes it sends again those its client lacks.
 *
 * <ul>
 *   <li><b>queued</b>: sent, still in the session's queue without a number (the client cannot have
 *       them);
 *   <li><b>numbered</b>: taken from the queue for the client, each with its number; a number past
 *       {@code recorded} is a <b>gate</b>: the connection writes nothing from it on until a record
 *       holding it landed, so the client never has a message the record lacks.
 * </ul>
 *
 * Bounded in messages and characters. A message is known by its identity (the same text sent twice
 * counts twice). Not thread-safe: {@link ReliableConnection} calls it under its monitor; topic
 * values never pass here.
 */
final class InFlightMessages {
  private final int maxMessages;
  private final long maxChars;
  private final ArrayDeque<String> queued = new ArrayDeque<>();
  private final IdentityHashMap<String, Integer> queuedCounts = new IdentityHashMap<>();
  private final ArrayDeque<SessionReplication.Sent> numbered = new ArrayDeque<>();
  private final java.util.LinkedHashMap<Long, SessionReplication.Awaiting> awaiting =
      new java.util.LinkedHashMap<>();

  /** Every numbered message up to this number is held by a record that landed. */
  private long recorded;

  private long chars;

  InFlightMessages(int maxMessages, long maxChars) {
    this.maxMessages = maxMessages;
    this.maxChars = maxChars;
  }

  /** Keeps {@code message}, just sent; false (not kept) if the bounds would be passed. */
  boolean add(String message) {
    if (full(message.length())) {
      return false;
    }
    queued.add(message);
    queuedCounts.merge(message, 1, Integer::sum);
    chars += message.length();
    return true;
  }

  private boolean full(long more) {
    return size() + 1 > maxMessages || chars + more > maxChars;
  }

  /** Keeps the client's request {@code r} until answered; false if past the bounds. */
  boolean await(SessionReplication.Awaiting r) {
    long length = r.path().length() + r.value().length();
    if (full(length)) {
      return false;
    }
    chars += length;
    awaiting.put(r.id(), r);
    return true;
  }

  /** The client's request {@code id} was answered (the answer is kept in its turn). */
  void answered(long id) {
    SessionReplication.Awaiting r = awaiting.remove(id);
    if (r != null) {
      chars -= r.path().length() + r.value().length();
    }
  }

  /** Whether a message taken from the queue may be one of the kept ones. */
  boolean anyQueued() {
    return !queued.isEmpty();
  }

  /**
   * {@code batch[from..to)} were just numbered from {@code first}: the kept ones among them move to
   * the numbered. Returns whether one did (a record must hold it before it is written).
   */
  boolean numbered(String[] batch, int from, int to, long first) {
    boolean any = false;
    for (int i = from; i < to; i++) {
      String message = batch[i];
      Integer count = queuedCounts.get(message);
      if (count == null) {
        continue; // a topic value
      }
      if (count == 1) {
        queuedCounts.remove(message);
      } else {
        queuedCounts.put(message, count - 1);
      }
      removeQueued(message);
      numbered.add(new SessionReplication.Sent(first + (i - from), message));
      any = true;
    }
    return any;
  }

  private void removeQueued(String message) {
    Iterator<String> it = queued.iterator();
    while (it.hasNext()) {
      if (it.next() == message) {
        it.remove();
        return;
      }
    }
  }

  /** The first number the connection may not write yet; {@link Long#MAX_VALUE} for none. */
  long gate() {
    for (SessionReplication.Sent m : numbered) {
      if (m.seq() > recorded) {
        return m.seq();
      }
    }
    return Long.MAX_VALUE;
  }

  /** The client acknowledged every message up to {@code seq}. */
  void acked(long seq) {
    while (!numbered.isEmpty() && numbered.peekFirst().seq() <= seq) {
      chars -= numbered.pollFirst().message().length();
    }
  }

  /** A record holding every numbered message up to {@code through} landed. */
  void recorded(long through) {
    recorded = Math.max(recorded, through);
  }

  /** What a record write about to start holds; {@code last}: the last number given so far. */
  SessionReplication.InFlight snapshot(long last) {
    if (queued.isEmpty() && numbered.isEmpty() && awaiting.isEmpty()) {
      return new SessionReplication.InFlight(last, List.of(), List.of());
    }
    return new SessionReplication.InFlight(
        last,
        new ArrayList<>(numbered),
        new ArrayList<>(queued),
        new ArrayList<>(awaiting.values()));
  }

  int size() {
    return queued.size() + numbered.size() + awaiting.size();
  }

  /** The session closed: nothing is kept. */
  void clear() {
    queued.clear();
    queuedCounts.clear();
    numbered.clear();
    awaiting.clear();
    chars = 0;
  }
}
