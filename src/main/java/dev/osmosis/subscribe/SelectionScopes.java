package dev.osmosis.subscribe;

import dev.osmosis.error.RequestException;
import dev.osmosis.selector.TopicSelector;
import dev.osmosis.wire.ErrorCode;
import dev.osmosis.wire.SelectionScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session's selections grouped by selection scope (Diffusion's topic selection scopes,
 * docs/TOPICS.md "Selection scopes"): each scope holds its own selectors; a topic is subscribed
 * while a selection of any scope selects it, and unsubscribing in one scope leaves the topics
 * another scope selects. The default scope is {@link #DEFAULT} (the empty name). The selection
 * index holds each selector once, however many scopes hold it: this class says when it enters and
 * leaves the index. Scopes are a selection-time concept: nothing here runs per delivery.
 *
 * <p>Not thread-safe: its {@link SessionTopics} guards it (synchronized on this object).
 */
final class SelectionScopes {

  /** The default selection scope's name. */
  static final String DEFAULT = SelectionScope.DEFAULT;

  private final Map<String, Set<TopicSelector>> byScope = new LinkedHashMap<>();
  private int pairs;

  /**
   * A scope name as given ({@code null} is the default scope).
   *
   * @throws RequestException 4001 naming what is wrong ({@link SelectionScope#problem})
   */
  static String validate(String scope) {
    if (scope == null) {
      return DEFAULT;
    }
    String problem = SelectionScope.problem(scope);
    if (problem != null) {
      throw new RequestException(
          ErrorCode.INVALID_ARGUMENT, "invalid selection scope: it " + problem);
    }
    return scope;
  }

  /** How many (scope, selector) pairs are held. */
  int size() {
    return pairs;
  }

  /** Whether any scope holds {@code selector}. */
  boolean holds(TopicSelector selector) {
    for (Set<TopicSelector> selectors : byScope.values()) {
      if (selectors.contains(selector)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code scope} holds {@code selector}. */
  boolean holds(String scope, TopicSelector selector) {
    Set<TopicSelector> selectors = byScope.get(scope);
    return selectors != null && selectors.contains(selector);
  }

  /** Adds {@code selector} to {@code scope}; answers whether the scope did not hold it. */
  boolean add(String scope, TopicSelector selector) {
    if (byScope.computeIfAbsent(scope, s -> new LinkedHashSet<>()).add(selector)) {
      pairs++;
      return true;
    }
    return false;
  }

  /** Removes {@code selector} from {@code scope} (a scope left empty is gone). */
  void remove(String scope, TopicSelector selector) {
    Set<TopicSelector> selectors = byScope.get(scope);
    if (selectors != null && selectors.remove(selector)) {
      pairs--;
      if (selectors.isEmpty()) {
        byScope.remove(scope);
      }
    }
  }

  /** Removes {@code selector} from every scope. */
  void removeEverywhere(TopicSelector selector) {
    for (String scope : List.copyOf(byScope.keySet())) {
      remove(scope, selector);
    }
  }

  /** Whether a selection of a scope other than {@code scope} selects {@code path}. */
  boolean selectedOutside(String scope, String path) {
    for (Map.Entry<String, Set<TopicSelector>> e : byScope.entrySet()) {
      if (e.getKey().equals(scope)) {
        continue;
      }
      for (TopicSelector selector : e.getValue()) {
        if (selector.matches(path)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The canonical expressions of each scope's selections, scopes and selections in order made. */
  Map<String, List<String>> expressions() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    byScope.forEach(
        (scope, selectors) -> {
          List<String> list = new ArrayList<>(selectors.size());
          selectors.forEach(s -> list.add(s.expression()));
          out.put(scope, List.copyOf(list));
        });
    return out;
  }

  /**
   * One (scope, selector) pair as a replicated session record holds it (docs/RECONNECTION.md): the
   * default scope's selections as their canonical expression (the form records had before scopes),
   * another scope's as {@code $<length of scope>:<scope><expression>}; no selector expression
   * starts with {@code $} (a reserved prefix), so a node without scopes refuses such an entry as a
   * bad selector and keeps the others.
   */
  static String encode(String scope, String expression) {
    return scope.isEmpty() ? expression : "$" + scope.length() + ":" + scope + expression;
  }

  /** The (scope, expression) of an {@link #encode}d entry. */
  static String[] decode(String entry) {
    if (!entry.startsWith("$")) {
      return new String[] {DEFAULT, entry};
    }
    int colon = entry.indexOf(':');
    if (colon < 2) {
      return new String[] {DEFAULT, entry}; // not ours: the selector parser says why
    }
    int length;
    try {
      length = Integer.parseInt(entry.substring(1, colon));
    } catch (NumberFormatException e) {
      return new String[] {DEFAULT, entry};
    }
    if (length < 0 || colon + 1 + length > entry.length()) {
      return new String[] {DEFAULT, entry};
    }
    return new String[] {
      entry.substring(colon + 1, colon + 1 + length), entry.substring(colon + 1 + length)
    };
  }
}
