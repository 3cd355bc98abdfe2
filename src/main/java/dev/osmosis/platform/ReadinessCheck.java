package dev.osmosis.platform;

import dev.osmosis.durable.TopicJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready} is UP only once {@link Lifecycle} has checked the configuration and
 * started, and while the persistence of topics has lost nothing. Its data say how persistence is
 * (docs/PERSISTENCE.md "Failures while running"): {@code persistence} OK, DEGRADED (the database
 * fails: changes wait in the bounded backlog and are retried; the server stays UP, updates keep
 * flowing) or DOWN (changes were dropped: the backlog was full), with {@code persistenceReason},
 * {@code persistenceBacklog} and {@code persistenceDropped}.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject Lifecycle lifecycle;
  @Inject TopicJournal journal;

  @Override
  public HealthCheckResponse call() {
    TopicJournal.Health health = journal.health();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("osmosis")
            .status(lifecycle.isReady() && health.state() != TopicJournal.State.DOWN)
            .withData("persistence", health.state().name())
            .withData("persistenceBacklog", health.backlog())
            .withData("persistenceDropped", health.dropped());
    if (health.reason() != null) {
      response.withData("persistenceReason", health.reason());
    }
    return response.build();
  }
}
