package dev.osmosis.selector;

import dev.osmosis.topic.TopicPath;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Persistent selections (owner x selector, an owner being a session or anything else) indexed by
 * literal prefix (docs/ARCHITECTURE.md, compile once). Each member of a selection is filed under
 * its own {@link TopicSelector#literalPrefix()}; for a topic path only the buckets of the path's
 * own prefixes (the root, {@code a}, {@code a/b}, ... the path) are looked up and only their
 * entries tested, so adding a topic costs the selections that could match it, not every selection
 * of every session.
 *
 * <p>A bucket is a concurrent set changed in place: adding or removing a member costs O(1) whatever
 * the bucket's size (members without a literal prefix all share the root bucket), and removing all
 * of an owner's selections (its session's close) costs its own members, never a copy of a shared
 * bucket. What an owner may hold is bounded by {@link SelectionLimits}: selections, members and
 * estimated bytes per owner here, per client address and server-wide in the shared {@link
 * SelectionBudget}; past a limit {@link #add} throws {@link SelectionLimitException}.
 *
 * <p>Thread-safe. {@link #forEachMatch} locks nothing; changes for one owner are serialised on that
 * owner's state. A lookup concurrent with changes sees each selection either before or after the
 * change.
 *
 * @param <O> the owner type; equality as a map key
 */
public final class SelectionIndex<O> {

  /** The default maximum selections per owner. */
  public static final int DEFAULT_MAX_PER_OWNER = 10_000;

  private record Entry<O>(TopicSelector member, O owner, TopicSelector selection) {}

  /** One owner's selections and what they cost; guarded by itself. */
  private static final class Owned {
    final Set<TopicSelector> selections = new LinkedHashSet<>();
    final String address;
    int members;
    long bytes;

    /** Removed from the map: an add that finds it must start again with a fresh one. */
    boolean gone;

    Owned(String address) {
      this.address = address;
    }
  }

  private final ConcurrentHashMap<String, Set<Entry<O>>> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<O, Owned> owners = new ConcurrentHashMap<>();
  private final LongAdder evaluations = new LongAdder();
  private final SelectionLimits limits;
  private final SelectionBudget budget;
  private final Function<O, String> addressOf;

  /** With the default limits and a budget of its own, no per-address accounting. */
  public SelectionIndex() {
    this(SelectionLimits.defaults());
  }

  /** The default limits but {@code maxPerOwner} selections per owner (tests). */
  public SelectionIndex(int maxPerOwner) {
    this(SelectionLimits.defaults().withMaxSelectionsPerSession(maxPerOwner));
  }

  private SelectionIndex(SelectionLimits limits) {
    this(new SelectionBudget(limits), owner -> null);
  }

  /**
   * @param budget the limits, and the per-address and server-wide budget shared with other indexes
   * @param addressOf an owner's client address, charged for its selections (null or empty: none);
   *     read once per owner, when its first selection is added
   */
  public SelectionIndex(SelectionBudget budget, Function<O, String> addressOf) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.limits = budget.limits();
    this.addressOf = Objects.requireNonNull(addressOf, "addressOf");
  }

  /**
   * Adds a selection; returns {@code false} if the owner already had an equal one.
   *
   * @throws SelectionLimitException if the selection would take the owner, its address or the
   *     server past a limit; nothing is added then
   */
  public boolean add(O owner, TopicSelector selection) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(selection, "selection");
    while (true) {
      Owned owned = owners.computeIfAbsent(owner, o -> new Owned(addressOf.apply(o)));
      synchronized (owned) {
        if (owned.gone) {
          continue;
        }
        try {
          return add(owner, owned, selection);
        } finally {
          if (owned.selections.isEmpty()) {
            owned.gone = true; // refused: leave no empty owner behind
            owners.remove(owner, owned);
          }
        }
      }
    }
  }

  private boolean add(O owner, Owned owned, TopicSelector selection) {
    if (owned.selections.contains(selection)) {
      return false;
    }
    int members = selection.members().size();
    long bytes = TopicSelectors.weight(selection);
    if (owned.selections.size() >= limits.maxSelectionsPerSession()) {
      throw new SelectionLimitException(
          "too many selections: the limit is " + limits.maxSelectionsPerSession() + " per session");
    }
    if (owned.members + members > limits.maxMembersPerSession()) {
      throw new SelectionLimitException(
          "too many selector members: the session holds "
              + owned.members
              + ", the selector has "
              + members
              + ", the limit is "
              + limits.maxMembersPerSession()
              + " per session");
    }
    if (owned.bytes + bytes > limits.maxBytesPerSession()) {
      throw new SelectionLimitException(
          "selections too large: the session's take an estimated "
              + owned.bytes
              + " bytes, the selector "
              + bytes
              + ", the limit is "
              + limits.maxBytesPerSession()
              + " per session");
    }
    budget.charge(owned.address, members, bytes);
    owned.selections.add(selection);
    owned.members += members;
    owned.bytes += bytes;
    for (TopicSelector member : selection.members()) {
      Entry<O> entry = new Entry<>(member, owner, selection);
      buckets.compute(
          member.literalPrefix(),
          (prefix, bucket) -> {
            Set<Entry<O>> set = bucket == null ? ConcurrentHashMap.newKeySet() : bucket;
            set.add(entry);
            return set;
          });
    }
    return true;
  }

  /** Removes a selection; returns whether the owner had it. */
  public boolean remove(O owner, TopicSelector selection) {
    Owned owned = owners.get(owner);
    if (owned == null) {
      return false;
    }
    synchronized (owned) {
      if (owned.gone || !owned.selections.remove(selection)) {
        return false;
      }
      unfile(owner, owned, selection);
      if (owned.selections.isEmpty()) {
        owned.gone = true;
        owners.remove(owner, owned);
      }
      return true;
    }
  }

  /**
   * Removes every selection of the owner (when its session closes) and returns them. Costs the
   * owner's members, bounded by {@link SelectionLimits#maxMembersPerSession()}.
   */
  public Set<TopicSelector> removeAll(O owner) {
    Owned owned = owners.remove(owner);
    if (owned == null) {
      return Set.of();
    }
    synchronized (owned) {
      owned.gone = true;
      for (TopicSelector selection : owned.selections) {
        unfile(owner, owned, selection);
      }
      return Collections.unmodifiableSet(owned.selections);
    }
  }

  private void unfile(O owner, Owned owned, TopicSelector selection) {
    for (TopicSelector member : selection.members()) {
      Entry<O> entry = new Entry<>(member, owner, selection);
      buckets.computeIfPresent(
          member.literalPrefix(),
          (prefix, bucket) -> {
            bucket.remove(entry);
            return bucket.isEmpty() ? null : bucket;
          });
    }
    int members = selection.members().size();
    long bytes = TopicSelectors.weight(selection);
    owned.members -= members;
    owned.bytes -= bytes;
    budget.release(owned.address, members, bytes);
  }

  /** The owner's selections, in the order added; an unmodifiable snapshot. */
  public Set<TopicSelector> selectors(O owner) {
    Owned owned = owners.get(owner);
    if (owned == null) {
      return Set.of();
    }
    synchronized (owned) {
      return owned.gone
          ? Set.of()
          : Collections.unmodifiableSet(new LinkedHashSet<>(owned.selections));
    }
  }

  /**
   * Calls {@code visitor} once for each (owner, selection) that selects the path, testing only the
   * selections whose prefix is a prefix of the path.
   */
  public void forEachMatch(String path, BiConsumer<O, TopicSelector> visitor) {
    String canonical = TopicPath.canonical(path);
    Set<Entry<O>> seen = null;
    int end = 0;
    while (end >= 0) {
      Set<Entry<O>> bucket = buckets.get(end == 0 ? "" : canonical.substring(0, end));
      if (bucket != null) {
        for (Entry<O> entry : bucket) {
          evaluations.increment();
          if (!entry.member.matches(canonical)) {
            continue;
          }
          if (entry.selection.members().size() > 1) {
            // A set may match through several members: report it once.
            if (seen == null) {
              seen = new HashSet<>();
            }
            if (!seen.add(new Entry<>(entry.selection, entry.owner, entry.selection))) {
              continue;
            }
          }
          visitor.accept(entry.owner, entry.selection);
        }
      }
      end = end == canonical.length() ? -1 : nextBoundary(canonical, end);
    }
  }

  private static int nextBoundary(String path, int end) {
    int slash = path.indexOf('/', end + 1);
    return slash < 0 ? path.length() : slash;
  }

  /** The owners with at least one selection that selects the path. */
  public Set<O> matching(String path) {
    Set<O> owners = new LinkedHashSet<>();
    forEachMatch(path, (owner, selection) -> owners.add(owner));
    return owners;
  }

  /**
   * The bucket of a prefix, or null (tests: a removal must change a bucket in place, never copy
   * it).
   */
  Object bucket(String prefix) {
    return buckets.get(prefix);
  }

  /** The number of owners with selections. */
  public int owners() {
    return owners.size();
  }

  /** How many selector evaluations lookups have made: a measure of the index's precision. */
  public long evaluations() {
    return evaluations.sum();
  }
}
