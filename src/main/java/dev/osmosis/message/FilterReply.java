package dev.osmosis.message;

import dev.osmosis.session.SessionId;
import dev.osmosis.wire.ErrorCode;

/**
 * Where the ends of a request to a filter go: {@link #count} first, once, then for each addressed
 * session exactly one {@link #response} or {@link #error}. Implementations only enqueue.
 */
public interface FilterReply {
  void count(int sessions);

  void response(SessionId session, Payload response);

  void error(SessionId session, ErrorCode code, String message);
}
