package dev.osmosis.monitor;

import dev.osmosis.cluster.Cluster;
import dev.osmosis.message.Messaging;
import dev.osmosis.meter.AuthFailure;
import dev.osmosis.meter.Histogram;
import dev.osmosis.meter.Outbound;
import dev.osmosis.meter.ServerMeters;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.sweep.Sweep;
import dev.osmosis.wire.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Registers the server's metrics in MicroProfile Metrics' application registry (Payara prints them
 * on {@code /metrics}; docs/OPERATIONS.md "Metrics" lists them). Gauges read the core on every
 * scrape. Counters are MicroProfile counters (TYPE counter, {@code _total}) kept in step with the
 * core's striped counters: MicroProfile Metrics 5.1 cannot register a counter whose value is read,
 * so once a second (a {@link Sweep}) each is incremented by what the core counted since — a scrape
 * sees a counter at most a second behind, never ahead, never decreasing.
 */
@ApplicationScoped
public class ServerMetrics implements Sweep {
  private static final System.Logger LOG = System.getLogger(ServerMetrics.class.getName());

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  @Inject ServerMeters meters;
  @Inject Subscriptions subscriptions;
  @Inject SessionRegistry sessions;
  @Inject Messaging messaging;
  @Inject Cluster cluster;

  private final List<Synced> counters = new ArrayList<>();
  private final Set<String> sessionSeries = new HashSet<>();
  private final SessionCensus census = new SessionCensus();

  /** A MicroProfile counter that follows a core count. */
  private static final class Synced {
    final Counter counter;
    final LongSupplier source;
    long last;

    Synced(Counter counter, LongSupplier source) {
      this.counter = counter;
      this.source = source;
    }

    synchronized void sync() {
      long now = source.getAsLong();
      if (now > last) {
        counter.inc(now - last);
        last = now;
      }
    }
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    register();
    sweep(System.currentTimeMillis());
    LOG.log(
        System.Logger.Level.INFO, "{0} Osmosis metrics on /metrics", registry.getNames().size());
  }

  private void register() {
    Outbound out = Outbound.TOTALS;
    counter("osmosis_updates", "Topic updates published on this server", () -> stats().updates());
    counter(
        "osmosis_deliveries",
        "Topic update messages fanned out to subscribers (one per subscriber per update)",
        () -> stats().deliveries());
    counter(
        "osmosis_sessions_opened",
        "Sessions opened on this server (fail-over restores included)",
        meters::opened);
    for (CloseReason reason : CloseReason.values()) {
      counter(
          "osmosis_sessions_closed",
          "Sessions closed, by close reason",
          () -> meters.closed(reason),
          new Tag("reason", label(reason)));
    }
    counter(
        "osmosis_slow_consumer_closes",
        "Sessions closed because their outbound queue was full (reason message_queue_limit_reached)",
        () -> meters.closed(CloseReason.MESSAGE_QUEUE_LIMIT_REACHED));
    counter(
        "osmosis_lost_message_closes",
        "Sessions closed because messages they missed could not be recovered (reason lost_messages)",
        () -> meters.closed(CloseReason.LOST_MESSAGES));
    counter(
        "osmosis_reconnections",
        "Sessions that came back on a new connection (reconnection, docs/RECONNECTION.md)",
        meters::reconnections);
    counter(
        "osmosis_replayed_messages",
        "Messages written again from recovery buffers to sessions that came back",
        out::replayed);
    counter(
        "osmosis_frames_written",
        "Frames handed to the transports (WebSocket frames, long-poll answers)",
        out::frames);
    counter(
        "osmosis_messages_written",
        "Protocol messages in the frames written (messages per frame: the ratio to frames)",
        out::messages);
    counter(
        "osmosis_written_characters",
        "Characters of the frames written (the UTF-8 bytes for ASCII text; no WebSocket header)",
        out::characters);
    counter(
        "osmosis_conflated_messages",
        "Queued topic values replaced by a newer value before they were written",
        out::conflated);
    counter(
        "osmosis_dropped_messages",
        "Messages never written: refused by a full outbound queue or left in a closed one",
        out::dropped);
    counter(
        "osmosis_authentication_successes",
        "Authentications granted: session handshakes (anonymous ones too), principal changes, admin"
            + " API requests",
        meters::authenticationSuccesses);
    for (AuthFailure reason : AuthFailure.values()) {
      counter(
          "osmosis_authentication_failures",
          "Authentications refused, by reason",
          () -> meters.authenticationFailures(reason),
          new Tag("reason", reason.label()));
    }
    counter("osmosis_admin_requests", "Admin API requests (/api/v1)", meters::adminRequests);

    gauge("osmosis_topics", "Topics in the topic tree", () -> stats().topics());
    gauge(
        "osmosis_subscriptions",
        "Subscriptions: topics times their subscribing sessions",
        () -> stats().subscriptions());
    gauge(
        "osmosis_outbound_queue_max",
        "Messages in the deepest outbound queue of an open session now",
        () -> census().maxQueue());
    gauge(
        "osmosis_outbound_queue_peak",
        "Messages in the deepest outbound queue since start",
        out::peakQueue);
    int[] bounds = SessionCensus.QUEUE_BOUNDS;
    for (int i = 0; i <= bounds.length; i++) {
      int index = i;
      gauge(
          "osmosis_outbound_queue_sessions",
          "Open sessions whose outbound queue holds at most le messages (cumulative, now)",
          () -> census().queueBuckets()[index],
          new Tag("le", i < bounds.length ? Integer.toString(bounds[i]) : "+Inf"));
    }
    Histogram trips = messaging.roundTrips();
    long[] micros = trips.bounds();
    for (int i = 0; i <= micros.length; i++) {
      int index = i;
      gauge(
          "osmosis_request_round_trip_seconds_bucket",
          "Requests answered within le seconds (request/response to a session, cumulative)",
          () -> trips.cumulative(index),
          new Tag("le", i < micros.length ? seconds(micros[i]) : "+Inf"));
    }
    gauge(
        "osmosis_request_round_trip_seconds_count",
        "Requests answered (request/response to a session)",
        trips::count);
    gauge(
        "osmosis_request_round_trip_seconds_sum",
        "Seconds the answered requests took together",
        () -> trips.sum() / 1e6);
    gauge(
        "osmosis_request_round_trip_seconds_max",
        "The longest round trip of an answered request since start, seconds",
        () -> trips.max() / 1e6);
    gauge(
        "osmosis_cluster_members",
        "Nodes in this server's cluster (1 when not clustered)",
        () -> cluster.members().size());
  }

  /** Once a second: counters catch up with the core, new session series are registered. */
  @Override
  public void sweep(long now) {
    for (Synced c : counters) {
      c.sync();
    }
    SessionCensus.Counts counts = census();
    for (String key : counts.sessions().keySet()) {
      if (sessionSeries.add(key)) {
        int slash = key.indexOf('/');
        String transport = key.substring(0, slash);
        String clientType = key.substring(slash + 1);
        gauge(
            "osmosis_sessions",
            "Open sessions, by transport and client type",
            () -> census().sessions(transport, clientType),
            new Tag("transport", transport.toLowerCase(Locale.ROOT)),
            new Tag("client_type", clientType.toLowerCase(Locale.ROOT)));
      }
    }
  }

  @Override
  public String sweepName() {
    return "metrics";
  }

  private Subscriptions.Stats stats() {
    return subscriptions.stats();
  }

  private SessionCensus.Counts census() {
    return census.get(sessions.all(), System.currentTimeMillis());
  }

  private void counter(String name, String help, LongSupplier source, Tag... tags) {
    Counter counter =
        registry.counter(Metadata.builder().withName(name).withDescription(help).build(), tags);
    counters.add(new Synced(counter, source));
  }

  private <T extends Number> void gauge(String name, String help, Supplier<T> value, Tag... tags) {
    registry.gauge(Metadata.builder().withName(name).withDescription(help).build(), value, tags);
  }

  static String label(CloseReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  /** Microseconds as a Prometheus {@code le} value in seconds ("0.0001", "2.5", "10"). */
  static String seconds(long micros) {
    return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }
}
