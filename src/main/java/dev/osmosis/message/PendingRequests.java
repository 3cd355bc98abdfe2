package dev.osmosis.message;

import dev.osmosis.meter.Histogram;
import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests awaiting a response, by the server-chosen id {@code rid}. Every entry ends exactly once
 * — with the response, an error, {@link #sweep a timeout}, or because its {@link #recipientGone
 * recipient} or {@link #requesterGone requester} went away — and then leaves every index, so the
 * table never holds a finished request. The number a requester may have outstanding is bounded.
 * Thread-safe; {@link Reply} is called outside any lock.
 */
public final class PendingRequests {

  private final ConcurrentHashMap<Long, Entry> byRid = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SessionId, Set<Entry>> byRequester = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SessionId, Set<Entry>> byRecipient = new ConcurrentHashMap<>();
  private final AtomicLong rids = new AtomicLong();
  private final int maxPerRequester;

  /**
   * Answered requests' round trips in microseconds, from {@link #add} to the response or the
   * recipient's error (docs/OPERATIONS.md "Metrics"); timeouts and gone sessions are not counted.
   */
  private final Histogram roundTrips = new Histogram(ROUND_TRIP_BOUNDS_MICROS);

  /** The round-trip histogram's bucket bounds, microseconds: 100 µs to 10 s. */
  public static final long[] ROUND_TRIP_BOUNDS_MICROS = {
    100,
    250,
    500,
    1_000,
    2_500,
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000
  };

  /** One pending request. */
  private static final class Entry {
    final long rid;
    final SessionId requester;
    final SessionId recipient;
    final long deadline;
    final Reply reply;
    final AtomicBoolean ended = new AtomicBoolean();
    final long startNanos = System.nanoTime();

    Entry(long rid, SessionId requester, SessionId recipient, long deadline, Reply reply) {
      this.rid = rid;
      this.requester = requester;
      this.recipient = recipient;
      this.deadline = deadline;
      this.reply = reply;
    }
  }

  public PendingRequests(int maxPerRequester) {
    this.maxPerRequester = maxPerRequester;
  }

  /** Whether {@code requester} may await {@code more} further responses. */
  public boolean hasRoom(SessionId requester, int more) {
    Set<Entry> entries = byRequester.get(requester);
    return (entries == null ? 0 : entries.size()) + more <= maxPerRequester;
  }

  /**
   * Adds a request; returns its rid. Checking {@link #hasRoom} first is the caller's job (a filter
   * request checks once for all its sessions); this never refuses, so the check and the adds must
   * come from the requester's own (serialised) connection.
   */
  public long add(SessionId requester, SessionId recipient, long deadline, Reply reply) {
    Entry entry = new Entry(rids.incrementAndGet(), requester, recipient, deadline, reply);
    byRid.put(entry.rid, entry);
    index(byRequester, requester, entry);
    index(byRecipient, recipient, entry);
    return entry.rid;
  }

  /**
   * The recipient answered. False if {@code rid} is not pending for {@code recipient} (late, or not
   * its own).
   */
  public boolean respond(SessionId recipient, long rid, Payload response) {
    Entry entry = take(recipient, rid);
    if (entry == null) {
      return false;
    }
    roundTrips.record((System.nanoTime() - entry.startNanos) / 1_000);
    entry.reply.response(response);
    return true;
  }

  /**
   * The recipient answered with an error (or could not be reached). False if {@code rid} is not its
   * own.
   */
  public boolean fail(SessionId recipient, long rid, ErrorCode code, String message) {
    Entry entry = take(recipient, rid);
    if (entry == null) {
      return false;
    }
    roundTrips.record((System.nanoTime() - entry.startNanos) / 1_000);
    entry.reply.error(code, message);
    return true;
  }

  /**
   * Ends every request whose deadline is at or before {@code now} with REQUEST_TIMEOUT; answers how
   * many.
   */
  public int sweep(long now) {
    List<Entry> expired = new ArrayList<>();
    for (Entry entry : byRid.values()) {
      if (entry.deadline <= now && end(entry)) {
        expired.add(entry);
      }
    }
    for (Entry entry : expired) {
      entry.reply.error(ErrorCode.REQUEST_TIMEOUT, "no response within the request timeout");
    }
    return expired.size();
  }

  /** The recipient session ended: its requests fail with RECIPIENT_GONE. */
  public void recipientGone(SessionId recipient, String why) {
    Set<Entry> entries = byRecipient.remove(recipient);
    if (entries != null) {
      for (Entry entry : entries) {
        if (end(entry)) {
          entry.reply.error(ErrorCode.RECIPIENT_GONE, why);
        }
      }
    }
  }

  /** The requester session ended: its requests are dropped (no one is left to answer). */
  public void requesterGone(SessionId requester) {
    Set<Entry> entries = byRequester.remove(requester);
    if (entries != null) {
      entries.forEach(this::end);
    }
  }

  /** Answered requests' round trips, microseconds. */
  public Histogram roundTrips() {
    return roundTrips;
  }

  /** The most responses one requester may await. */
  public int limit() {
    return maxPerRequester;
  }

  public int size() {
    return byRid.size();
  }

  /** Requests {@code requester} awaits. */
  public int pendingFor(SessionId requester) {
    Set<Entry> entries = byRequester.get(requester);
    return entries == null ? 0 : entries.size();
  }

  private Entry take(SessionId recipient, long rid) {
    Entry entry = byRid.get(rid);
    if (entry == null || !entry.recipient.equals(recipient) || !end(entry)) {
      return null;
    }
    return entry;
  }

  /**
   * Marks the entry ended and removes it from every index; true for the one caller that ended it.
   */
  private boolean end(Entry entry) {
    if (!entry.ended.compareAndSet(false, true)) {
      return false;
    }
    byRid.remove(entry.rid, entry);
    unindex(byRequester, entry.requester, entry);
    unindex(byRecipient, entry.recipient, entry);
    return true;
  }

  private static void index(Map<SessionId, Set<Entry>> index, SessionId key, Entry entry) {
    index.compute(
        key,
        (k, set) -> {
          Set<Entry> entries = set == null ? ConcurrentHashMap.newKeySet() : set;
          entries.add(entry);
          return entries;
        });
  }

  private static void unindex(
      ConcurrentHashMap<SessionId, Set<Entry>> index, SessionId key, Entry entry) {
    index.computeIfPresent(
        key,
        (k, set) -> {
          set.remove(entry);
          return set.isEmpty() ? null : set;
        });
  }
}
