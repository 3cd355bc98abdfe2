package dev.osmosis.it.cluster;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.ReconnectionStrategy;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.Session;
import dev.osmosis.client.TopicNotificationListener;
import dev.osmosis.client.TopicNotificationType;
import dev.osmosis.client.TopicSpecification;
import dev.osmosis.client.TopicType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ClusterIT's fail-over fixture for notification selections (docs/RECONNECTION.md, PROTOCOL.md §12
 * "Resuming notifications"): a sequenced Java client session on the node that dies, through a
 * {@link FailoverProxy} (the victim, then node 0) that keeps it away once the victim is gone until
 * {@link #comeBack}, with a notification selection told of topics {@code a} and {@code b}, and one
 * of the path {@link #branch} (no topic) told of its immediate descendants {@code x} and {@code y};
 * topics come and go while it is away.
 */
final class FailoverNotifications implements AutoCloseable {
  final String root = "it/cluster/failover/notified" + System.nanoTime();
  final Session session;

  /** What its notification listener heard: "TYPE path" with the path relative to {@link #root}. */
  final List<String> heard = new CopyOnWriteArrayList<>();

  /** A path selected with no topic: its immediate descendants are the topics below it. */
  final String branch = root + "-branch";

  /** What its listener heard of {@link #branch}'s descendants: "TYPE path" relative to it. */
  final List<String> descendants = new CopyOnWriteArrayList<>();

  final AtomicInteger reconnects = new AtomicInteger();
  volatile String closed;
  private final FailoverProxy proxy;

  FailoverNotifications(ClusterNodes.Node victim, ClusterNodes.Node next, Session control)
      throws Exception {
    for (String topic : List.of("a", "b")) {
      control.topics().add(root + "/" + topic, TopicType.STRING).get(10, TimeUnit.SECONDS);
    }
    for (String topic : List.of("x", "y")) {
      control.topics().add(branch + "/" + topic, TopicType.STRING).get(10, TimeUnit.SECONDS);
    }
    proxy = new FailoverProxy(victim.httpPort(), next.httpPort());
    session =
        Osmosis.sessions()
            .initialRetryStrategy(new RetryStrategy(200, 2))
            .reconnectionStrategy(ReconnectionStrategy.fixed(Duration.ofMillis(250)))
            .principal("control")
            .password("password")
            .open(proxy.ws());
    session.addListener(
        (s, from, to) -> {
          if (from == Session.State.RECOVERING_RECONNECT && to == Session.State.CONNECTED_ACTIVE) {
            reconnects.incrementAndGet();
          } else if (to.isClosed()) {
            closed = String.valueOf(s.getCloseReason().orElse(null));
          }
        });
    session
        .notifications()
        .addListener(
            new TopicNotificationListener() {
              @Override
              public void onTopicNotification(
                  String path, TopicSpecification specification, TopicNotificationType type) {
                heard.add(type + " " + path.substring(root.length() + 1));
              }

              @Override
              public void onDescendantNotification(String path, TopicNotificationType type) {
                descendants.add(type + " " + path.substring(branch.length() + 1));
              }
            });
    session.notifications().select("?" + root + "/.*").get(10, TimeUnit.SECONDS);
    session.notifications().select(">" + branch).get(10, TimeUnit.SECONDS);
    proxy.hold(); // from now on it reconnects only once let through
  }

  /** Lets the session reconnect (to node 0: its node is gone). */
  void comeBack() {
    proxy.release();
  }

  @Override
  public void close() throws Exception {
    session.close();
    proxy.close();
  }
}
