package dev.osmosis.platform;

import dev.osmosis.durable.TopicJournal;
import dev.osmosis.durable.TopicStore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The write-behind of persistent topics (docs/PERSISTENCE.md): one {@link TopicJournal} on the
 * database's {@link TopicStore}, its flusher on a container-managed thread (the store's
 * transactions need one), flushed when the application stops (before its beans go).
 */
@ApplicationScoped
public class PersistenceProducer {
  private static final System.Logger LOG = System.getLogger(PersistenceProducer.class.getName());

  @Resource ManagedThreadFactory threads;

  @Produces
  @Singleton
  TopicJournal journal(TopicStore store) {
    OsmosisConfig.PersistenceSettings settings = OsmosisConfig.persistence();
    TopicJournal journal =
        new TopicJournal(
            store, settings.flushMillis(), settings.maxBacklog(), settings.sliceRows(), threads);
    journal.start();
    LOG.log(
        System.Logger.Level.INFO,
        "persistent topics written behind within {0} ms, at most {2} per transaction (backlog up"
            + " to {1} topics)",
        settings.flushMillis(),
        settings.maxBacklog(),
        settings.sliceRows());
    return journal;
  }

  /**
   * The orderly stop writes what is pending while every bean still works: before the application
   * context goes (at the disposal the store's entity manager may be gone already).
   */
  void flushAtStop(
      @Observes @BeforeDestroyed(ApplicationScoped.class) Object event, TopicJournal journal) {
    journal.close();
  }

  void close(@Disposes TopicJournal journal) {
    journal.close(); // anything that came after the stop's flush, if the store still works
  }
}
