package dev.osmosis.it;

import dev.osmosis.client.Osmosis;
import dev.osmosis.client.RetryStrategy;
import dev.osmosis.client.SessionFactory;

/**
 * The Java client's session factory as the integration tests use it: one that retries an opening
 * whose WebSocket handshake got no answer (the client's initial retry strategy, seed 002), twice.
 *
 * <p>Why: Payara Micro's HTTP layer (Grizzly) could fail a new connection's request with a {@code
 * GRIZZLY0013} NullPointerException and never answer it when the server had just closed another
 * WebSocket from its own thread (docs/TESTING.md, "Known container issue"); {@code ServerCloses}
 * now leaves such closes to the client's answer, but its standard close after the grace keeps a
 * small window. A refusal (wrong password, HTTP status) is never retried, so every assertion about
 * refusals still holds.
 */
final class ItSessions {

  private ItSessions() {}

  static SessionFactory sessions() {
    return Osmosis.sessions().initialRetryStrategy(new RetryStrategy(200, 2));
  }
}
