package dev.osmosis.subscribe;

/**
 * Every node's subscriber counts of the topics whose REMOVAL policy has a cluster-wide {@code
 * subscriptions <} condition (docs/CLUSTER.md "Topics"): each node publishes its own count of such
 * a topic, capped at the policy's threshold, and reads the sum of the other nodes' last published
 * counts. Only in a cluster; {@link TopicExpiry} on one node has none.
 */
public interface SubscriberCounts {

  /**
   * This node's count of subscribers of the topic at {@code path} (already capped by the caller):
   * the other nodes learn it if it changed since the last call. Never blocks.
   */
  void publish(String path, int count);

  /** The sum of the other nodes' last published counts of the topic at {@code path}. */
  int others(String path);

  /** This node stopped tracking the topic at {@code path}: its count is withdrawn. */
  void withdraw(String path);
}
