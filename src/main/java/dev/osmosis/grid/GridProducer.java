package dev.osmosis.grid;

import com.hazelcast.config.DiscoveryConfig;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.osmosis.cluster.Cluster;
import dev.osmosis.cluster.LocalCluster;
import dev.osmosis.cluster.LocalSessionDirectory;
import dev.osmosis.cluster.SessionDirectory;
import dev.osmosis.cluster.SessionRegistrations;
import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.control.ClientControl;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.RequestHandlers;
import dev.osmosis.platform.OsmosisConfig;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.subscribe.Subscriptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Decides once, at start, whether this node runs on Payara Micro's data grid ({@code
 * osmosis.cluster}, {@link ClusterSetting}) and produces the cluster roles accordingly: the grid
 * implementations on the Hazelcast instance Payara binds at JNDI {@code payara/Hazelcast}, or the
 * local ones. A node whose settings contradict what Payara runs refuses to start with one line.
 */
@ApplicationScoped
public class GridProducer {
  private static final System.Logger LOG = System.getLogger(GridProducer.class.getName());

  /** Where Payara Micro binds its Hazelcast instance (absent with {@code --nohazelcast}). */
  static final String JNDI_NAME = "payara/Hazelcast";

  /**
   * Payara's discovery strategy for {@code --nocluster} (and for a Payara Server domain): alone, it
   * finds no other Payara Micro node.
   */
  static final String PAYARA_DOMAIN_DISCOVERY =
      "fish.payara.nucleus.hazelcast.DomainDiscoveryStrategy";

  /** The refusal, once decided: said once in the log, however often the container asks again. */
  private volatile IllegalStateException refused;

  @Produces
  @Singleton
  Cluster cluster() {
    if (refused != null) {
      throw refused;
    }
    try {
      ClusterSetting setting = ClusterSetting.parse(OsmosisConfig.clusterSetting());
      HazelcastInstance grid = setting == ClusterSetting.OFF ? null : lookup();
      boolean joins = grid != null && joinsOthers(grid.getConfig().getNetworkConfig().getJoin());
      if (setting.clustered(grid != null, joins)) {
        GridCluster cluster = new GridCluster(grid);
        LOG.log(
            System.Logger.Level.INFO,
            "Osmosis runs on the data grid \"{0}\": node {1}, {2} member(s)",
            grid.getConfig().getClusterName(),
            cluster.nodeId(),
            cluster.members().size());
        return cluster;
      }
      LocalCluster local = new LocalCluster();
      LOG.log(
          System.Logger.Level.INFO,
          "Osmosis runs alone (no data grid: {0}): node {1}",
          grid == null
              ? (setting == ClusterSetting.OFF ? ClusterSetting.KEY + "=off" : "--nohazelcast")
              : "--nocluster",
          local.nodeId());
      return local;
    } catch (IllegalStateException e) {
      refused = e;
      LOG.log(System.Logger.Level.ERROR, e.getMessage());
      throw e;
    }
  }

  /**
   * The session directory: on the grid, this node's sessions are written to it as they open, change
   * and close; alone, it is the registry.
   */
  @Produces
  @Singleton
  SessionDirectory sessionDirectory(
      Cluster cluster,
      SessionRegistry registry,
      Provider<Subscriptions> subscriptions,
      Provider<Messaging> messaging,
      Provider<ClientControl> control) {
    if (!(cluster instanceof GridCluster grid)) {
      return new LocalSessionDirectory(registry, cluster.nodeId());
    }
    if (OsmosisConfig.sessionReplication()) {
      store =
          new GridSessionStore(
              grid,
              session -> subscriptions.get().selections(session),
              session ->
                  registrations(session, subscriptions.get(), messaging.get(), control.get()));
      int inFlight = OsmosisConfig.failoverServerMessages();
      store.inFlight(
          inFlight == 0
              ? null
              : new SessionReplication.InFlightLimits(
                  inFlight, OsmosisConfig.failoverServerBytes()));
    }
    return new GridSessionDirectory(grid, registry, store);
  }

  /** What {@code session} registered, for its grid record (fail-over). */
  static SessionRegistrations registrations(
      Session session, Subscriptions subscriptions, Messaging messaging, ClientControl control) {
    List<SessionRegistrations.Handler> handlers = new ArrayList<>();
    for (RequestHandlers.Handler h : messaging.handlers().of(session)) {
      handlers.add(new SessionRegistrations.Handler(h.branch(), h.propertyKeys()));
    }
    List<SessionRegistrations.Handler> missing = new ArrayList<>();
    subscriptions
        .missingTopicHandlers()
        .of(session)
        .forEach((branch, keys) -> missing.add(new SessionRegistrations.Handler(branch, keys)));
    List<SessionRegistrations.Listener> listeners = new ArrayList<>();
    control
        .listeners()
        .of(session)
        .forEach((id, keys) -> listeners.add(new SessionRegistrations.Listener(id, keys)));
    return new SessionRegistrations(
        handlers, missing, subscriptions.notifications().selections(session), listeners);
  }

  /**
   * Set with the directory when sessions are replicated (clustered, osmosis.sessionReplication).
   */
  private volatile GridSessionStore store;

  /**
   * Fail-over (docs/RECONNECTION.md): on the grid with {@code osmosis.sessionReplication} (the
   * default), the store the directory writes; otherwise nothing is replicated.
   */
  @Produces
  @Singleton
  SessionReplication sessionReplication(SessionDirectory directory) {
    GridSessionStore replicated = store;
    return replicated != null ? replicated : SessionReplication.OFF;
  }

  /**
   * Resolves the cluster roles when the application starts, before it is ready and before any
   * session opens (and refuses the start there).
   */
  void start(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object event,
      Cluster cluster,
      SessionDirectory sessions) {
    sessions.session("");
  }

  private static HazelcastInstance lookup() {
    try {
      return (HazelcastInstance) new InitialContext().lookup(JNDI_NAME);
    } catch (NamingException | ClassCastException e) {
      return null;
    }
  }

  /**
   * Whether the grid is configured to find other nodes: any joiner Payara's {@code --clustermode}
   * sets (multicast, tcp-ip, DNS, Kubernetes) or a cloud discovery; not Payara's domain discovery
   * alone, which is what {@code --nocluster} leaves.
   */
  static boolean joinsOthers(JoinConfig join) {
    if (join.getMulticastConfig().isEnabled()
        || join.getTcpIpConfig().isEnabled()
        || join.getKubernetesConfig().isEnabled()
        || join.getAwsConfig().isEnabled()
        || join.getGcpConfig().isEnabled()
        || join.getAzureConfig().isEnabled()
        || join.getEurekaConfig().isEnabled()) {
      return true;
    }
    DiscoveryConfig discovery = join.getDiscoveryConfig();
    if (discovery.getDiscoveryServiceProvider() != null) {
      return true;
    }
    for (DiscoveryStrategyConfig strategy : discovery.getDiscoveryStrategyConfigs()) {
      if (!PAYARA_DOMAIN_DISCOVERY.equals(strategy.getClassName())) {
        return true;
      }
    }
    return false;
  }
}
