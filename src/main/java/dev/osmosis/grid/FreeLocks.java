package dev.osmosis.grid;

import com.hazelcast.map.IMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The records of free locks (docs/CLUSTER.md "Locks", Sequences): a lock released with nobody
 * waiting stays in the map, free, keeping its last sequence, so that the next grant's is greater
 * even in the same millisecond or on a member whose cluster clock is behind. This node deletes the
 * records it freed once the cluster time is {@link #FORGET_MILLIS} past their sequence, unless they
 * changed since (taken again): then every member's floor ({@code clusterTime * 1000}) is above it.
 * Part of {@link GridLocks}; thread-safe.
 */
final class FreeLocks {
  /**
   * How long a free lock's record outlives its last grant (cluster time): a bound on how far one
   * member's cluster clock may be behind another's.
   */
  static final long FORGET_MILLIS = 10_000;

  /** A free record as this node stored it (the array's identity is the record's). */
  private record Freed(String name, byte[] bytes, long sequence) {}

  private final IMap<String, byte[]> map;

  /** Records this node freed, in the order it freed them. */
  private final ConcurrentLinkedQueue<Freed> freed = new ConcurrentLinkedQueue<>();

  private volatile LongSupplier clusterMillis;

  FreeLocks(IMap<String, byte[]> map, LongSupplier clusterMillis) {
    this.map = map;
    this.clusterMillis = clusterMillis;
  }

  /** Tests: the cluster time read (a frozen or a late clock). */
  void clock(LongSupplier millis) {
    this.clusterMillis = millis;
  }

  /** The cluster time now, in milliseconds. */
  long now() {
    return clusterMillis.getAsLong();
  }

  /** This node stored {@code bytes}, a free record of lock {@code name}. */
  void freed(String name, byte[] bytes, long sequence) {
    freed.add(new Freed(name, bytes, sequence));
  }

  /** Deletes the records this node freed that are old enough and did not change since. */
  void forget() {
    long before = (now() - FORGET_MILLIS) * 1000;
    for (Freed f = freed.peek(); f != null && f.sequence() < before; f = freed.peek()) {
      if (freed.remove(f)) {
        map.remove(f.name(), f.bytes());
      }
    }
  }

  /**
   * Deletes free record {@code r} ({@code bytes}) of lock {@code name} if it is old enough: those
   * of a node that left (the scan of the map when a member leaves or a table starts).
   */
  void forgetIfOld(String name, byte[] bytes, LockRecord r) {
    if (r.isFree() && r.sequence() < (now() - FORGET_MILLIS) * 1000) {
      map.remove(name, bytes);
    }
  }
}
