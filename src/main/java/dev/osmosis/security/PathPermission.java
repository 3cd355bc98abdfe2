package dev.osmosis.security;

/**
 * Permissions that apply at a path (a topic path, or the path a message is sent to). Which roles
 * hold one at a given path is decided by the nearest path assignment of each role; see {@link
 * SecurityPolicy}. Names follow Diffusion's.
 */
public enum PathPermission {
  /** Use a selector that can match the path (subscribe, fetch); see also {@link #READ_TOPIC}. */
  SELECT_TOPIC,
  /** Receive the topic's value: a subscription needs both SELECT_TOPIC and READ_TOPIC. */
  READ_TOPIC,
  /** Set the value of an existing topic. */
  UPDATE_TOPIC,
  /** Add and remove topics. */
  MODIFY_TOPIC,
  /** Send a request to a handler registered at the path. */
  SEND_TO_MESSAGE_HANDLER,
  /** Send a request to a session through the path. */
  SEND_TO_SESSION,
  /** Acquire the session lock named by the path. */
  ACQUIRE_LOCK,
  /**
   * Diffusion's permission to expose a branch of the topic tree as a session tree (branch mapping
   * tables). Osmosis has no session trees, so nothing checks it and it grants nothing; it makes no
   * topic visible: fetch shows the topics a session may READ_TOPIC, topic notifications the topics
   * it may SELECT_TOPIC. Accepted so that stores and scripts naming it still load:
   * docs/SECURITY.md.
   */
  EXPOSE_BRANCH,
  /** Query time series events that have been edited away. */
  QUERY_OBSOLETE_TIME_SERIES_EVENTS,
  /** Edit any event of a time series topic. */
  EDIT_TIME_SERIES_EVENTS,
  /** Edit time series events the same principal wrote. */
  EDIT_OWN_TIME_SERIES_EVENTS
}
