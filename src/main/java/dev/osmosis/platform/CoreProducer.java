package dev.osmosis.platform;

import dev.osmosis.control.ClientControl;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.protocol.JsonTopicEncoder;
import dev.osmosis.security.Authenticator;
import dev.osmosis.security.AuthenticatorChain;
import dev.osmosis.security.LoginThrottle;
import dev.osmosis.security.LoginThrottleSettings;
import dev.osmosis.security.PasswordCheck;
import dev.osmosis.security.SecurityStorage;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.selector.SelectionLimits;
import dev.osmosis.selector.TopicSelectorParser;
import dev.osmosis.selector.TopicSelectors;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.session.Sessions;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import dev.osmosis.subscribe.TopicExpiry;
import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.topic.TopicTree;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Wires the plain-Java core into CDI. Core objects are produced as {@code @Singleton} (no client
 * proxies on the hot path; the core classes are final and need none).
 */
@ApplicationScoped
public class CoreProducer {
  private final AtomicReference<SecurityStore> store = new AtomicReference<>();

  @Inject @Any Instance<Authenticator> customAuthenticators;

  @Produces
  @Singleton
  SessionSettings settings() {
    return OsmosisConfig.load();
  }

  /**
   * Inbound message size, handshake timeout, outbound queue, recovery buffer of a client
   * connection.
   */
  @Produces
  @Singleton
  dev.osmosis.connection.ConnectionSettings connectionSettings() {
    return OsmosisConfig.connectionSettings();
  }

  /** Production switch and allowed origins. */
  @Produces
  @Singleton
  DeploymentSettings deploymentSettings() {
    return OsmosisConfig.deploymentSettings();
  }

  /** Ping interval and liveness timeout of WebSocket connections. */
  @Produces
  @Singleton
  dev.osmosis.transport.websocket.LivenessSettings livenessSettings() {
    return OsmosisConfig.livenessSettings();
  }

  /** Per-session protocol limits: bytes queued, fetches in flight, invalid messages. */
  @Produces
  @Singleton
  dev.osmosis.connection.SessionLimits sessionLimits() {
    return OsmosisConfig.sessionLimits();
  }

  /** Per-address caps on WebSockets and anonymous sessions (docs/SECURITY.md, Limits). */
  @Produces
  @Singleton
  dev.osmosis.session.ConnectionLimits connectionLimits() {
    return OsmosisConfig.connectionLimits();
  }

  /**
   * Which browser origins may connect (docs/SECURITY.md, Origins); an invalid entry stops the
   * start.
   */
  @Produces
  @Singleton
  dev.osmosis.transport.websocket.OriginPolicy originPolicy(DeploymentSettings deployment) {
    try {
      return new dev.osmosis.transport.websocket.OriginPolicy(
          deployment.allowedOrigins(), OsmosisConfig.allowedHosts());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The open HTTP polling connections (docs/PROTOCOL.md §13). */
  @Produces
  @Singleton
  dev.osmosis.transport.poll.PollConnections pollConnections(
      dev.osmosis.connection.ConnectionSettings settings) {
    dev.osmosis.transport.poll.PollSettings poll = OsmosisConfig.pollSettings();
    return new dev.osmosis.transport.poll.PollConnections(
        poll.pollHold().toMillis(),
        settings.handshakeTimeout().toMillis(),
        poll.maxPollConnectionsPerAddress());
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The current security store, from the database (seeded once from the store file: {@link
   * SecurityStoreStart}); replaced atomically when an operator changes it. In production its
   * anonymous sessions are off unless {@code osmosis.allowAnonymousInProduction=true}.
   */
  @Produces
  @Singleton
  Supplier<SecurityStore> securityStore(DeploymentSettings deployment, SecurityStorage storage) {
    store.compareAndSet(
        null,
        Lifecycle.productionStore(
            deployment,
            OsmosisConfig.loadAllowAnonymousInProduction(),
            SecurityStoreStart.open(
                storage,
                deployment,
                System.getProperty(SecurityStoreFile.PROPERTY),
                OsmosisConfig.loadReseedSecurityStore())));
    return store::get;
  }

  /**
   * Security administration (docs/SECURITY.md "Administration"): changes the snapshot the {@link
   * #securityStore} supplier reads.
   */
  @Produces
  @Singleton
  dev.osmosis.control.SecurityControl securityControl(
      Supplier<SecurityStore> current,
      SecurityStorage storage,
      dev.osmosis.security.SecurityAudit audit,
      Clock clock,
      dev.osmosis.cluster.Cluster cluster,
      SessionRegistry registry,
      Subscriptions subscriptions,
      DeploymentSettings deployment,
      dev.osmosis.control.SecurityControl.Sharing sharing) {
    current.get(); // the reference is set by the supplier's producer
    dev.osmosis.control.SecurityControl control =
        new dev.osmosis.control.SecurityControl(
            store,
            storage,
            audit,
            new dev.osmosis.security.PasswordHasher()::hash,
            PasswordCheck.PBKDF2,
            clock,
            cluster::nodeId);
    control.listen(new dev.osmosis.control.SecurityEffects(registry, subscriptions::recheck));
    if (deployment.production() && !OsmosisConfig.loadAllowAnonymousInProduction()) {
      control.check(
          s -> {
            if (s.anonymous().allowed()) {
              throw new IllegalArgumentException(
                  "anonymous connections stay off in production"
                      + " (osmosis.allowAnonymousInProduction=false)");
            }
          });
    }
    control.share(sharing); // after the listeners: a snapshot adopted now has its live effects
    return control;
  }

  @Produces
  @Singleton
  LoginThrottleSettings loginThrottleSettings() {
    return OsmosisConfig.loadLoginThrottle();
  }

  /** Failed logins per principal and address (docs/SECURITY.md "Login throttle"). */
  @Produces
  @Singleton
  LoginThrottle loginThrottle(LoginThrottleSettings settings, Clock clock) {
    return new LoginThrottle(settings, clock);
  }

  /**
   * Custom authenticators (CDI beans, ordered by {@code @Priority}, lowest first), then the
   * store's.
   */
  @Produces
  @Singleton
  AuthenticatorChain authenticators(Supplier<SecurityStore> securityStore, LoginThrottle throttle) {
    List<Authenticator> custom =
        customAuthenticators
            .handlesStream()
            .sorted(
                Comparator.comparingInt(
                    (Instance.Handle<Authenticator> h) -> priority(h.getBean().getBeanClass())))
            .map(Instance.Handle::get)
            .toList();
    return new AuthenticatorChain(custom, securityStore, throttle, PasswordCheck.PBKDF2);
  }

  @Produces
  @Singleton
  SessionRegistry registry(dev.osmosis.meter.ServerMeters meters) {
    SessionRegistry registry = new SessionRegistry();
    registry.addListener(new dev.osmosis.session.SessionMeter(meters));
    return registry;
  }

  /** The server's own counters (docs/OPERATIONS.md "Metrics"), published by {@code monitor}. */
  @Produces
  @Singleton
  dev.osmosis.meter.ServerMeters serverMeters() {
    return new dev.osmosis.meter.ServerMeters();
  }

  @Produces
  @Singleton
  Sessions sessions(
      SessionSettings settings,
      SessionRegistry registry,
      AuthenticatorChain authenticators,
      Clock clock,
      dev.osmosis.session.ConnectionLimits limits,
      dev.osmosis.meter.ServerMeters meters) {
    return new Sessions(
        settings,
        registry,
        authenticators,
        clock,
        new dev.osmosis.session.AddressQuota(limits.maxAnonymousSessionsPerAddress()),
        meters);
  }

  /** Compiled session filters, cached by text. */
  @Produces
  @Singleton
  SessionFilters sessionFilters() {
    return new SessionFilters();
  }

  @Produces
  @Singleton
  ClientControl clientControl(
      SessionRegistry registry,
      SessionFilters filters,
      Supplier<SecurityStore> store,
      dev.osmosis.message.Messaging messaging,
      Subscriptions subscriptions,
      dev.osmosis.cluster.SessionDirectory directory) {
    ClientControl control = new ClientControl(registry, filters, store);
    control.connect(directory); // session properties listeners hear every node's sessions
    control.connect(new dev.osmosis.subscribe.ControlledSelections(subscriptions));
    messaging.connect(control); // reaches the other nodes' sessions (grid on)
    return control;
  }

  /**
   * Metric collectors (docs/OPERATIONS.md "Metric collectors"), loaded from their storage (the
   * database) before anything reads them, shared with the other nodes on a cluster.
   */
  @Produces
  @Singleton
  dev.osmosis.metrics.MetricCollectors metricCollectors(
      SessionRegistry registry,
      TopicTree topics,
      SessionFilters filters,
      TopicSelectors selectors,
      dev.osmosis.metrics.CollectorStorage storage,
      dev.osmosis.metrics.MetricCollectors.Sharing sharing) {
    dev.osmosis.metrics.MetricCollectors collectors =
        new dev.osmosis.metrics.MetricCollectors(
            registry, topics, filters, selectors, OsmosisConfig.metricSettings(), storage);
    collectors.load();
    collectors.share(sharing); // a running cluster's collectors win over this node's stored ones
    return collectors;
  }

  @Produces
  @Singleton
  TopicTree topicTree(Clock clock) {
    return new TopicTree(clock, OsmosisConfig.maxAckedBacklog());
  }

  /** What selections may cost (docs/SECURITY.md "Limits"). */
  @Produces
  @Singleton
  SelectionLimits selectionLimits() {
    return OsmosisConfig.loadSelectionLimits();
  }

  /** Compiled topic selectors, cached by text, bounded by estimated bytes. */
  @Produces
  @Singleton
  TopicSelectors topicSelectors(SelectionLimits limits) {
    return new TopicSelectors(new TopicSelectorParser(), limits.compiledCacheBytes());
  }

  @Produces
  @Singleton
  Subscriptions subscriptions(
      TopicTree tree,
      TopicSelectors selectors,
      Supplier<SecurityStore> store,
      SelectionLimits limits) {
    return new Subscriptions(tree, selectors, store, limits, JsonTopicEncoder.INSTANCE);
  }

  @Produces
  @Singleton
  TopicControl topicControl(
      Subscriptions subscriptions, Supplier<SecurityStore> store, TopicReplication replication) {
    return new TopicControl(subscriptions, store, OsmosisConfig.valueLimits(), replication);
  }

  /**
   * Reconnect timeouts and pending acknowledgements of sequenced sessions; {@link ExpirySweeper}
   * runs it.
   */
  @Produces
  @Singleton
  dev.osmosis.connection.ReconnectSweep reconnectSweep(SessionRegistry registry) {
    return new dev.osmosis.connection.ReconnectSweep(registry);
  }

  /** Topics' REMOVAL policies; {@link ExpirySweeper} sweeps it every second. */
  @Produces
  @Singleton
  TopicExpiry topicExpiry(
      TopicTree tree,
      SessionRegistry registry,
      TopicSelectors selectors,
      Clock clock,
      TopicReplication replication,
      dev.osmosis.cluster.Cluster cluster,
      dev.osmosis.cluster.SessionDirectory directory,
      dev.osmosis.subscribe.SubscriberCounts counts) {
    return cluster.clustered()
        ? new TopicExpiry(tree, registry, selectors, clock, replication, directory, counts)
        : new TopicExpiry(tree, registry, selectors, clock, replication);
  }

  private static int priority(Class<?> type) {
    Priority priority = type.getAnnotation(Priority.class);
    return priority == null ? Integer.MAX_VALUE / 2 : priority.value();
  }
}
