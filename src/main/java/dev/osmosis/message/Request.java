package dev.osmosis.message;

import dev.osmosis.session.SessionId;
import java.util.Map;

/**
 * A request as delivered to the session that must answer it.
 *
 * @param rid the server-chosen id the response must carry
 * @param path the path the request was sent to
 * @param handler the branch of the handler it reaches, or null for a request to the session (its
 *     request stream)
 * @param sender the requesting session
 * @param properties the sender's properties the handler asked for (empty for a request stream)
 * @param payload the request value
 */
public record Request(
    long rid,
    String path,
    String handler,
    SessionId sender,
    Map<String, String> properties,
    Payload payload) {}
