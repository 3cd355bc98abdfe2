package dev.osmosis.transport;

import dev.osmosis.cluster.SessionReplication;
import dev.osmosis.connection.ClientConnection;
import dev.osmosis.connection.ConnectionSettings;
import dev.osmosis.connection.MessagingProtocol;
import dev.osmosis.connection.SessionLimits;
import dev.osmosis.control.ClientControl;
import dev.osmosis.control.SecurityControl;
import dev.osmosis.metrics.MetricCollectors;
import dev.osmosis.security.SecurityStore;
import dev.osmosis.session.Connection;
import dev.osmosis.session.Sessions;
import dev.osmosis.session.Transport;
import dev.osmosis.subscribe.Subscriptions;
import dev.osmosis.subscribe.TopicControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Builds the protocol state machine of a new client connection, the same for every transport: the
 * WebSocket endpoint and the HTTP polling resource each adapt their transport into a {@link
 * Connection} and ask here for its {@link ClientConnection}, wired to the server's sessions,
 * topics, messaging, security administration, metric collectors, limits, login threads and writer
 * threads (for the reconnect hand-off).
 */
@ApplicationScoped
public class ClientConnectionFactory {
  @Inject Sessions sessions;
  @Inject ClientControl control;
  @Inject Subscriptions subscriptions;
  @Inject TopicControl topics;
  @Inject Clock clock;
  @Inject MessagingProtocol messaging;
  @Inject SessionLimits limits;
  @Inject ConnectionSettings settings;
  @Inject WriterPool writers;
  @Inject LoginPool logins;
  @Inject SessionReplication replication;
  @Inject SecurityControl security;
  @Inject MetricCollectors collectors;
  @Inject Supplier<SecurityStore> store;

  /** A new client connection over {@code connection}, speaking protocol v1 on {@code transport}. */
  public ClientConnection create(Connection connection, Transport transport) {
    return new ClientConnection(
            sessions, control, subscriptions, topics, connection, transport, clock)
        .messaging(messaging)
        .security(security)
        .metrics(collectors, store)
        .reconnectable(writers.executor())
        .logins(logins.executor())
        .limits(limits)
        .settings(settings)
        .replication(replication);
  }
}
