package dev.osmosis.platform;

import dev.osmosis.filter.SessionFilters;
import dev.osmosis.lock.SessionLocks;
import dev.osmosis.message.Messaging;
import dev.osmosis.protocol.MessagingProtocol;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.ServerSettings;
import dev.osmosis.session.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Wires request/response messaging and session locks into CDI, and runs the one periodic sweep that ends
 * requests past their timeout (every {@value #SWEEP_MILLIS} ms, so a timeout fires at most that late).
 */
@ApplicationScoped
public class MessagingProducer {
  private static final System.Logger LOG = System.getLogger(MessagingProducer.class.getName());
  static final long SWEEP_MILLIS = 1000;

  @Resource ManagedScheduledExecutorService scheduler;
  private volatile ScheduledFuture<?> sweeper;

  @Produces
  @Singleton
  Messaging messaging(ServerSettings settings, SessionRegistry registry, SessionFilters filters,
      Supplier<SecurityStore> store, Clock clock) {
    return new Messaging(registry, filters, store, MessagingProtocol.sender(), clock, settings.requestTimeout(),
        settings.maxPendingRequests());
  }

  @Produces
  @Singleton
  SessionLocks sessionLocks(ServerSettings settings, Supplier<SecurityStore> store) {
    return new SessionLocks(store, settings.maxPendingRequests());
  }

  @Produces
  @Singleton
  MessagingProtocol messagingProtocol(Messaging messaging, SessionLocks locks) {
    return new MessagingProtocol(messaging, locks);
  }

  void start(@Observes @Initialized(ApplicationScoped.class) Object event, Messaging messaging) {
    sweeper = scheduler.scheduleWithFixedDelay(() -> {
      try {
        messaging.sweep();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "the request timeout sweep failed", e);
      }
    }, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    ScheduledFuture<?> running = sweeper;
    if (running != null) {
      running.cancel(false);
    }
  }
}
