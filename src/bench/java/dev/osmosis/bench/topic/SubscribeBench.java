package dev.osmosis.bench.topic;

import dev.osmosis.bench.filter.BenchSessions;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.PathPermission;
import dev.osmosis.security.Role;
import dev.osmosis.security.SecurityPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.Session;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.topic.Topic;
import dev.osmosis.topic.TopicSpecification;
import dev.osmosis.topic.TopicTree;
import dev.osmosis.topic.TopicType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 4's subscription targets, measured in one JVM (a main, not JMH: each is a one-off of
 * seconds): (1) a selection matching 100,000 of 1,000,000 topics subscribed in under 1 s — the
 * subscribe notifications and initial values of all 100,000 encoded and enqueued; (2) one update to
 * a topic with 10,000 subscribers: one encode, then 10,000 enqueues of the same String (time per
 * update and per delivery).
 *
 * <p>Run: {@code mvn -q -B -Pbench -DskipTests package && java -Xmx3g -cp target/benchmarks.jar
 * dev.osmosis.bench.topic.SubscribeBench}
 */
public final class SubscribeBench {
  public static void main(String[] args) {
    Role everyone =
        new Role("CLIENT", Set.of(), Set.of(PathPermission.values()), Map.of(), Set.of());
    SecurityStore store =
        new SecurityStore(
            new AnonymousPolicy(true, Set.of("CLIENT")),
            List.of(),
            new SecurityPolicy(List.of(everyone)));
    TopicTree tree = new TopicTree();
    Subscriptions subscriptions =
        new Subscriptions(tree, new TopicSelectors(), () -> store, JsonTopicEncoder.INSTANCE);
    TopicSpecification json = TopicSpecification.of(TopicType.JSON);
    String value =
        "{\"bid\":1.0842,\"ask\":1.0843,\"ts\":1795372800000,\"venue\":\"osmosis-bench-venue-01\"}";
    for (int i = 0; i < 1_000_000; i++) {
      String path = (i % 10 == 0 ? "big/" : "other/") + (i / 1000) + "/" + i;
      tree.add(path, json);
      tree.get(path).update(value, change -> {});
    }
    LongAdder delivered = new LongAdder();
    Session session = BenchSessions.open(1, m -> delivered.increment())[0];
    for (int round = 1; round <= 3; round++) {
      long start = System.nanoTime();
      int count = subscriptions.select(session, "?big/.*/.*");
      long nanos = System.nanoTime() - start;
      System.out.printf(
          "round %d: select matching %,d topics: %,d ms (%,d messages enqueued)%n",
          round, count, nanos / 1_000_000, delivered.sum());
      subscriptions.unselect(session, "?big/.*/.*");
      delivered.reset();
    }

    tree.add("hot", json);
    Topic hot = tree.get("hot");
    hot.update(value, change -> {});
    Session[] subscribers = BenchSessions.open(10_000, m -> delivered.increment());
    for (Session s : subscribers) {
      subscriptions.select(s, "hot");
    }
    delivered.reset();
    int updates = 2_000;
    for (int warm = 0; warm < 2; warm++) {
      long start = System.nanoTime();
      for (int i = 0; i < updates; i++) {
        subscriptions.publish(hot, "{\"bid\":" + i + "}");
      }
      long nanos = System.nanoTime() - start;
      System.out.printf(
          "%s: %,d updates to 10,000 subscribers: %.1f µs per update, %.0f ns per delivery "
              + "(%,d deliveries)%n",
          warm == 0 ? "warm-up" : "measured",
          updates,
          nanos / 1e3 / updates,
          (double) nanos / updates / 10_000,
          delivered.sum());
      delivered.reset();
    }
  }
}
