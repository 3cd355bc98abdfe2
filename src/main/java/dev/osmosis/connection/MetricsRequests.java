package dev.osmosis.connection;

import dev.osmosis.error.RequestException;
import dev.osmosis.metrics.CollectorGroup;
import dev.osmosis.metrics.CollectorSamples;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.protocol.ClientFrame;
import dev.osmosis.protocol.MetricsFrames;
import dev.osmosis.protocol.ServerFrames;
import dev.osmosis.security.GlobalPermission;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Session;
import dev.osmosis.wire.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The metric collector requests of one connection (docs/PROTOCOL.md §15), answered by {@link
 * MetricCollectors}; the permissions are checked here, on the session's current roles:
 * CONTROL_SERVER to put or remove, VIEW_SERVER to list or fetch. A put or remove stores and shares
 * the change before it is answered and a fetch computes every group, so both run on the pool when
 * there is one (the login pool, as security scripts do), at most {@link #MAX_IN_FLIGHT} per
 * connection; a list reads a snapshot on the connection's thread.
 */
final class MetricsRequests {
  private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

  /** The most puts, removes and fetches of one connection in flight at once; more: 4029. */
  static final int MAX_IN_FLIGHT = 4;

  private final Connection connection;
  private volatile MetricCollectors collectors;
  private volatile Supplier<SecurityStore> store;
  private volatile Executor pool;
  private final AtomicInteger inFlight = new AtomicInteger();

  MetricsRequests(Connection connection) {
    this.connection = connection;
  }

  void enable(MetricCollectors collectors, Supplier<SecurityStore> store) {
    this.store = store;
    this.collectors = collectors;
  }

  void pool(Executor pool) {
    this.pool = pool;
  }

  static boolean isMetrics(ClientFrame frame) {
    return frame instanceof ClientFrame.PutSessionMetricCollector
        || frame instanceof ClientFrame.PutTopicMetricCollector
        || frame instanceof ClientFrame.RemoveMetricCollector
        || frame instanceof ClientFrame.ListMetricCollectors
        || frame instanceof ClientFrame.FetchMetrics;
  }

  /** Answers {@code frame} if it is one of these requests; false if it is not. */
  boolean handle(Session s, ClientFrame frame) {
    if (!isMetrics(frame)) {
      return false;
    }
    MetricCollectors metrics = collectors;
    if (metrics == null) {
      throw new RequestException(
          ErrorCode.UNKNOWN_MESSAGE_TYPE, "metric collectors are not enabled on this server");
    }
    if (frame instanceof ClientFrame.ListMetricCollectors list) {
      require(s, GlobalPermission.VIEW_SERVER);
      connection.send(
          CollectorGroup.SESSION.equals(list.kind())
              ? MetricsFrames.sessionCollectors(list.id(), metrics.sessionCollectors())
              : MetricsFrames.topicCollectors(list.id(), metrics.topicCollectors()));
    } else if (frame instanceof ClientFrame.FetchMetrics fetch) {
      require(s, GlobalPermission.VIEW_SERVER);
      async(fetch.id(), () -> groups(fetch, metrics.samples()), frame);
    } else if (frame instanceof ClientFrame.PutSessionMetricCollector put) {
      require(s, GlobalPermission.CONTROL_SERVER);
      async(
          put.id(), () -> ok(put.id(), () -> metrics.putSessionCollector(put.collector())), frame);
    } else if (frame instanceof ClientFrame.PutTopicMetricCollector put) {
      require(s, GlobalPermission.CONTROL_SERVER);
      async(put.id(), () -> ok(put.id(), () -> metrics.putTopicCollector(put.collector())), frame);
    } else if (frame instanceof ClientFrame.RemoveMetricCollector remove) {
      require(s, GlobalPermission.CONTROL_SERVER);
      Runnable change =
          CollectorGroup.SESSION.equals(remove.kind())
              ? () -> metrics.removeSessionCollector(remove.name())
              : () -> metrics.removeTopicCollector(remove.name());
      async(remove.id(), () -> ok(remove.id(), change), frame);
    }
    return true;
  }

  private void require(Session s, GlobalPermission permission) {
    if (!store.get().policy().has(s.roles(), permission)) {
      throw new RequestException(
          ErrorCode.PERMISSION_DENIED, permission.name() + " permission required");
    }
  }

  private static String ok(long id, Runnable change) {
    change.run();
    return ServerFrames.ok(id);
  }

  private static String groups(ClientFrame.FetchMetrics fetch, CollectorSamples samples) {
    List<CollectorGroup> groups = samples.groups();
    if (!fetch.filter().isEmpty()) {
      Set<String> names = new HashSet<>(fetch.filter());
      groups = groups.stream().filter(g -> names.contains(g.collector())).toList();
    }
    return MetricsFrames.groups(fetch.id(), groups, samples.omitted());
  }

  /** Computes the answer on the pool (or here without one), at most MAX_IN_FLIGHT at once. */
  private void async(long id, Supplier<String> answer, ClientFrame frame) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      throw new RequestException(
          ErrorCode.LIMIT_EXCEEDED,
          "more than "
              + MAX_IN_FLIGHT
              + " metric collector changes or fetches of this session in flight; wait for their"
              + " answers");
    }
    Executor executor = pool;
    if (executor == null) {
      answer(id, answer, frame);
      return;
    }
    try {
      executor.execute(() -> answer(id, answer, frame));
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      throw new RequestException(ErrorCode.LIMIT_EXCEEDED, "the server is busy; retry later");
    }
  }

  private void answer(long id, Supplier<String> compute, ClientFrame frame) {
    String answer;
    try {
      answer = compute.get();
    } catch (RequestException e) {
      answer = ServerFrames.error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failure handling " + frame, e);
      answer =
          ServerFrames.error(
              id,
              ErrorCode.INTERNAL_ERROR,
              "internal error handling the request; the server logged it");
    }
    inFlight.decrementAndGet(); // before the answer: the client may send the next one at once
    connection.send(answer);
  }
}
