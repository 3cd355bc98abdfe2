package dev.osmosis.transport.poll;

import java.time.Duration;

/**
 * HTTP long polling (payara-config/osmosis.properties, docs/PROTOCOL.md §13).
 *
 * @param pollHold how long a long poll is held before an empty answer (204); a polling connection
 *     with no poll for this plus 10 s is dropped ({@code osmosis.pollHoldMillis})
 * @param maxPollConnectionsPerAddress most polling connections open at once from one remote address
 *     ({@code osmosis.maxPollConnectionsPerAddress})
 */
public record PollSettings(Duration pollHold, int maxPollConnectionsPerAddress) {

  public static PollSettings defaults() {
    return new PollSettings(Duration.ofSeconds(25), 100);
  }
}
