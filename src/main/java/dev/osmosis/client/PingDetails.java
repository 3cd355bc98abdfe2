package dev.osmosis.client;

import java.time.Duration;
import java.time.Instant;

/**
 * The result of {@link Session#pingServer()}.
 *
 * @param timestamp the server's clock when it answered the ping
 * @param roundTripTime the time from sending the ping to receiving its answer, measured with the
 *     client's monotonic clock
 */
public record PingDetails(Instant timestamp, Duration roundTripTime) {}
