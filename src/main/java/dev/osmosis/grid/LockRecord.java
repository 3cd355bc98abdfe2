package dev.osmosis.grid;

import dev.osmosis.lock.SessionLockScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A session lock as the grid holds it: one entry of the locks map, keyed by canonical name
 * (docs/CLUSTER.md "Locks"). Stored as bytes, as {@link TopicRecord}: the grid compares and sends
 * them without an Osmosis class. Immutable; every change makes a new record that {@link GridLocks}
 * stores with {@code replace(name, old, new)}.
 *
 * @param sequence the sequence of the current (or, with no owner, the last) grant
 * @param owner the owning session, or null once the lock is free (no waiters either): the record
 *     then only keeps the last sequence, so that the next grant's is greater ({@link
 *     GridLocks#FORGET_MILLIS})
 * @param waiters the sessions waiting, first asked first
 */
record LockRecord(long sequence, Holder owner, List<Holder> waiters) {
  private static final int FORMAT = 1;

  /**
   * A session that owns or waits for a lock.
   *
   * @param session its session id (text)
   * @param node the grid member it is connected to (its UUID as text)
   * @param scope the scope it asked for (the weakest, if it asked more than once)
   */
  record Holder(String session, String node, SessionLockScope scope) {
    boolean is(String sessionId, String nodeId) {
      return session.equals(sessionId) && node.equals(nodeId);
    }
  }

  LockRecord {
    waiters = List.copyOf(waiters);
  }

  /** A lock taken by {@code owner} at once: its sequence the first above {@code floor}. */
  static LockRecord taken(Holder owner, long floor) {
    return new LockRecord(floor + 1, owner, List.of());
  }

  /**
   * The free lock taken by {@code owner} at once: its sequence above both the last one and {@code
   * floor}.
   */
  LockRecord takenBy(Holder owner, long floor) {
    return new LockRecord(Math.max(sequence + 1, floor + 1), owner, List.of());
  }

  /** Nobody owns or waits for the lock: the record only keeps its last sequence. */
  boolean isFree() {
    return owner == null && waiters.isEmpty();
  }

  boolean ownedBy(String session, String node) {
    return owner != null && owner.is(session, node);
  }

  int waiting(String session, String node) {
    for (int i = 0; i < waiters.size(); i++) {
      if (waiters.get(i).is(session, node)) {
        return i;
      }
    }
    return -1;
  }

  LockRecord withOwnerScope(SessionLockScope scope) {
    return new LockRecord(sequence, new Holder(owner.session(), owner.node(), scope), waiters);
  }

  /** The same grant held by {@code owner} (a session resumed on another node takes its locks). */
  LockRecord withOwner(Holder owner) {
    return new LockRecord(sequence, owner, waiters);
  }

  LockRecord withWaiter(Holder waiter) {
    List<Holder> more = new ArrayList<>(waiters);
    int at = waiting(waiter.session(), waiter.node());
    if (at < 0) {
      more.add(waiter);
    } else {
      more.set(at, waiter);
    }
    return new LockRecord(sequence, owner, more);
  }

  /** Without the waiters {@code drop} matches (the owner stays). */
  LockRecord withoutWaiters(Predicate<Holder> drop) {
    List<Holder> kept = new ArrayList<>(waiters.size());
    for (Holder h : waiters) {
      if (!drop.test(h)) {
        kept.add(h);
      }
    }
    return kept.size() == waiters.size() ? this : new LockRecord(sequence, owner, kept);
  }

  /**
   * The owner gone: the first waiter owns it with a sequence above both this one and {@code floor};
   * if nobody waits, the lock is free and the record keeps this sequence.
   */
  LockRecord released(long floor) {
    if (waiters.isEmpty()) {
      return new LockRecord(sequence, null, List.of());
    }
    return new LockRecord(
        Math.max(sequence + 1, floor + 1), waiters.get(0), waiters.subList(1, waiters.size()));
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 64 * waiters.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(sequence);
      out.writeBoolean(owner != null);
      if (owner != null) {
        write(out, owner);
      }
      out.writeInt(waiters.size());
      for (Holder h : waiters) {
        write(out, h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static LockRecord decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown lock record format " + format);
      }
      long sequence = in.readLong();
      Holder owner = in.readBoolean() ? read(in) : null;
      int n = in.readInt();
      List<Holder> waiters = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        waiters.add(read(in));
      }
      return new LockRecord(sequence, owner, waiters);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, Holder h) throws IOException {
    out.writeUTF(h.session());
    out.writeUTF(h.node());
    out.writeByte(h.scope().ordinal());
  }

  private static Holder read(DataInputStream in) throws IOException {
    return new Holder(in.readUTF(), in.readUTF(), SessionLockScope.values()[in.readByte()]);
  }
}
