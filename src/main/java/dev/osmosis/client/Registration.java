package dev.osmosis.client;

import java.util.concurrent.CompletableFuture;

/** A registration with the server, such as a session properties listener, that can be ended. */
public interface Registration {

  /**
   * Ends the registration: no event is delivered after this call, the server is told, and the
   * listener's {@code onClose()} is called once the server has answered. The future completes when
   * the server has removed it, or at once if the registration has already ended (closed before, or
   * its session closed). Idempotent.
   */
  CompletableFuture<Void> close();
}
