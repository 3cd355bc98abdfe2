package dev.osmosis.connection;

/**
 * Per-session bounds of the protocol beyond {@link ConnectionSettings}: bytes queued for a client,
 * fetches waiting to be written, invalid messages, registrations (docs/PROTOCOL.md,
 * docs/SECURITY.md "Limits").
 *
 * @param maxOutboundBytes most characters of messages queued for one connection (besides the
 *     message count limit); past it the session closes as a slow consumer
 *     (MESSAGE_QUEUE_LIMIT_REACHED)
 * @param maxRecoveryBytes most characters a sequenced session keeps unacknowledged; past it
 *     LOST_MESSAGES
 * @param maxFetchesInFlight most fetch answers of one session queued and not yet handed to the
 *     transport; a fetch past it fails with 4029 LIMIT_EXCEEDED
 * @param maxInvalidMessages most invalid messages a session may send within a minute; the next
 *     closes the session with INVALID_INBOUND_MESSAGE
 * @param maxOutboundFrameBytes an outbound batch (one frame or poll answer of queued messages)
 *     stops growing past this many characters; a single larger message still goes alone. Not the
 *     inbound limit ({@code osmosis.maxMessageSize}), though both default to 64 KiB
 * @param maxRegistrationsPerSession most request handlers, missing-topic handlers, notification
 *     selections and session properties listeners one session holds, together ({@link
 *     RegistrationLimit}); one more fails with 4029 LIMIT_EXCEEDED
 */
public record SessionLimits(
    long maxOutboundBytes,
    long maxRecoveryBytes,
    int maxFetchesInFlight,
    int maxInvalidMessages,
    int maxOutboundFrameBytes,
    int maxRegistrationsPerSession) {

  /** With the default {@link #maxRegistrationsPerSession}. */
  public SessionLimits(
      long maxOutboundBytes,
      long maxRecoveryBytes,
      int maxFetchesInFlight,
      int maxInvalidMessages,
      int maxOutboundFrameBytes) {
    this(
        maxOutboundBytes,
        maxRecoveryBytes,
        maxFetchesInFlight,
        maxInvalidMessages,
        maxOutboundFrameBytes,
        DEFAULT_MAX_REGISTRATIONS);
  }

  private static final int DEFAULT_MAX_REGISTRATIONS = 1000;

  /** What {@link #maxInvalidMessages} counts over, in milliseconds. */
  public static final long INVALID_MESSAGE_WINDOW_MILLIS = 60_000;

  public static SessionLimits defaults() {
    // 8 fetch answers of up to 1 MiB fit the 16 MiB outbound budget: a client fetching without
    // reading gets 4029s
    // before it is closed as a slow consumer
    return new SessionLimits(16L << 20, 32L << 20, 8, 100, 65536, DEFAULT_MAX_REGISTRATIONS);
  }
}
