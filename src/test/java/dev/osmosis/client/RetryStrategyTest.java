package dev.osmosis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osmosis.wire.CloseReason;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Seed 002's initial session establishment retry strategy against a port nobody listens on. */
class RetryStrategyTest {

  @Test
  void open_whenServerUnreachable_thenRetriesThenFails() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    long start = System.nanoTime();
    SessionEstablishmentException e =
        assertThrows(
            SessionEstablishmentException.class,
            () ->
                Osmosis.sessions()
                    .initialRetryStrategy(new RetryStrategy(100, 3))
                    .open("ws://127.0.0.1:" + port));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(CloseReason.CONNECTION_ERROR, e.getCloseReason());
    assertTrue(millis >= 300, "three retries 100 ms apart took " + millis + " ms");
  }

  @Test
  void retryStrategy_whenNegative_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RetryStrategy(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RetryStrategy(1, -1));
  }
}
