package dev.osmosis.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ClusterIT's proof of acked delivery across fail-over (docs/TOPICS.md "Acked delivery"): a topic
 * with {@code DELIVERY acked} and no {@code HISTORY_SIZE} that a publisher on a survivor updates
 * every 20 ms, and sequenced Java sessions on the victim subscribed to it that stay away {@link
 * FailoverProof#AWAY} after losing their node. Where {@link FailoverProof#NO_HISTORY} tells them of
 * lost updates, this topic must replay every one, once and in order.
 */
final class AckedProof implements AutoCloseable {
  static final String TOPIC = "it/cluster/failover/acked";

  final List<FailoverProof.Subscriber> subscribers = new ArrayList<>();
  private final Session publisher;
  private final CounterStream stream;

  AckedProof(ClusterNodes.Node victim, ClusterNodes.Node survivor, int count) throws Exception {
    publisher =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .principal("control")
            .password("password")
            .open(survivor.ws());
    publisher
        .topicUpdate()
        .addAndSet(
            TOPIC,
            TopicSpecification.of(TopicType.INT64, Map.of(TopicSpecification.DELIVERY, "acked")),
            Long.class,
            0L)
        .get(30, TimeUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      subscribers.add(FailoverProof.subscriber(TOPIC, List.of(victim.ws(), survivor.ws())));
    }
    stream = new CounterStream(publisher, TOPIC, "acked publisher");
  }

  /** Stops publishing; answers the last value published. */
  long stop() throws InterruptedException {
    return stream.stop();
  }

  /**
   * Checks a subscriber's events ({@link FailoverProof#value}, {@link FailoverProof#lost}): no
   * lost-updates notice, and from its first value on every number once and in order. Answers how
   * many values it received.
   */
  static int assertEveryUpdateOnce(String who, List<String> events) {
    List<String> copy;
    synchronized (events) {
      copy = new ArrayList<>(events);
    }
    long previous = -1;
    for (String event : copy) {
      String[] e = event.split(" ");
      assertEquals("V", e[0], who + ": no lost-updates notice: " + copy);
      long n = Long.parseLong(e[1]);
      assertTrue(previous < 0 || n == previous + 1, who + ": every update once, in order: " + copy);
      previous = n;
    }
    return copy.size();
  }

  @Override
  public void close() {
    stream.halt();
    for (FailoverProof.Subscriber s : subscribers) {
      s.session.close();
    }
    publisher.close();
  }
}
