package dev.osmosis.client;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session selected topics that do not exist in a handled branch. The requesting session's select
 * completes when this is answered (or the server's timeout, 10 s, passes). Answer once; later
 * answers are ignored. Thread-safe.
 */
public final class MissingTopicNotification {

  private final Connection connection;
  private final long rid;
  private final String branch;
  private final String selector;
  private final String path;
  private final SessionId sessionId;
  private final Map<String, String> sessionProperties;
  private final AtomicBoolean answered = new AtomicBoolean();

  MissingTopicNotification(
      Connection connection,
      long rid,
      String branch,
      String selector,
      String path,
      SessionId sessionId,
      Map<String, String> sessionProperties) {
    this.connection = connection;
    this.rid = rid;
    this.branch = branch;
    this.selector = selector;
    this.path = path;
    this.sessionId = sessionId;
    this.sessionProperties = sessionProperties;
  }

  /** The selector as the requesting session gave it. */
  public String selector() {
    return selector;
  }

  /** The selector's literal path prefix: for a path selector, the path of the missing topic. */
  public String path() {
    return path;
  }

  /** The branch this handler was registered for. */
  public String branch() {
    return branch;
  }

  /** The requesting session. */
  public SessionId sessionId() {
    return sessionId;
  }

  /**
   * The requesting session's properties the handler registered for (unmodifiable; empty if none).
   */
  public Map<String, String> sessionProperties() {
    return sessionProperties;
  }

  /**
   * Lets the select complete; call it after adding the topic, and the requesting session, whose
   * selection persists, is subscribed to it by then.
   */
  public void proceed() {
    answer("PROCEED");
  }

  /**
   * Lets the select complete without a topic; the requester's selection still stands for topics
   * added later.
   */
  public void cancel() {
    answer("CANCEL");
  }

  boolean isAnswered() {
    return answered.get();
  }

  private void answer(String action) {
    if (answered.compareAndSet(false, true)) {
      Map<String, Object> message = Messages.message("missingTopicResponse");
      message.put("rid", rid);
      message.put("action", action);
      connection.send(message);
    }
  }

  @Override
  public String toString() {
    return "MissingTopicNotification[" + selector + " from " + sessionId + "]";
  }
}
