package dev.osmosis.protocol;

import java.util.Map;

/** The messages a client sends (docs/PROTOCOL.md §2). Decoded by {@link FrameCodec}; immutable. */
public sealed interface ClientFrame {

  /** The correlation id of a request, or 0 for a message that expects no answer. */
  default long id() {
    return 0;
  }

  /** The handshake. {@code principal} is null for an anonymous session. */
  record Connect(
      int version,
      String clientType,
      String principal,
      String credentials,
      Map<String, String> properties,
      long reconnectTimeout)
      implements ClientFrame {}

  record Ping(long id) implements ClientFrame {}

  record ChangePrincipal(long id, String principal, String credentials) implements ClientFrame {}

  record Close() implements ClientFrame {}

  /** A message that could not be decoded; {@code id} is its correlation id when one could be read, else 0. */
  record Invalid(long id, ErrorCode code, String message) implements ClientFrame {}
}
