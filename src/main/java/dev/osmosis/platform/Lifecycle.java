package dev.osmosis.platform;

import dev.osmosis.security.AnonymousPolicy;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Session;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.session.SessionSettings;
import dev.osmosis.subscribe.TopicReplication;
import dev.osmosis.wire.CloseReason;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Start-up and shut-down: checks the configuration before anything is served (the production switch
 * refuses to start while a default password remains), warns loudly about development defaults,
 * marks the application ready for {@code /health/ready}, and closes every session on shutdown.
 */
@ApplicationScoped
public class Lifecycle {
  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

  @Inject SessionSettings settings;
  @Inject DeploymentSettings deployment;
  @Inject Supplier<SecurityStore> store;
  @Inject SessionRegistry registry;

  /** Injected so that, clustered, the whole topic tree is loaded from the grid before ready. */
  @Inject TopicReplication topics;

  private volatile boolean ready;
  private final long startedAt = System.currentTimeMillis();

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    dev.osmosis.transport.websocket.WebSocketWrites.removeByteProbes(
        OsmosisConfig.removeWebSocketByteProbes());
    dev.osmosis.protocol.DeflatedMessages.shared().threshold(OsmosisConfig.compressionThreshold());
    List<String> defaults = checkProduction(deployment, store.get());
    if (!deployment.production()) {
      LOG.log(
          System.Logger.Level.WARNING,
          """

          ************************************************************************************
          * OSMOSIS IS RUNNING WITH DEVELOPMENT DEFAULTS. Do not expose this server.          *
          * Anonymous sessions get role CLIENT; principals with the default password: {0}
          * Set osmosis.production=true and replace the security store (docs/SECURITY.md).   *
          ************************************************************************************""",
          defaults);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "Osmosis server \"{0}\" ready: WebSocket /osmosis, admin API /api/v1",
        settings.serverName());
    ready = true;
  }

  /**
   * The production switch: with {@code osmosis.production=true} the server refuses to start while
   * any principal still has a default password.
   *
   * @return the principals that still have a default password (allowed outside production)
   * @throws IllegalStateException naming them, in production
   */
  static List<String> checkProduction(DeploymentSettings settings, SecurityStore store) {
    List<String> defaults =
        store.principalsWithDefaultPassword(SecurityStoreFile.DEFAULT_PASSWORDS);
    if (settings.production() && !defaults.isEmpty()) {
      String message =
          "osmosis.production=true but principals "
              + defaults
              + " still have a default password: change them in the security store (docs/SECURITY.md;"
              + " it is in the database: docs/PERSISTENCE.md, re-seeding). Refusing to start.";
      LOG.log(System.Logger.Level.ERROR, message);
      throw new IllegalStateException(message);
    }
    return defaults;
  }

  /**
   * The store the server runs with: as loaded, except that in production anonymous sessions are
   * refused unless {@code allowAnonymous} ({@code osmosis.allowAnonymousInProduction}) says
   * otherwise — the shipped store allows them, a development default an operator could easily keep
   * by mistake.
   */
  static SecurityStore productionStore(
      DeploymentSettings settings, boolean allowAnonymous, SecurityStore loaded) {
    if (!settings.production() || allowAnonymous || !loaded.anonymous().allowed()) {
      return loaded;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "osmosis.production=true: anonymous sessions are refused (the security store"
            + " allows them; set osmosis.allowAnonymousInProduction=true to keep them)");
    return loaded.withAnonymous(AnonymousPolicy.DENIED);
  }

  @PreDestroy
  void stop() {
    ready = false;
    for (Session session : List.copyOf(registry.all())) {
      session.close(CloseReason.CLOSED_BY_SERVER, "the server is shutting down");
    }
    // static timer threads would otherwise outlive the application and pin its class loader
    // (redeploy leak)
    dev.osmosis.subscribe.MissingTopicHandlers.shutdownDefaultTimer();
    dev.osmosis.transport.websocket.LiveConnections.stopTimers();
  }

  public boolean isReady() {
    return ready;
  }

  public long startedAt() {
    return startedAt;
  }
}
