package dev.osmosis.topic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One segment of the {@link TopicTree}. Children live in a {@code ConcurrentHashMap} created on the
 * first child, so the million leaves of a big tree carry no map.
 *
 * <p>Locking: a child is created, and a node marked removed, only under the parent's monitor (and,
 * for removal, the node's own, taken parent first); a node's topic is set only under its monitor. A
 * walker that meets a removed node starts again from the root.
 */
final class TrieNode {

  final TrieNode parent;
  final String segment;
  private volatile ConcurrentHashMap<String, TrieNode> children;

  /** Guarded by this; volatile so that readers see it without locking. */
  volatile Topic topic;

  /** Guarded by parent then this; once true, never false. */
  volatile boolean removed;

  TrieNode(TrieNode parent, String segment) {
    this.parent = parent;
    this.segment = segment;
  }

  /** The node at the canonical path below this one, or {@code null}. Locks nothing. */
  TrieNode find(String path) {
    TrieNode node = this;
    int from = 0;
    while (node != null) {
      int slash = path.indexOf('/', from);
      String segment = slash < 0 ? path.substring(from) : path.substring(from, slash);
      ConcurrentHashMap<String, TrieNode> map = node.children;
      node = map == null ? null : map.get(segment);
      if (slash < 0) {
        return node;
      }
      from = slash + 1;
    }
    return null;
  }

  /** The node at the path, created with its ancestors as needed; {@code null} on a prune race. */
  TrieNode descendCreating(String path) {
    TrieNode node = this;
    int from = 0;
    while (true) {
      int slash = path.indexOf('/', from);
      String segment = slash < 0 ? path.substring(from) : path.substring(from, slash);
      node = node.child(segment);
      if (node == null || slash < 0) {
        return node;
      }
      from = slash + 1;
    }
  }

  private TrieNode child(String segment) {
    ConcurrentHashMap<String, TrieNode> map = children;
    if (map != null) {
      TrieNode child = map.get(segment);
      if (child != null && !child.removed) {
        return child;
      }
    }
    synchronized (this) {
      if (removed) {
        return null;
      }
      map = children;
      if (map == null) {
        map = new ConcurrentHashMap<>(4);
        children = map;
      }
      TrieNode child = map.get(segment);
      if (child == null || child.removed) {
        child = new TrieNode(this, segment);
        map.put(segment, child);
      }
      return child;
    }
  }

  /** Detaches this node and then each ancestor that has become empty. */
  void pruneUpwards() {
    TrieNode node = this;
    while (node.parent != null) {
      TrieNode up = node.parent;
      synchronized (up) {
        synchronized (node) {
          ConcurrentHashMap<String, TrieNode> map = node.children;
          if (node.removed || node.topic != null || (map != null && !map.isEmpty())) {
            return;
          }
          node.removed = true;
          up.children.remove(node.segment, node);
        }
      }
      node = up;
    }
  }

  /** Visits this node's topic and its descendants' topics, depth first. */
  void visit(Consumer<Topic> visitor) {
    Topic t = topic;
    if (t != null) {
      visitor.accept(t);
    }
    ConcurrentHashMap<String, TrieNode> map = children;
    if (map != null) {
      for (TrieNode child : map.values()) {
        child.visit(visitor);
      }
    }
  }
}
