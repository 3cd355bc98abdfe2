package dev.osmosis.client;

import static java.lang.System.Logger.Level.DEBUG;

import dev.osmosis.client.Session.State;
import dev.osmosis.wire.CloseReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Liveness of one {@link Connection} (issue 6 item 4): no message from the server for the
 * configured time means the connection is dead (a half-open TCP connection): drop it and reconnect.
 * The server pings idle connections, so a live connection is never silent that long.
 */
final class Liveness {

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());

  private final Connection connection;
  private final Duration limit;
  private volatile long lastInbound = System.nanoTime();

  Liveness(Connection connection, Duration limit) {
    this.connection = connection;
    this.limit = limit;
  }

  /** Something arrived from the server, or a new transport opened: the silence starts again. */
  void touch() {
    lastInbound = System.nanoTime();
  }

  /**
   * Checks a quarter of the limit apart while the session lives; not at all if off or not
   * sequenced.
   */
  void start(boolean sequenced) {
    if (limit.isZero() || !sequenced) {
      return;
    }
    long period = Math.max(100, limit.toMillis() / 4);
    CompletableFuture.delayedExecutor(period, TimeUnit.MILLISECONDS, connection.events())
        .execute(
            () -> {
              State state = connection.getState();
              if (state.isClosed()) {
                return;
              }
              if (state == State.CONNECTED_ACTIVE
                  && System.nanoTime() - lastInbound > limit.toNanos()) {
                LOG.log(DEBUG, "No traffic from the server for {0}: connection lost", limit);
                connection.lost(
                    CloseReason.CONNECTION_ERROR,
                    false,
                    "no traffic from the server for " + limit,
                    null);
              }
              start(connection.isSequenced());
            });
  }
}
