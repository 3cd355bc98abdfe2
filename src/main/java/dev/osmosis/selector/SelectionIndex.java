package dev.osmosis.selector;

import dev.osmosis.topic.TopicPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Persistent selections (owner x selector, an owner being a session or anything else) indexed by
 * literal prefix (DESIGN.md §3 rule 4). Each member of a selection is filed under its own {@link
 * TopicSelector#literalPrefix()}; for a topic path only the buckets of the path's own prefixes
 * (the root, {@code a}, {@code a/b}, ... the path) are looked up and only their entries tested, so
 * adding a topic costs the selections that could match it, not every selection of every session.
 *
 * <p>Thread-safe. Buckets are immutable lists replaced atomically, so {@link #forEachMatch} locks
 * nothing; changes for one owner are serialised. A lookup concurrent with changes sees each
 * selection either before or after the change.
 *
 * @param <O> the owner type; equality as a map key
 */
public final class SelectionIndex<O> {

  /** The default maximum selections per owner. */
  public static final int DEFAULT_MAX_PER_OWNER = 10_000;

  private record Entry<O>(TopicSelector member, O owner, TopicSelector selection) {}

  private final ConcurrentHashMap<String, List<Entry<O>>> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<O, Set<TopicSelector>> selections = new ConcurrentHashMap<>();
  private final LongAdder evaluations = new LongAdder();
  private final int maxPerOwner;

  public SelectionIndex() {
    this(DEFAULT_MAX_PER_OWNER);
  }

  public SelectionIndex(int maxPerOwner) {
    if (maxPerOwner < 1) {
      throw new IllegalArgumentException("maxPerOwner must be >= 1, was " + maxPerOwner);
    }
    this.maxPerOwner = maxPerOwner;
  }

  /**
   * Adds a selection; returns {@code false} if the owner already had an equal one.
   *
   * @throws IllegalStateException if the owner already has the maximum number of selections
   */
  public boolean add(O owner, TopicSelector selection) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(selection, "selection");
    boolean[] added = {false};
    selections.compute(
        owner,
        (o, current) -> {
          if (current != null && current.contains(selection)) {
            return current;
          }
          int size = current == null ? 0 : current.size();
          if (size >= maxPerOwner) {
            throw new IllegalStateException(
                "too many selections: the limit is " + maxPerOwner + " per session");
          }
          Set<TopicSelector> next = new LinkedHashSet<>(size + 1);
          if (current != null) {
            next.addAll(current);
          }
          next.add(selection);
          for (TopicSelector member : selection.members()) {
            Entry<O> entry = new Entry<>(member, owner, selection);
            buckets.compute(member.literalPrefix(), (k, list) -> with(list, entry));
          }
          added[0] = true;
          return Collections.unmodifiableSet(next);
        });
    return added[0];
  }

  /** Removes a selection; returns whether the owner had it. */
  public boolean remove(O owner, TopicSelector selection) {
    boolean[] removed = {false};
    selections.computeIfPresent(
        owner,
        (o, current) -> {
          if (!current.contains(selection)) {
            return current;
          }
          unfile(owner, selection);
          removed[0] = true;
          Set<TopicSelector> next = new LinkedHashSet<>(current);
          next.remove(selection);
          return next.isEmpty() ? null : Collections.unmodifiableSet(next);
        });
    return removed[0];
  }

  /** Removes every selection of the owner (when its session closes) and returns them. */
  public Set<TopicSelector> removeAll(O owner) {
    List<Set<TopicSelector>> removed = new ArrayList<>(1);
    selections.computeIfPresent(
        owner,
        (o, current) -> {
          for (TopicSelector selection : current) {
            unfile(owner, selection);
          }
          removed.add(current);
          return null;
        });
    return removed.isEmpty() ? Set.of() : removed.get(0);
  }

  private void unfile(O owner, TopicSelector selection) {
    for (TopicSelector member : selection.members()) {
      Entry<O> entry = new Entry<>(member, owner, selection);
      buckets.computeIfPresent(member.literalPrefix(), (k, list) -> without(list, entry));
    }
  }

  /** The owner's selections, in the order added; unmodifiable. */
  public Set<TopicSelector> selectors(O owner) {
    return selections.getOrDefault(owner, Set.of());
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
      List<Entry<O>> bucket = buckets.get(end == 0 ? "" : canonical.substring(0, end));
      if (bucket != null) {
        for (int i = 0, n = bucket.size(); i < n; i++) {
          Entry<O> entry = bucket.get(i);
          evaluations.increment();
          if (!entry.member.matches(canonical)) {
            continue;
          }
          if (entry.selection.members().size() > 1) {
            // A set may match through several members: report it once.
            if (seen == null) {
              seen = new java.util.HashSet<>();
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

  /** The number of owners with selections. */
  public int owners() {
    return selections.size();
  }

  /** How many selector evaluations lookups have made: a measure of the index's precision. */
  public long evaluations() {
    return evaluations.sum();
  }

  private static <O> List<Entry<O>> with(List<Entry<O>> list, Entry<O> entry) {
    if (list == null) {
      return List.of(entry);
    }
    List<Entry<O>> next = new ArrayList<>(list.size() + 1);
    next.addAll(list);
    next.add(entry);
    return Collections.unmodifiableList(next);
  }

  private static <O> List<Entry<O>> without(List<Entry<O>> list, Entry<O> entry) {
    List<Entry<O>> next = new ArrayList<>(list);
    next.remove(entry);
    return next.isEmpty() ? null : Collections.unmodifiableList(next);
  }
}
