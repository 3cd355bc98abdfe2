package dev.osmosis.client;

/** Why this session was unsubscribed from a topic (PROTOCOL.md §9 {@code unsubscribe}). */
public enum UnsubscribeReason {
  /** This session's {@code unselect}. */
  REQUESTED,
  /** Another session unsubscribed it. */
  CONTROL,
  /** The topic was removed. */
  REMOVAL,
  /** The session lost READ_TOPIC on the topic. */
  AUTHORIZATION,
  /** A reason this client version does not know (a later server's), or none given. */
  UNKNOWN;

  /** The reason with this name; {@link #UNKNOWN} for any other name or {@code null}. */
  public static UnsubscribeReason fromName(String name) {
    for (UnsubscribeReason reason : values()) {
      if (reason != UNKNOWN && reason.name().equals(name)) {
        return reason;
      }
    }
    return UNKNOWN;
  }
}
