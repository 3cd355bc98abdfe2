package dev.osmosis.cluster;

import java.util.List;

/**
 * What a session registered at the server besides its topic selections, kept with its record for
 * fail-over (docs/RECONNECTION.md): the node that resumes the session after its node died makes
 * them again, so that its client's handlers and listeners go on being called. Request streams are
 * not here: the server does not track them (a request to a session reaches its client, which routes
 * it by path).
 *
 * @param requestHandlers the path branches it handles requests for, with the sender properties
 *     wanted
 * @param missingTopicHandlers the branches it handles missing topics for, with the requester
 *     properties wanted
 * @param notificationSelections the canonical expressions of its topic notification selections
 * @param sessionListeners its session properties listeners: their ids (the registering request's)
 *     and property keys
 */
public record SessionRegistrations(
    List<Handler> requestHandlers,
    List<Handler> missingTopicHandlers,
    List<String> notificationSelections,
    List<Listener> sessionListeners) {

  /** A handler of a path branch and the property keys it asked for. */
  public record Handler(String path, List<String> keys) {
    public Handler {
      keys = List.copyOf(keys);
    }
  }

  /** A session properties listener: the id its events carry and the property keys it selects. */
  public record Listener(long id, List<String> keys) {
    public Listener {
      keys = List.copyOf(keys);
    }
  }

  /** Nothing registered. */
  public static final SessionRegistrations NONE =
      new SessionRegistrations(List.of(), List.of(), List.of(), List.of());

  public SessionRegistrations {
    requestHandlers = List.copyOf(requestHandlers);
    missingTopicHandlers = List.copyOf(missingTopicHandlers);
    notificationSelections = List.copyOf(notificationSelections);
    sessionListeners = List.copyOf(sessionListeners);
  }

  public boolean isEmpty() {
    return requestHandlers.isEmpty()
        && missingTopicHandlers.isEmpty()
        && notificationSelections.isEmpty()
        && sessionListeners.isEmpty();
  }
}
