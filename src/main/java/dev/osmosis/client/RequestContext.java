package dev.osmosis.client;

import java.util.Map;

/** Who sent a request to a {@link RequestHandler}, and where. */
public interface RequestContext {

  /** The requesting session. */
  SessionId getSessionId();

  /** The path the request was sent to (the handler's path or a path below it). */
  String getPath();

  /** The requester's session properties the handler asked for when it registered (unmodifiable). */
  Map<String, String> getSessionProperties();
}
