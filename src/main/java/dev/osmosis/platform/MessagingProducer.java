package dev.osmosis.platform;

import dev.osmosis.connection.MessagingProtocol;
import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.LockTable;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.message.MissingTopicRoutes;
import dev.osmosis.message.NodeRelay;
import dev.osmosis.message.RequestSettings;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.SessionRegistry;
import dev.osmosis.subscribe.Subscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Wires request/response messaging and session locks into CDI (the locks' table, local or on the
 * grid, comes from {@code grid.LockTableProducer}). {@link ExpirySweeper}'s EJB timer ends requests
 * past their timeout.
 */
@ApplicationScoped
public class MessagingProducer {
  @Produces
  @Singleton
  RequestSettings requestSettings() {
    return OsmosisConfig.requestSettings();
  }

  @Produces
  @Singleton
  Messaging messaging(
      RequestSettings settings,
      SessionRegistry registry,
      SessionFilters filters,
      Supplier<SecurityStore> store,
      Clock clock,
      NodeRelay relay,
      Subscriptions subscriptions) {
    Messaging messaging =
        new Messaging(
            registry,
            filters,
            store,
            MessagingProtocol.sender(),
            clock,
            settings.requestTimeout(),
            settings.maxPendingRequests(),
            relay);
    MissingTopicRoutes.connect(messaging, subscriptions.missingTopicHandlers());
    return messaging;
  }

  @Produces
  @Singleton
  SessionLocks sessionLocks(LockTable table, Supplier<SecurityStore> store) {
    return new SessionLocks(store, table);
  }

  @Produces
  @Singleton
  MessagingProtocol messagingProtocol(Messaging messaging, SessionLocks locks) {
    return new MessagingProtocol(messaging, locks);
  }
}
