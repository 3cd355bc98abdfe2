package dev.osmosis.message;

import dev.osmosis.wire.ErrorCode;

/**
 * Where the end of one request goes: exactly one of the two methods is called, once, on whichever
 * thread ends the request (the responder's, the sweeper's, a closing session's). Implementations
 * only enqueue.
 */
public interface Reply {
  void response(Payload response);

  void error(ErrorCode code, String message);
}
