package dev.osmosis.connection;

import dev.osmosis.session.Connection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages an {@link Outbox} holds, by delivery priority, with their count and characters:
 * three lock-free lanes ({@link Connection#HIGH}, {@link Connection#DEFAULT}, {@link
 * Connection#LOW}; a topic's PRIORITY) of a {@code String}, a {@link Slot} whose message a newer
 * value of its topic may replace (conflation), or a {@link Tracked} message whose owner is told
 * when it leaves. {@link #poll} takes from the highest lane that has something; each lane keeps its
 * order. Thread-safe; {@link #poll} is called by one drain at a time.
 */
final class Lanes {
  private final ConcurrentLinkedQueue<Object> high = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Object> normal = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Object> low = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Slot> pending = new ConcurrentHashMap<>();

  /** Messages queued (a discarded slot counts until a poll skips it). */
  final AtomicInteger size = new AtomicInteger();

  /** Characters of the queued messages (a conflated slot counts its latest message). */
  final AtomicLong chars = new AtomicLong();

  /**
   * Entries added to the high and low lanes and not yet polled (at least: counted before they are
   * added): while it is 0, {@link #poll} looks at the default lane only.
   */
  private final AtomicInteger prioritised = new AtomicInteger();

  void add(String message, int priority) {
    lane(priority).add(message);
  }

  void addTracked(String message, Runnable taken) {
    normal.add(new Tracked(message, taken));
  }

  /**
   * Replaces the value of topic {@code key} still waiting here by {@code full}; false if none
   * waits.
   */
  boolean replace(Long key, String full) {
    Slot slot = pending.get(key);
    return slot != null && slot.replace(full);
  }

  void addConflatable(Long key, String message, int priority) {
    Slot fresh = new Slot(key, message);
    pending.put(key, fresh);
    lane(priority).add(fresh);
  }

  void discard(long key) {
    Slot slot = pending.get(key);
    if (slot != null) {
      slot.discard();
    }
  }

  private ConcurrentLinkedQueue<Object> lane(int priority) {
    if (priority == Connection.DEFAULT) {
      return normal;
    }
    prioritised.incrementAndGet();
    return priority == Connection.HIGH ? high : low;
  }

  /**
   * Takes the next message (its count leaves {@link #size}, its characters stay in {@link #chars}
   * for the caller to subtract per frame), or null if none waits.
   */
  String poll() {
    while (true) {
      if (size.get() <= 0) {
        return null; // every entry in a lane is counted (reserved before it is added)
      }
      boolean others = prioritised.get() != 0;
      Object entry = others ? high.poll() : null;
      if (entry != null) {
        prioritised.decrementAndGet();
      } else if ((entry = normal.poll()) == null) {
        if (!others || (entry = low.poll()) == null) {
          return null;
        }
        prioritised.decrementAndGet();
      }
      size.decrementAndGet();
      String message = message(entry);
      if (message != null) {
        return message; // a discarded slot has none: skip it
      }
    }
  }

  /** Drops every queued message (a tracked one's owner is told). */
  void clear() {
    for (ConcurrentLinkedQueue<Object> lane : java.util.List.of(high, normal, low)) {
      Object entry;
      while ((entry = lane.poll()) != null) {
        if (lane != normal) {
          prioritised.decrementAndGet();
        }
        size.decrementAndGet();
        String dropped = message(entry);
        if (dropped != null) {
          chars.addAndGet(-dropped.length());
        }
      }
    }
    pending.clear();
  }

  /** Takes a queue entry's message (null for a discarded slot). */
  private static String message(Object entry) {
    return entry instanceof String s
        ? s
        : entry instanceof Slot slot ? slot.take() : ((Tracked) entry).take();
  }

  /** A queued message whose owner wants to know when it leaves the queue. */
  private record Tracked(String message, Runnable taken) {
    String take() {
      taken.run();
      return message;
    }
  }

  /** A conflatable queue entry: replaced until a writer takes it. */
  private final class Slot {
    final long key;
    private String message;
    private boolean taken;

    Slot(long key, String message) {
      this.key = key;
      this.message = message;
    }

    synchronized boolean replace(String newer) {
      if (taken) {
        return false;
      }
      chars.addAndGet(newer.length() - message.length());
      message = newer;
      return true;
    }

    synchronized String take() {
      taken = true;
      pending.remove(key, this);
      return message;
    }

    synchronized void discard() {
      if (!taken) {
        taken = true;
        chars.addAndGet(-message.length());
        message = null;
        pending.remove(key, this);
      }
    }
  }
}
